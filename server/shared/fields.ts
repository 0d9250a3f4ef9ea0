import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/server/auth/password-rules';

/** Field schemas shared by browser forms and procedures: one source of input truth. */
export const id = z.uuid();
export const thaiName = z.string().trim().min(1).max(200);
export const optionalText = (max: number) => z.string().trim().max(max).default('');
export const username = z.string().trim().toLowerCase().min(3).max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: 'username_format' });
export const agencyCode = z.string().trim().toLowerCase().min(2).max(32)
  .regex(/^[a-z][a-z0-9-]*$/, { message: 'agency_code_format' });
export const password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
/** รหัสตัวพยัญชนะ: two or three Thai consonants such as นร, ศธ, มท (provinces: e.g. ชม). */
export const ministryCode = z.string().trim().regex(/^[ก-ฮ]{2,3}$/, { message: 'ministry_code_format' });
/** เลขประจำของเจ้าของเรื่อง: digits, e.g. 0105 or 0105.3 for a sub-division. */
export const ownerNumber = z.string().trim().regex(/^\d{2,4}(\.\d{1,3})?$/, { message: 'owner_number_format' });
export const email = z.union([z.literal(''), z.email().max(254)]).default('');
