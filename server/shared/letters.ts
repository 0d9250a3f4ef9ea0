/** Letter vocabulary shared by the schema, the rules and the UI. */
export const urgencies = ['normal', 'urgent', 'very_urgent', 'most_urgent'] as const;
export type Urgency = (typeof urgencies)[number];

/** ลับที่สุด (top_secret) exists so that it can be refused by name; it never enters the system. */
export const secrecies = ['normal', 'confidential', 'secret', 'top_secret'] as const;
export type Secrecy = (typeof secrecies)[number];

export const intakeChannels = ['paper', 'platform', 'email', 'exchange'] as const;
export type IntakeChannel = (typeof intakeChannels)[number];

/** Urgent letters sort first (ด่วนที่สุด, ด่วนมาก, ด่วน). */
export const urgencyRank: Record<Urgency, number> = { most_urgent: 0, very_urgent: 1, urgent: 2, normal: 3 };
