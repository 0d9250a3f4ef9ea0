import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { AppError } from '@/core/errors';
import type { LayoutTask } from './layout-task';

/**
 * Letter layout for the live preview runs on worker threads (piscina), never on the thread
 * that answers requests: a large letter takes a second or more to lay out and draw, and on
 * that thread every other request (and the health check) would wait for it. The threads
 * are few (the machine's cores less one, at least one) and a person may have only
 * PER_PERSON previews in progress at once; a further one is refused at once, not queued.
 */
export const PER_PERSON = 2;

let pool: Piscina | undefined;
const inProgress = new Map<string, number>();

function layoutPool() {
  pool ??= new Piscina({
    filename: path.join(process.cwd(), 'server', 'documents', 'layout-worker.mjs'),
    maxThreads: Math.max(1, availableParallelism() - 1),
    minThreads: 0,
    idleTimeout: 60_000,
    // A bounded queue: past it the platform is saturated and says so.
    maxQueue: 64,
  });
  return pool;
}

/** A letter's pages as PNG data URLs, laid out and drawn off the request thread, within the person's bound. */
export async function previewLetterPages(person: string, task: LayoutTask, options: { dpi: number; maxPages: number }): Promise<string[]> {
  const running = inProgress.get(person) ?? 0;
  if (running >= PER_PERSON) throw new AppError('too_many_requests');
  inProgress.set(person, running + 1);
  try {
    return await layoutPool().run({ ...task, ...options });
  } catch (error) {
    if (error instanceof Error && /queue is full/i.test(error.message)) throw new AppError('server_busy');
    throw error;
  } finally {
    const left = (inProgress.get(person) ?? 1) - 1;
    if (left > 0) inProgress.set(person, left);
    else inProgress.delete(person);
  }
}

export async function closeLayoutPool() {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
