/** Child process for zero-setup.test.ts: boots like `npm start` (without the web server) and reports what it found. */
import postgres from 'postgres';
import { closePools } from '@/db/client';
import { seedDemoIfEmpty } from '@/server/platform/seed-demo';
import { boot } from '@/server/runtime/boot';
import { checkHealth } from '@/server/health/check-health';
import { ensureBucket } from '@/server/storage/s3';

const booted = await boot();
try {
  await ensureBucket();
  const seeded = booted.seedDemo ? await seedDemoIfEmpty(booted.ownerUrl) : false;
  const owner = postgres(booted.ownerUrl, { max: 1, onnotice: () => {} });
  const [row] = await owner<{ agencies: number; users: number }[]>`
    select (select count(*)::int from tenants) as agencies, (select count(*)::int from users) as users`;
  // The demo's classified letter, as cgd holds it: delivered from opm, registered, sealed, its key wrapped for its holders.
  const [classified] = await owner<Array<{ channel: string; from_code: string; registered: number; sealed: boolean; holders: number }>>`
    select l.channel, src.code as from_code, (select count(*)::int from register_entries r where r.tenant_id = l.tenant_id and r.letter_id = l.id) as registered,
      l.sealed_details is not null and l.subject = '' as sealed,
      (select count(*)::int from letter_keys k where k.tenant_id = l.tenant_id and k.letter_id = l.id) as holders
    from letters l join tenants t on t.id = l.tenant_id and t.code = 'cgd' left join tenants src on src.id = l.source_tenant_id
    where l.secrecy = 'confidential'`;
  await owner.end();
  const health = await checkHealth();
  // An app left running (PROBE_HOLD=1): its services serve the operator's commands until SIGTERM.
  if (process.env.PROBE_HOLD === '1') {
    console.log(JSON.stringify({ holding: true, ...row }));
    await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  }
  // A launcher killed outright (SIGKILL): nothing is stopped, its PostgreSQL is left running.
  if (process.env.PROBE_DIE === '1') {
    console.log(JSON.stringify({ dying: true }));
    process.kill(process.pid, 'SIGKILL');
  }
  console.log(JSON.stringify({ zeroSetup: booted.zeroSetup, seeded, ...row, classified: classified ?? null, health, appUrlHost: new URL(process.env.DATABASE_APP_URL!).host }));
} finally {
  await closePools();
  await booted.stop();
}
