import type { Viewer } from '@/server/auth/load-viewer';
import type { AuditActor } from './record-audit';

export function actorOf(viewer: Viewer): AuditActor {
  return { kind: 'user', id: viewer.user.id, name: viewer.user.fullNameTh };
}

/** The system acting on its own (background jobs), named as the timeline should show it. */
export function systemActor(name = 'ระบบ'): AuditActor {
  return { kind: 'system', id: null, name };
}
