import type postgres from 'postgres';
import type { TenantTx } from '@/db/scope';
import type { TaskName, TaskPayloads } from '@/core/tasks';

export type EnqueueOptions = { jobKey?: string; runAt?: Date; maxAttempts?: number };

/**
 * The statement that queues a background job in the caller's transaction (transactional
 * outbox): it runs only if that transaction commits. The tenant is stamped by the
 * database from the transaction's scope, never taken from the caller.
 */
export function enqueueStatement<T extends TaskName>(sql: postgres.ReservedSql, task: T, payload: TaskPayloads[T], options: EnqueueOptions = {}) {
  return sql`select app_enqueue(${task}, ${JSON.stringify(payload)}::jsonb, ${options.jobKey ?? null},
    ${options.runAt?.toISOString() ?? null}::timestamptz, ${options.maxAttempts ?? null}::int)`;
}

export async function enqueue<T extends TaskName>(tx: TenantTx, task: T, payload: TaskPayloads[T], options?: EnqueueOptions) {
  await enqueueStatement(tx.$client, task, payload, options);
}
