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
};

export type TaskName = keyof TaskPayloads;
