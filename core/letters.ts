/** Letter vocabulary shared by the schema, the rules, the UI and e-mails; imports nothing of theirs. */
export const urgencies = ['normal', 'urgent', 'very_urgent', 'most_urgent'] as const;
export type Urgency = (typeof urgencies)[number];

/** ลับที่สุด (top_secret) exists so that it can be refused by name; it never enters the system. */
export const secrecies = ['normal', 'confidential', 'secret', 'top_secret'] as const;
export type Secrecy = (typeof secrecies)[number];

export const intakeChannels = ['paper', 'platform', 'email', 'exchange', 'import'] as const;
export type IntakeChannel = (typeof intakeChannels)[number];

/** Urgent letters sort first (ด่วนที่สุด, ด่วนมาก, ด่วน). */
export const urgencyRank: Record<Urgency, number> = { most_urgent: 0, very_urgent: 1, urgent: 2, normal: 3 };

/** The regulation's kinds of letter, with directives, public-relations and evidence letters split into their forms. */
export const letterKinds = [
  'external', 'memo', 'stamped', 'order', 'regulation', 'bylaw', 'announcement', 'statement', 'news', 'certificate', 'minutes', 'note',
] as const;
export type LetterKind = (typeof letterKinds)[number];

/** Receive and send registers, and the separate yearly sequences of circulars (ว), orders and announcements. */
export const registerKinds = ['receive', 'send', 'circular', 'order', 'announcement'] as const;
export type RegisterKind = (typeof registerKinds)[number];

/** An outgoing letter's life: drafted, in review (ตรวจ → ลงนาม), returned or rejected, signed, sent. */
/** `reserved`: a number taken for a letter signed on paper; `paper`: its scan attached; `cancelled`: the reservation withdrawn (the number stays used). */
export const outgoingStates = ['draft', 'in_review', 'returned', 'rejected', 'signed', 'sent', 'reserved', 'paper', 'cancelled'] as const;
export type OutgoingState = (typeof outgoingStates)[number];

/** What an e-mail the service sends is (the outbox shows it by its label). */
export const outgoingEmailKinds = ['receipt_acknowledgement', 'inbox_reminder', 'letter', 'classified_notice', 'letter_returned'] as const;
export type OutgoingEmailKind = (typeof outgoingEmailKinds)[number];

/** How long a register's exported file is kept for the person who asked for it (days). */
export const EXPORT_KEEP_DAYS = 7;
