import { z } from 'zod';
import { secrecies, urgencies } from '@/core/letters';

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
