/** An agency's settings, as the admin sets them and the schema stores them (tenants.settings). */
export type AgencySettings = {
  /** Print Thai digits (เลขไทย) in letters and dates (Cabinet resolution 2543: encouraged, not mandatory). */
  thaiDigits: boolean;
  /** "full" = ๒๔ พฤศจิกายน ๒๕๖๙, "short" = 24 พ.ย. 2569. */
  dateStyle: 'full' | 'short';
  /**
   * The twice-daily inbox check (electronic rule 4.1.2): deadlines (HH:MM, Asia/Bangkok)
   * for the morning and afternoon checks on working days (Monday–Friday except the
   * listed holidays, ISO dates). Absent in agencies created before it: the defaults apply.
   */
  inboxCheck?: InboxCheckSettings;
  /** The review chain a new draft is offered (เสนอ → ตรวจ → ลงนาม); each letter may change it. */
  reviewChain?: ReviewChainSettings;
  /** The agency's own words no line of its letters, registers and lists ends inside (names, places, terms). */
  words?: string[];
};

export type ReviewChainSettings = { reviewers: string[]; signerId: string | null };

export type InboxCheckSettings = { morning: string; afternoon: string; holidays: string[] };

export const defaultInboxCheck: InboxCheckSettings = { morning: '10:00', afternoon: '15:00', holidays: [] };

export const defaultAgencySettings: AgencySettings = { thaiDigits: true, dateStyle: 'full', inboxCheck: defaultInboxCheck };
