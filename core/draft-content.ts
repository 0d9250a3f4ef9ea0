import { z } from 'zod';
import { secrecies, urgencies } from '@/core/letters';

/** Limits a person meets in the form; the subject's is the register column's. */
export const DRAFT_LIMITS = { subject: 500, line: 300, paragraph: 5000, paragraphs: 60, items: 20, recipients: 500 } as const;

const line = z.string().trim().max(DRAFT_LIMITS.line);
const lines = z.array(z.string().trim().min(1).max(DRAFT_LIMITS.line)).max(DRAFT_LIMITS.items).default([]);

/** "(นายวิชัย ศรีสง่า)" → "นายวิชัย ศรีสง่า": brackets (ASCII or full-width) around the whole name, however many. */
export function unbracket(value: unknown) {
  if (typeof value !== 'string') return value;
  let s = value.trim();
  while (/^[(（].*[)）]$/.test(s) && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  return s;
}

function balanced(s: string) {
  let depth = 0;
  for (const c of s) {
    if (c === '(' || c === '（') depth++;
    else if (c === ')' || c === '）') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

export const draftRecipient = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agency'), tenantId: z.uuid(), name: z.string().trim().min(1).max(300), copy: z.boolean().default(false) }),
  /** An organisation reached through the government exchange (ECMS), from the agency's copy of its directory. */
  z.object({
    kind: z.literal('exchange'), orgId: z.string().trim().min(1).max(50), ministryId: z.string().trim().max(50).default(''),
    name: z.string().trim().min(1).max(300), copy: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('email'), address: z.email({ message: 'email_format' }).max(254), name: z.string().trim().max(300).default(''), copy: z.boolean().default(false) }),
]);
export type DraftRecipient = z.infer<typeof draftRecipient>;

/**
 * What the owner of a draft writes: every part any kind has (the kind decides which are
 * printed), the marks, and where it goes. Text is plain; it is never markup anywhere.
 */
export const draftContent = z.object({
  subject: z.string().trim().min(1).max(DRAFT_LIMITS.subject),
  salutation: line.default('เรียน'),
  addressee: line.default(''),
  references: lines,
  enclosures: lines,
  body: z.array(z.string().trim().min(1).max(DRAFT_LIMITS.paragraph)).max(DRAFT_LIMITS.paragraphs).default([]),
  closing: line.default(''),
  // The letter prints the name in brackets itself: brackets typed around it are taken off (not "((name))").
  signer: z.object({ name: z.preprocess(unbracket, line.default('')), position: line.default('') }).default({ name: '', position: '' }),
  ownerUnit: line.default(''),
  phone: line.default(''),
  fax: line.default(''),
  email: line.default(''),
  copies: lines,
  urgency: z.enum(urgencies).default('normal'),
  secrecy: z.enum(secrecies).refine((s) => s !== 'top_secret', { message: 'top_secret_refused' }).default('normal'),
  circular: z.boolean().default(false),
  recipients: z.array(draftRecipient).max(DRAFT_LIMITS.recipients).default([]),
  /** The incoming letter this answers (อ้างถึง). */
  replyToLetterId: z.uuid().nullable().default(null),
  extra: z.object({
    issue: line.optional(), place: line.optional(), opened: line.optional(), closed: line.optional(), recorder: line.optional(),
    present: lines.optional(), absent: lines.optional(), attending: lines.optional(),
  }).default({}),
});
export type DraftContent = z.infer<typeof draftContent>;

/**
 * What of a classified letter's content the platform keeps in the clear: its marks and where
 * it goes (the send rules read them); every text the letter says is empty. The whole content
 * is kept sealed beside it.
 */
export function blankContent(c: DraftContent): DraftContent {
  return {
    subject: '', salutation: '', addressee: '', references: [], enclosures: [], body: [], closing: '', signer: { name: '', position: '' },
    ownerUnit: '', phone: '', fax: '', email: '', copies: [], urgency: c.urgency, secrecy: c.secrecy, circular: c.circular,
    recipients: c.recipients, replyToLetterId: c.replyToLetterId, extra: {},
  };
}

export const isClassifiedSecrecy = (secrecy: string) => secrecy === 'confidential' || secrecy === 'secret';
