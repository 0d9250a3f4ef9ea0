import { z } from 'zod';
import { id, optionalText, ownerNumber, thaiName } from '@/server/shared/fields';

const unitFields = {
  nameTh: thaiName,
  nameEn: optionalText(200),
  ownerNumber: z.union([z.literal(''), ownerNumber]).default(''),
};

export const createUnitInput = z.object({ parentId: id, ...unitFields });

/** parentId is null only for the agency's root unit, which cannot be moved. */
export const updateUnitInput = z.object({ unitId: id, parentId: id.nullable(), active: z.boolean().default(true), ...unitFields });
