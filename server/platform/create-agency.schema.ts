import { z } from 'zod';
import { agencyCode, email, ministryCode, optionalText, ownerNumber, password, thaiName, username } from '@/server/shared/fields';

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
    password,
  }),
});
export type CreateAgencyInput = z.infer<typeof createAgencyInput>;
