import { z } from 'zod';
import { clearances, permissions, roles } from '@/db/schema';
import { newPassword } from '@/server/auth/password-strength';
import { email, id, optionalText, thaiName, username } from '@/server/shared/fields';

export const membershipInput = z.object({ unitId: id, role: z.enum(roles) });

const profile = {
  fullNameTh: thaiName,
  fullNameEn: optionalText(200),
  position: optionalText(200),
  email,
};

export const createPersonInput = z.object({
  username,
  password: newPassword,
  ...profile,
  memberships: z.array(membershipInput).min(1).max(50),
});

export const updatePersonInput = z.object({ userId: id, ...profile });

export const setPersonStatusInput = z.object({ userId: id, status: z.enum(['active', 'disabled']) });

export const resetPasswordInput = z.object({ userId: id, password: newPassword });

export const setMembershipsInput = z.object({ userId: id, memberships: z.array(membershipInput).min(1).max(50) });

export const setPermissionsInput = z.object({
  userId: id,
  overrides: z.array(z.object({ permission: z.enum(permissions), allowed: z.boolean() })).max(permissions.length)
    .refine((list) => new Set(list.map((o) => o.permission)).size === list.length, { message: 'duplicate_permission' }),
});

export const setClearanceInput = z.object({
  userId: id,
  clearance: z.enum(clearances),
  classifiedAppointed: z.boolean(),
});

export const personIdInput = z.object({ userId: id });
