/**
 * Every action the audit log records, and what an entry is about: closed lists, so an
 * action nobody can read (no Thai and English label) cannot be written. Labels live in
 * app/i18n/messages (audit.<action with _ for .>, auditTargets.<target>); a test checks each.
 */
export const auditActions = [
  'agency.certificate_imported', 'agency.created', 'agency.disabled', 'agency.enabled', 'agency.review_chain_set', 'agency.settings_changed',
  'auth.sign_in_failed', 'auth.signed_in', 'auth.step_up', 'auth.step_up_failed',
  'classified.downloaded', 'classified.key_created', 'classified.opened', 'classified.printed', 'classified.recovered', 'classified.recovery_key_created',
  'classified.unlock_failed', 'classified.unlocked', 'classified.unwrap_failed', 'classified.unwrapped', 'classified.wrapped',
  'clearance.approved', 'clearance.rejected', 'clearance.requested',
  'delivery.confirmed', 'delivery.delivered', 'delivery.failed', 'delivery.registered', 'delivery.returned',
  'exchange.arrival_retried', 'exchange.connection_saved', 'exchange.directory_refreshed', 'exchange.letter_sent', 'exchange.letter_withdrawn', 'exchange.letter_resent', 'exchange.notice_sent', 'exchange.notice_received',
  'disposal.committee_appointed', 'disposal.decided', 'disposal.destroyed', 'disposal.destruction_started', 'disposal.prepared', 'disposal.reviewed', 'disposal.submitted',
  'inbox.reminder_sent',
  'keeping.class_changed', 'keeping.held', 'keeping.import_started', 'keeping.released', 'keeping.transfer_started', 'keeping.rules_saved',
  'letter.acknowledged', 'letter.action_recorded', 'letter.closed', 'letter.corrected', 'letter.destroyed', 'letter.endorsed', 'letter.imported', 'letter.part_closed', 'letter.passed', 'letter.received',
  'letter.registered', 'letter.registration_cancelled', 'letter.rejected', 'letter.return_notice_sent', 'letter.returned', 'letter.routed', 'letter.stamped', 'letter.text_corrected',
  'mailbox.created', 'mailbox.updated',
  'outgoing.approved', 'outgoing.attached', 'outgoing.detached', 'outgoing.drafted', 'outgoing.number_reserved', 'outgoing.paper_attached', 'outgoing.rejected',
  'outgoing.reservation_cancelled', 'outgoing.returned', 'outgoing.revised',
  'outgoing.sent', 'outgoing.signed', 'outgoing.submitted', 'outgoing.superseded',
  'person.clearance_changed', 'person.created', 'person.disabled', 'person.enabled', 'person.password_changed', 'person.password_reset',
  'person.permissions_changed', 'person.roles_changed', 'person.updated',
  'register.exported',
  'smtp.saved', 'unit.created', 'unit.updated',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditTargets = ['letter', 'outgoing', 'delivery', 'user', 'unit', 'tenant', 'mailbox', 'intake', 'inbox', 'register', 'disposal'] as const;
export type AuditTarget = (typeof auditTargets)[number];

/** The key of an action's label in the message catalogues. */
export const auditLabelKey = (action: string) => action.replace(/\./g, '_');
