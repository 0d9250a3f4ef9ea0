/**
 * Keeping letters for their lawful time (ระเบียบฯ ว่าด้วยงานสารบรรณ, หมวด ๔ การเก็บรักษา ยืม และทำลาย):
 * retention classes, the yearly disposal list's life and its committee, plain rules with no I/O.
 */

/**
 * How long a letter is kept: `routine` at least 1 year, `financial` 5, `standard` 10 (the rule
 * when nothing else applies); `permanent` (historical value, transferred to the National
 * Archives at 20 years), `secret` (kept as the secrets regulation says) and `legal` (evidence
 * for a court or an investigation) have no end the system counts.
 */
export const retentionClasses = ['routine', 'financial', 'standard', 'permanent', 'secret', 'legal'] as const;
export type RetentionClass = (typeof retentionClasses)[number];

export const retentionYears: Record<RetentionClass, number | null> = {
  routine: 1, financial: 5, standard: 10, permanent: null, secret: null, legal: null,
};

/** Letters are counted by calendar year: one kept N years from year Y is due at the end of Y + N. */
export function keepUntil(keptFrom: string, cls: RetentionClass): string | null {
  const years = retentionYears[cls];
  if (years === null) return null;
  return `${Number(keptFrom.slice(0, 4)) + years}-12-31`;
}

/** Where a letter's class came from: a rule of the agency, the default, a person (with a reason), the committee, an import. */
export const retentionSources = ['default', 'rule', 'person', 'committee', 'import'] as const;
export type RetentionSource = (typeof retentionSources)[number];

/** Whether a letter is one the agency received or one it sent. */
export const letterDirections = ['incoming', 'outgoing'] as const;
export type LetterDirection = (typeof letterDirections)[number];

/**
 * The yearly disposal list (บัญชีหนังสือขอทำลาย): prepared, its committee appointed by the head
 * of the agency, every item decided, sent to the National Archives, its review recorded, then
 * destroyed item by item as decided and reviewed.
 */
export const disposalStates = ['prepared', 'appointed', 'decided', 'submitted', 'reviewed', 'destroying', 'done'] as const;
export type DisposalState = (typeof disposalStates)[number];

export const disposalDecisions = ['destroy', 'keep'] as const;
export type DisposalDecision = (typeof disposalDecisions)[number];

/** The committee: a chair and at least two members. */
export const COMMITTEE_MIN = 3;

/** The regulation asks for the list within 60 days after 31 December. */
export const DISPOSAL_DAYS_AFTER_YEAR = 60;

/** Permanent letters go to the National Archives when this old (amendment No. 2). */
export const TRANSFER_AGE_YEARS = 20;

/** A list may be prepared for a year that has ended (Christian era), in Bangkok. */
export function yearHasEnded(year: number, today: string) {
  return Number(today.slice(0, 4)) > year;
}

/** The last day the regulation allows for preparing the list of `year` (ISO date, Bangkok). */
export function disposalDeadline(year: number) {
  const d = new Date(Date.UTC(year + 1, 0, 1) + (DISPOSAL_DAYS_AFTER_YEAR - 1) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A committee's members, checked: exactly one chair, at least COMMITTEE_MIN people, nobody twice. */
export function committeeProblem(members: readonly { userId: string; role: 'chair' | 'member' }[]): 'committee_too_small' | 'committee_chair' | 'committee_duplicate' | null {
  if (new Set(members.map((m) => m.userId)).size !== members.length) return 'committee_duplicate';
  if (members.length < COMMITTEE_MIN) return 'committee_too_small';
  if (members.filter((m) => m.role === 'chair').length !== 1) return 'committee_chair';
  return null;
}
