import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';
import { TRPCError } from '@trpc/server';
import { users } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { startUserSession } from '@/server/auth/sessions';
import { createPerson } from '@/server/people/create-person';
import { startOperatorSession } from '@/server/platform/operator-sessions';
import { createAgency as provisionAgency } from '@/server/platform/create-agency';
import { createUnit } from '@/server/units/create-unit';
import { createCaller } from '@/server/routers/_app';
import type { Context } from '@/server/trpc';
import type { Role } from '@/core/access';

export const PASSWORD = 'test-password-1';
const operator = { id: randomUUID(), fullName: 'ผู้ทดสอบแพลตฟอร์ม' };

export function uniqueCode(prefix = 'ag') {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export type TestAgency = Awaited<ReturnType<typeof createAgency>>;

/** A realistic agency of its own for each test: root unit, two กอง, and an admin. */
export async function createAgency(nameTh = 'กรมทดสอบระบบสารบรรณ') {
  const code = uniqueCode();
  const { tenantId, rootUnitId, adminId } = await provisionAgency(operator, {
    code, nameTh: `${nameTh} ${code}`, nameEn: 'Test Department', ministryCode: 'นร', ownerNumber: '0105',
    address: 'ถนนพิษณุโลก เขตดุสิต กรุงเทพฯ', phone: '0 2280 9000', email: '',
    admin: { username: 'admin', fullNameTh: 'นายผู้ดูแล ทดสอบ', position: 'นักวิชาการคอมพิวเตอร์', email: '', password: PASSWORD },
  });
  const adminClaims = await userClaims(tenantId, adminId);
  const units = await runInTenant({ tenantId, userId: adminId }, async (tx) => {
    const actor = { kind: 'user' as const, id: adminId, name: 'ผู้ดูแล' };
    const central = await createUnit(tx, tenantId, actor, { parentId: rootUnitId, nameTh: 'กองกลาง', nameEn: '', ownerNumber: '0105' });
    const finance = await createUnit(tx, tenantId, actor, { parentId: rootUnitId, nameTh: 'กองคลัง', nameEn: '', ownerNumber: '0106' });
    // A test agency's people have chosen their own passwords already (tests of a first sign-in issue theirs through the API).
    await tx.update(users).set({ mustChangePassword: false }).where(eq(users.tenantId, tenantId));
    return { central: central.id, finance: finance.id };
  });
  return { code, tenantId, rootUnitId, adminId, adminClaims, units };
}

export async function addPerson(agency: TestAgency, username: string, memberships: Array<{ unitId: string; role: Role }>) {
  return runInTenant({ tenantId: agency.tenantId, userId: agency.adminId }, async (tx) => {
    const { id } = await createPerson(tx, agency.tenantId, { kind: 'user', id: agency.adminId, name: 'ผู้ดูแล' }, {
      username, password: PASSWORD, fullNameTh: `นาย${username} ทดสอบ`, fullNameEn: '', position: 'เจ้าหน้าที่', email: '', memberships,
    });
    await tx.update(users).set({ mustChangePassword: false }).where(and(eq(users.tenantId, agency.tenantId), eq(users.id, id)));
    return id;
  }).then(async (id) => ({ id, claims: await userClaims(agency.tenantId, id) }));
}

const heads = new Map<string, Promise<{ id: string; claims: Awaited<ReturnType<typeof userClaims>> }>>();

/** The agency's head (an executive of its root unit), made once per agency: the second person who approves clearances. */
export function headOfAgency(agency: TestAgency) {
  if (!heads.has(agency.tenantId)) heads.set(agency.tenantId, addPerson(agency, 'head', [{ unitId: agency.rootUnitId, role: 'executive' }]));
  return heads.get(agency.tenantId)!;
}

/** Clearance as the service grants it: the admin asks, the head of agency approves. */
export async function grantClearance(agency: TestAgency, userId: string, clearance: 'confidential' | 'secret', classifiedAppointed = true) {
  const asked = await callerFor(agency.adminClaims).caller.people.setClearance({ userId, clearance, classifiedAppointed });
  if (asked.state !== 'pending') return;
  await callerFor((await headOfAgency(agency)).claims).caller.people.decideClearance({ requestId: asked.requestId!, approve: true });
}

/** The claims of a signed-in platform operator, with a live session. */
export async function operatorClaims(operatorId: string) {
  const sid = await startOperatorSession(operatorId, null, { absoluteMinutes: 60, idleMinutes: 30, touchEverySeconds: 30 });
  return { kind: 'operator' as const, operatorId, sv: 1, sid };
}

/** The claims of a signed-in person: a live server-side session of theirs, as sign-in would start. */
export async function userClaims(tenantId: string, userId: string, sv = 1) {
  const sid = await runInTenant({ tenantId, userId }, (tx) => startUserSession(tx, tenantId, userId, null));
  return { kind: 'user' as const, tenantId, userId, sv, sid };
}

let callers = 0;

/**
 * A tRPC caller for these claims. Each comes from an address of its own (as people at their
 * own desks do), so one test's wrong passwords never slow another's through the address throttle.
 */
export function callerFor(session: Context['session'], requestedUnitId: string | null = null) {
  const cookies: string[] = [];
  const n = ++callers;
  const ip = `10.${process.pid % 250}.${(n >> 8) & 255}.${n & 255}`;
  return { caller: createCaller({ session, requestedUnitId, ip, setCookie: (c) => cookies.push(c) }), cookies };
}

/** The session cookie the browser would send for these claims (for the plain HTTP endpoints). */
export async function sessionCookie(claims: object) {
  return `next-auth.session-token=${await encode({ token: { claims }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

/** Owner connection for assertions that must look past RLS. */
export function ownerSql() {
  return postgres(process.env.TEST_OWNER_URL!, { max: 2, onnotice: () => {} });
}

export function appRoleSql() {
  return postgres(process.env.DATABASE_APP_URL!, { max: 2, onnotice: () => {} });
}

/**
 * Runs due background jobs (as the worker would) until `done` holds. Other test files
 * share the queue, so their jobs may run here, and ours may be running in another file's
 * drain: hence the wait for the outcome rather than for an empty queue.
 */
export async function runJobsUntil<T>(done: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const { drainJobs } = await import('@/server/jobs/worker');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await drainJobs(process.env.TEST_OWNER_URL!);
    const result = await done();
    if (result) return result;
    if (Date.now() > deadline) throw new Error('background jobs did not finish in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The environment a person starting the app would have: none of the test run's own configuration. */
export function personEnv(extra: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_|S3_|NEXTAUTH_|AUTH_SECRET|TEST_)/.test(k)));
  return { ...clean, ...extra } as unknown as NodeJS.ProcessEnv;
}

/** 'ok', or the message key of the refusal a procedure answered with. */
export async function errorKey(p: Promise<unknown>) {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error instanceof TRPCError ? error.message : String(error);
  }
}
