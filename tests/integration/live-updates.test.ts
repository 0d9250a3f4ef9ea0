import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrpcHttpHandler } from '@/server/http/trpc-http-handler';
import { addPerson, callerFor, createAgency, ownerSql, sessionCookie, type TestAgency } from './factories';

let server: Server;
let base: string;

beforeAll(async () => {
  const handler = createTrpcHttpHandler();
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/trpc`;
});

afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

/** A browser's live stream, as EventSource reads it: each event's data, in order. */
async function connect(claims: object) {
  const abort = new AbortController();
  const response = await fetch(`${base}/live.changes`, { headers: { cookie: await sessionCookie(claims), accept: 'text/event-stream' }, signal: abort.signal });
  const events: unknown[] = [];
  const waiters: Array<() => void> = [];
  const text: string[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        text.push(decoder.decode(chunk));
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          const event = block.split('\n').find((l) => l.startsWith('event:'))?.slice(6).trim();
          if (data && (!event || event === 'message')) events.push(JSON.parse(data));
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch { /* closed by the test */ }
  })();
  /** Waits until `event` has arrived (at most `ms`). */
  const heard = async (event: string, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!events.includes(event)) {
      if (Date.now() > deadline) throw new Error(`no ${event} within ${ms} ms; heard ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 100); });
    }
  };
  return { response, events, text, heard, close: async () => { abort.abort(); await reading; } };
}

const paper = (subject: string) => ({
  documentNumber: 'กค 0402/ว 77', letterDate: '2026-11-20', fromText: 'กรมบัญชีกลาง', toText: 'อธิบดีกรมทดสอบ',
  subject, urgency: 'normal' as const, secrecy: 'normal' as const, remarks: '',
});

let a: TestAgency;
let other: TestAgency;
let officer: Awaited<ReturnType<typeof addPerson>>;
let staff: Awaited<ReturnType<typeof addPerson>>;
let otherOfficer: Awaited<ReturnType<typeof addPerson>>;

beforeAll(async () => {
  [a, other] = await Promise.all([createAgency('กรมทดสอบการแจ้งทันที'), createAgency('กรมทดสอบอีกแห่ง')]);
  officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  staff = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
  otherOfficer = await addPerson(other, 'registry', [{ unitId: other.rootUnitId, role: 'central_registry_officer' }]);
});

describe('live updates', () => {
  it('tells those who may see it of a committed change at once, naming only its kind', async () => {
    const [registry, person, elsewhere] = await Promise.all([connect(officer.claims), connect(staff.claims), connect(otherOfficer.claims)]);
    try {
      expect(registry.response.headers.get('content-type')).toContain('text/event-stream');
      await Promise.all([registry.heard('ready'), person.heard('ready'), elsewhere.heard('ready')]);

      // A letter recorded: the registry hears a waiting letter; staff (who do not register) and another agency do not.
      const subject = 'ขอเชิญประชุมคณะกรรมการพัฒนาระบบ';
      const { id } = await callerFor(officer.claims).caller.intake.recordPaperLetter(paper(subject));
      await registry.heard('waiting');

      // Routed to the staff member: their notification reaches them, and only them.
      await callerFor(officer.claims).caller.registry.register({ letterId: id });
      await callerFor(officer.claims).caller.letters.route({ letterId: id, note: '', targets: [{ userId: staff.id, purpose: 'information' }] });
      await person.heard('notification');

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(person.events).not.toContain('waiting');
      expect(registry.events).not.toContain('notification');
      expect(elsewhere.events).toEqual(['ready']);
      // Nothing of the letter travels on the stream.
      for (const stream of [registry, person]) expect(stream.text.join('')).not.toContain(subject);
    } finally {
      await Promise.all([registry.close(), person.close(), elsewhere.close()]);
    }
  });

  it('says nothing of a change that was rolled back', async () => {
    const person = await connect(staff.claims);
    const sql = ownerSql();
    try {
      await person.heard('ready');
      await sql.begin(async (tx) => {
        await tx`insert into notifications (tenant_id, id, user_id, kind, title) values (${a.tenantId}, gen_random_uuid(), ${staff.id}, 'letter_routed', 'ยกเลิก')`;
        await tx`select 1 from pg_sleep(0.05)`;
        throw new Error('rolled back');
      }).catch(() => {});
      await sql`insert into notifications (tenant_id, id, user_id, kind, title) values (${a.tenantId}, gen_random_uuid(), ${staff.id}, 'letter_routed', 'จริง')`;
      await person.heard('notification');
      expect(person.events.filter((e) => e === 'notification')).toHaveLength(1);
    } finally {
      await person.close();
      await sql.end();
    }
  });

  it('holds no database connection while streams are open: more streams than the pool has connections, and queries still answer', async () => {
    const streams = await Promise.all(Array.from({ length: 12 }, () => connect(officer.claims)));
    try {
      await Promise.all(streams.map((s) => s.heard('ready')));
      const units = await callerFor(officer.claims).caller.units.list();
      expect(units.length).toBe(3);
      await callerFor(officer.claims).caller.intake.recordPaperLetter(paper('หนังสือทดสอบการแจ้งหลายหน้าจอ'));
      await Promise.all(streams.map((s) => s.heard('waiting')));
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });

  it('listens again when its connection is lost, and tells open pages to fetch what they show', async () => {
    const person = await connect(staff.claims);
    const sql = ownerSql();
    try {
      await person.heard('ready');
      const ended = await sql`select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen saraban_live'`;
      expect(ended).toHaveLength(1);
      await person.heard('resync');
      await sql`insert into notifications (tenant_id, id, user_id, kind, title) values (${a.tenantId}, gen_random_uuid(), ${staff.id}, 'letter_routed', 'หลังเชื่อมต่อใหม่')`;
      await person.heard('notification');
    } finally {
      await person.close();
      await sql.end();
    }
  });

  it('is refused without a session', async () => {
    const response = await fetch(`${base}/live.changes`, { headers: { accept: 'text/event-stream' } });
    const body = await response.text();
    expect(body).toContain('unauthorized');
  });
});
