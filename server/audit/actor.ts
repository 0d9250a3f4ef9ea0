import type { Viewer } from '@/server/auth/load-viewer';
import type { AuditActor } from './record-audit';

export function actorOf(viewer: Viewer): AuditActor {
  return { kind: 'user', id: viewer.user.id, name: viewer.user.fullNameTh };
}
