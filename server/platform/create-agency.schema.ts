import { z } from 'zod';
import { newPassword } from '@/server/auth/password-strength';
import { agencyCode, email, ministryCode, optionalText, ownerNumber, thaiName, username } from '@/server/shared/fields';

export const createAgencyInput = z.object({
  code: agencyCode,
  nameTh: thaiName,
  nameEn: optionalText(200),
  ministryCode,
  ownerNumber,
  address: optionalText(500),
  phone: optionalText(100),
  email,
  admin: z.object({
    username,
    fullNameTh: thaiName,
    position: optionalText(200),
    email,
    password: newPassword,
  }),
});
export type CreateAgencyInput = z.infer<typeof createAgencyInput>;
