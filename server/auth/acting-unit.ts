import { z } from 'zod';
import { env } from '@/core/env';
import { AppError } from '@/core/errors';
import { ACTING_UNIT_COOKIE, serverCookie } from '@/server/shared/cookies';
import { id } from '@/server/shared/fields';
import type { Viewer } from './load-viewer';

export const actingUnitInput = z.object({ unitId: id });

/** The person chooses the unit they act for (what they create belongs to it): one of their own, kept in a cookie. */
export function chooseActingUnit(viewer: Viewer, input: z.infer<typeof actingUnitInput>, setCookie: ((cookie: string) => void) | null) {
  if (!viewer.memberships.some((m) => m.unitId === input.unitId)) throw new AppError('not_found');
  const secure = env().NEXTAUTH_URL?.startsWith('https://') ?? false;
  setCookie?.(serverCookie(ACTING_UNIT_COOKIE, input.unitId, 60 * 60 * 24 * 365, secure));
  return { actingUnitId: input.unitId };
}

/** What the signed-in shell shows of the person: who they are, their agency, units, permissions, and whether they approve clearances. */
export function describeViewer(viewer: Viewer, mayApproveClearance: boolean) {
  const { user, tenant, memberships, actingUnitId, permissions } = viewer;
  return {
    mayApproveClearance,
    user: {
      id: user.id, username: user.username, fullNameTh: user.fullNameTh, fullNameEn: user.fullNameEn,
      position: user.position, clearance: user.clearance, classifiedAppointed: user.classifiedAppointed,
      mustChangePassword: user.mustChangePassword,
    },
    agency: {
      id: tenant.id, code: tenant.code, nameTh: tenant.nameTh, nameEn: tenant.nameEn,
      ministryCode: tenant.ministryCode, ownerNumber: tenant.ownerNumber, settings: tenant.settings, email: tenant.email, phone: tenant.phone,
    },
    memberships,
    actingUnitId,
    permissions: [...permissions].sort(),
  };
}
