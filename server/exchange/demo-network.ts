import { createHmac } from 'node:crypto';
import { env } from '@/core/env';
import { startExchangeNode, type NodeOrganization } from './local-node';

/**
 * The zero-setup demo's exchange network: the three demo agencies and agencies that use other
 * systems, on a local node the launcher starts (server/exchange/local-node.ts). Ids follow the
 * ministries' order; the passwords are derived from the server secret, so the node and the
 * agencies' stored connections agree without either keeping them in the clear.
 */
const ministries = [
  { id: '01', name: 'สำนักนายกรัฐมนตรี', ministryId: '01' },
  { id: '03', name: 'กระทรวงการคลัง', ministryId: '03' },
  { id: '08', name: 'กระทรวงมหาดไทย', ministryId: '08' },
  { id: '20', name: 'กระทรวงศึกษาธิการ', ministryId: '20' },
];

const organizations: Array<Omit<NodeOrganization, 'password'> & { agencyCode?: string }> = [
  { id: '0101', ministryId: '01', name: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', username: 'ecms-0101', agencyCode: 'opm' },
  { id: '0302', ministryId: '03', name: 'กรมบัญชีกลาง', username: 'ecms-0302', agencyCode: 'cgd' },
  { id: '0807', ministryId: '08', name: 'กรมส่งเสริมการปกครองท้องถิ่น', username: 'ecms-0807', agencyCode: 'dla' },
  { id: '0305', ministryId: '03', name: 'กรมสรรพากร', username: 'ecms-0305' },
  { id: '0802', ministryId: '08', name: 'กรมการปกครอง', username: 'ecms-0802' },
  { id: '2004', ministryId: '20', name: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน', username: 'ecms-2004' },
];

export const demoExchangePassword = (username: string) => createHmac('sha256', env().NEXTAUTH_SECRET).update(`exchange-demo:${username}`).digest('base64url');

/** The demo node's port: EXCHANGE_DEMO_PORT, else the app's port + 12 (beside the embedded database and store). */
export const demoExchangePort = () => env().EXCHANGE_DEMO_PORT ?? env().PORT + 12;
export const demoExchangeUrl = () => `http://127.0.0.1:${demoExchangePort()}/ecms`;

/** Where a demo agency connects, if it is on the demo network. */
export function demoExchangeConnection(agencyCode: string) {
  const org = organizations.find((o) => o.agencyCode === agencyCode);
  return org && { nodeUrl: demoExchangeUrl(), username: org.username, password: demoExchangePassword(org.username), ministryId: org.ministryId, departmentId: org.id, enabled: true };
}

export function startDemoExchangeNode() {
  return startExchangeNode({
    port: demoExchangePort(), ministries,
    organizations: organizations.map(({ agencyCode: _code, ...o }) => ({ ...o, password: demoExchangePassword(o.username) })),
  });
}
