import type { JobHelpers, Task, TaskList } from 'graphile-worker';
import { z } from 'zod';
import { verifyChainJob } from '@/server/audit/audit-chain';
import { sendClassifiedNotice } from '@/server/classified/classified-notice';
import { acceptExchangeLetter, returnExchangeLetter, sendExchangeNotice } from '@/server/exchange/notices';
import { pullExchange, takeArrival } from '@/server/exchange/receive';
import { sendByExchange } from '@/server/exchange/send-letter';
import { deliverToAgency, reportRegistration, reportReturn } from '@/server/delivery/deliver';
import { sendReturnNotice } from '@/server/registry/return-notice';
import { pollMailbox } from '@/server/intake/poll-mailbox';
import { readLetterText } from '@/server/intake/read-letter-text';
import { fetchResendEmail } from '@/server/intake/resend-inbound';
import { acknowledgeReceipt } from '@/server/registry/acknowledge-receipt';
import { stampReceipt } from '@/server/registry/stamp-receipt';
import { expireOldExports, runRegisterExport } from '@/server/registry/register-export';
import { listActiveAgencyIds } from '@/server/platform/agencies';
import { remindMissedChecks } from '@/server/registry/inbox-checks';
import { deliverByEmail } from '@/server/sending/deliver-email';
import { sweepOrphanedObjects } from '@/server/storage/sweep-orphans';
import { runDueBackup } from '@/server/backup/scheduled-backup';
import { prepareDisposalList, prepareDueLists } from '@/server/keeping/disposal';
import { writeDisposalDocuments } from '@/server/keeping/disposal-document';
import { destroyDisposalList, removeDestroyedObjects } from '@/server/keeping/destroy';
import { runArchiveImport } from '@/server/keeping/archive-import';
import { runTransfer } from '@/server/keeping/transfer';
import type { TaskName } from '@/core/tasks';

const tenantPayload = z.object({ tenantId: z.uuid() });

/** A task whose payload is checked first; a malformed payload fails the job (and is retried, then kept for inspection). */
function task<S extends z.ZodObject>(schema: S, run: (payload: z.infer<S> & { tenantId: string }, helpers: JobHelpers) => Promise<void>): Task {
  const full = tenantPayload.and(schema);
  return async (payload, helpers) => run(full.parse(payload) as z.infer<S> & { tenantId: string }, helpers);
}

export const taskList: Record<TaskName, Task> = {
  'letter.stamp-receipt': task(z.object({ letterId: z.uuid() }), stampReceipt),
  'letter.ocr': task(z.object({ letterId: z.uuid(), fileId: z.uuid() }), readLetterText),
  'letter.acknowledge': task(z.object({ letterId: z.uuid() }), acknowledgeReceipt),
  'mail.poll': task(z.object({ mailboxId: z.uuid() }), pollMailbox),
  'delivery.deliver': task(z.object({ deliveryId: z.uuid() }), deliverToAgency),
  'letter.classified-notice': task(z.object({ letterId: z.uuid() }), sendClassifiedNotice),
  'audit.verify': task(z.object({}), verifyChainJob),
  'delivery.report-registration': task(z.object({ letterId: z.uuid() }), reportRegistration),
  'mail.fetch-resend': task(z.object({ emailId: z.string().min(1).max(200) }), fetchResendEmail),
  'delivery.email': task(z.object({ deliveryId: z.uuid() }), deliverByEmail),
  'register.export': task(z.object({ exportId: z.uuid() }), runRegisterExport),
  'delivery.report-return': task(z.object({ letterId: z.uuid() }), reportReturn),
  'letter.return-notice': task(z.object({ letterId: z.uuid() }), sendReturnNotice),
  'disposal.prepare': task(z.object({ year: z.number().int(), byUserId: z.uuid(), byName: z.string() }), async (p) => {
    await prepareDisposalList(p.tenantId, p.year, { userId: p.byUserId, name: p.byName });
  }),
  'disposal.document': task(z.object({ listId: z.uuid() }), writeDisposalDocuments),
  'disposal.destroy': task(z.object({ listId: z.uuid() }), destroyDisposalList),
  'keeping.remove-objects': task(z.object({}), removeDestroyedObjects),
  'archive.import': task(z.object({ importId: z.uuid() }), runArchiveImport),
  'archive.transfer': task(z.object({ transferId: z.uuid() }), runTransfer),
  'exchange.send': task(z.object({ deliveryId: z.uuid() }), sendByExchange),
  'exchange.pull': task(z.object({}), pullExchange),
  'exchange.take': task(z.object({ arrivalId: z.uuid() }), takeArrival),
  'exchange.accept': task(z.object({ letterId: z.uuid() }), acceptExchangeLetter),
  'exchange.return': task(z.object({ letterId: z.uuid() }), returnExchangeLetter),
  'exchange.notice': task(z.object({
    kind: z.enum(['receive', 'invalid']), messageId: z.string().max(300), letterNumber: z.string().max(300), ministryId: z.string().max(50),
    departmentId: z.string().max(50), description: z.string().max(1000),
  }), sendExchangeNotice),
} satisfies TaskList;

/** Platform-wide scheduled tasks (graphile-worker cron): each then works agency by agency, with that agency's scope. */
export const scheduledTasks: TaskList = {
  'keeping:yearly-lists': async () => {
    await prepareDueLists((await listActiveAgencyIds()).map((a) => a.id));
  },
  'inbox:remind-all': async () => {
    for (const agency of await listActiveAgencyIds()) await remindMissedChecks(agency.id);
  },
  'storage:sweep-all': async () => {
    for (const agency of await listActiveAgencyIds()) {
      // One agency's failure (the store busy or down) leaves the others swept; it is tried again the next night.
      try {
        const removed = await sweepOrphanedObjects(agency.id);
        if (removed.length > 0) console.log(`[jobs] removed ${removed.length} unrecorded upload(s) of agency ${agency.id}`);
        await expireOldExports(agency.id);
      } catch (error) {
        console.error(`[jobs] the storage sweep of agency ${agency.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  },
};

/** Platform-wide scheduled tasks that work as the database owner (a backup dumps the whole database). */
export function ownerTasks(ownerUrl: string): TaskList {
  return {
    'backup:when-due': async () => {
      await runDueBackup(ownerUrl);
    },
  };
}

/**
 * Every minute: a backup, if one is due or the platform operator asked for one (server/backup/scheduled-backup.ts).
 * Every five minutes: reminders for the twice-daily inbox check (electronic rule 4.1.2).
 * Nightly at 02:30 (server time): removal of uploads that were stored but never recorded, and of
 * register exports past their keeping time.
 * Daily at 01:15: each agency's disposal list of the year just ended, from 1 January for the
 * regulation's 60 days, if it has none yet (server/keeping/disposal.ts).
 */
export const crontab = '* * * * * backup:when-due ?max=1\n*/5 * * * * inbox:remind-all ?max=1\n30 2 * * * storage:sweep-all ?max=1\n15 1 * * * keeping:yearly-lists ?max=1\n';
