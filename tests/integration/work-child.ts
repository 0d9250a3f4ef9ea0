/**
 * A child process of the app for crash.test.ts (killed with SIGKILL at random moments) and
 * outage-load.test.ts (its worker, started again when it exits, as the launcher does).
 * - `worker`: the job worker, as `npm start` runs it (every task: delivering, stamping, OCR, sealing).
 * - `app`: officers at work through the app's own entry points (the upload route and the tRPC
 *   procedures): a paper letter recorded with its scan and registered; a letter drafted, signed
 *   and sent to the other agency; a delivered letter registered there. Each act the app
 *   confirmed is printed as `ack {json}` (what a person was told is done); anything else that
 *   fails is printed as `fail …`.
 */
import { readFileSync } from 'node:fs';
import { POST as postPaper } from '@/app/api/letters/paper/route';
import { startJobWorker } from '@/server/jobs/worker';
import { callerFor, PASSWORD } from './factories';

export type CrashScenario = {
  a: { tenantId: string; chiefId: string; clerk: Claims; chief: Claims; registry: Claims };
  b: { tenantId: string; registry: Claims; cookie: string };
  files: { pdf: string; png: string };
};
type Claims = Parameters<typeof callerFor>[0];

const mode = process.argv[2];

if (mode === 'worker') {
  await startJobWorker(process.env.TEST_OWNER_URL!, { relayMs: 50 });
  console.log('ready');
} else {
  const scenario = JSON.parse(process.env.CRASH_SCENARIO!) as CrashScenario;
  const pdf = readFileSync(scenario.files.pdf);
  const png = readFileSync(scenario.files.png);
  const aClerk = callerFor(scenario.a.clerk).caller;
  const aChief = callerFor(scenario.a.chief).caller;
  const aRegistry = callerFor(scenario.a.registry).caller;
  const bRegistry = callerFor(scenario.b.registry).caller;
  const ack = (fact: Record<string, unknown>) => console.log(`ack ${JSON.stringify(fact)}`);
  let n = 0;

  const recordAndRegister = async () => {
    const scan = ++n % 3 === 0;
    const form = new FormData();
    form.set('letter', JSON.stringify({
      documentNumber: `มท 0808.2/ว ${n}`, letterDate: '2026-11-18', fromText: 'กรมส่งเสริมการปกครองท้องถิ่น', toText: 'อธิบดีกรมปลายทาง',
      subject: `ขอเชิญประชุมคณะกรรมการ ครั้งที่ ${n}`, urgency: 'normal', secrecy: 'normal', remarks: '',
    }));
    form.append('files', new Blob([new Uint8Array(scan ? png : pdf)]), scan ? 'สแกน.png' : 'หนังสือ.pdf');
    const response = await postPaper(new Request('http://127.0.0.1/api/letters/paper', { method: 'POST', body: form, headers: { cookie: scenario.b.cookie } }));
    if (response.status !== 200) throw new Error(`recording answered ${response.status}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    ack({ op: 'recorded', letterId: id });
    const registered = await bRegistry.registry.register({ letterId: id });
    ack({ op: 'registered', letterId: id, number: registered.number });
  };

  const draftSignSend = async () => {
    const { id } = await aClerk.outgoing.create({
      kind: 'external', content: {
        subject: `ขอความร่วมมือส่งข้อมูล ครั้งที่ ${++n}`, salutation: 'เรียน', addressee: 'อธิบดีกรมปลายทาง',
        body: ['ด้วยสำนักงานขอความร่วมมือส่งข้อมูลบุคลากรภายในวันที่ ๑๕ ธันวาคม ๒๕๖๙', 'จึงเรียนมาเพื่อโปรดพิจารณา'],
        closing: 'ขอแสดงความนับถือ', signer: { name: 'นายผู้บริหาร ทดสอบ', position: 'อธิบดี' },
        recipients: [{ kind: 'agency', tenantId: scenario.b.tenantId, name: 'กรมปลายทาง', copy: false }],
      },
    });
    await aClerk.outgoing.submit({ letterId: id, reviewers: [], signerId: scenario.a.chiefId });
    const signed = await aChief.outgoing.sign({ letterId: id, password: PASSWORD });
    ack({ op: 'signed', letterId: id, documentNumber: signed.documentNumber });
    await aRegistry.outgoing.send({ letterId: id });
    ack({ op: 'sent', letterId: id });
  };

  const registerDelivered = async () => {
    const letter = (await bRegistry.registry.waiting()).find((l) => l.channel === 'platform');
    if (!letter) return draftSignSend();
    const registered = await bRegistry.registry.register({ letterId: letter.id });
    ack({ op: 'registered', letterId: letter.id, number: registered.number });
  };

  const lane = async (acts: Array<() => Promise<void>>) => {
    for (;;) {
      try {
        await acts[Math.floor(Math.random() * acts.length)]!();
      } catch (error) {
        console.log(`fail ${error instanceof Error ? `${error.message} ${(error as { key?: string }).key ?? ''}` : String(error)}`);
      }
    }
  };
  console.log('ready');
  await Promise.all([lane([recordAndRegister]), lane([draftSignSend, registerDelivered])]);
}
