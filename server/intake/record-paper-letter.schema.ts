import { z } from 'zod';
import { secrecies, urgencies } from '@/core/letters';
import { wrappedKey } from '@/server/classified/letter-keys';

/**
 * letterDate is ISO and Christian-era; a Buddhist-era year sent by mistake (2569-…)
 * is named as such rather than stored as a date five centuries ahead.
 */
export const letterDateIso = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date_format' })
  .refine((v) => Number(v.slice(0, 4)) < 2400, { message: 'date_looks_buddhist' })
  .refine((v) => Number(v.slice(0, 4)) >= 1900 && !Number.isNaN(Date.parse(v)), { message: 'date_invalid' });

export const recordPaperLetterInput = z.object({
  documentNumber: z.string().trim().min(1).max(100),
  letterDate: letterDateIso,
  fromText: z.string().trim().min(1).max(300),
  toText: z.string().trim().min(1).max(300),
  subject: z.string().trim().min(1).max(1000),
  urgency: z.enum(urgencies).default('normal'),
  secrecy: z.enum(secrecies).default('normal'),
  remarks: z.string().trim().max(1000).default(''),
});
export type RecordPaperLetterInput = z.infer<typeof recordPaperLetterInput>;

/**
 * A classified paper letter as its recorder's browser sends it: the register's details
 * (number, date, from, to) in the clear, the subject and remarks sealed with the letter's
 * content key, and that key wrapped for the recorder and the agency's recovery key. The
 * ids are chosen in the browser because the ciphertext is bound to them.
 */
export const recordSealedPaperLetterInput = recordPaperLetterInput.omit({ subject: true, remarks: true, secrecy: true }).extend({
  letterId: z.uuid(),
  secrecy: z.enum(['confidential', 'secret']),
  sealedDetails: z.string().min(60).max(40_000).regex(/^[A-Za-z0-9+/]+=*$/),
  keys: z.array(wrappedKey).min(1).max(10),
});
export type RecordSealedPaperLetterInput = z.infer<typeof recordSealedPaperLetterInput>;
