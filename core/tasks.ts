/** Every background task and its payload (the tenant is added by app_enqueue as `tenantId`). */
export type TaskPayloads = {
  'letter.stamp-receipt': { letterId: string };
  'letter.ocr': { letterId: string; fileId: string };
  'letter.acknowledge': { letterId: string };
  'mail.poll': { mailboxId: string };
  'delivery.deliver': { deliveryId: string };
  'delivery.report-registration': { letterId: string };
  'mail.fetch-resend': { emailId: string };
  'delivery.email': { deliveryId: string };
  'letter.classified-notice': { letterId: string };
  'audit.verify': Record<string, never>;
  'register.export': { exportId: string };
  'delivery.report-return': { letterId: string };
  'letter.return-notice': { letterId: string };
  'disposal.prepare': { year: number; byUserId: string; byName: string };
  'disposal.document': { listId: string };
  'disposal.destroy': { listId: string };
  'keeping.remove-objects': Record<string, never>;
  'archive.import': { importId: string };
  'archive.transfer': { transferId: string };
  'exchange.send': { deliveryId: string };
  'exchange.pull': Record<string, never>;
  'exchange.take': { arrivalId: string };
  'exchange.accept': { letterId: string };
  'exchange.return': { letterId: string };
  'exchange.notice': { kind: 'receive' | 'invalid'; messageId: string; letterNumber: string; ministryId: string; departmentId: string; description: string };
};

export type TaskName = keyof TaskPayloads;

/** The task names as a list (the worker's task list and its test are checked against it). */
export const taskNames = [
  'letter.stamp-receipt', 'letter.ocr', 'letter.acknowledge', 'mail.poll', 'delivery.deliver', 'delivery.report-registration', 'mail.fetch-resend', 'delivery.email', 'letter.classified-notice', 'audit.verify', 'register.export',
  'delivery.report-return', 'letter.return-notice', 'disposal.prepare', 'disposal.document', 'disposal.destroy', 'keeping.remove-objects', 'archive.import', 'archive.transfer',
  'exchange.send', 'exchange.pull', 'exchange.take', 'exchange.accept', 'exchange.return', 'exchange.notice',
] as const satisfies readonly TaskName[];

// Every task name is in the list above (a compile-time check: adding a task to TaskPayloads without listing it fails here).
type Unlisted = Exclude<TaskName, (typeof taskNames)[number]>;
export const everyTaskListed: Unlisted extends never ? true : never = true;
