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
  await owner.end();
  const health = await checkHealth();
  console.log(JSON.stringify({ zeroSetup: booted.zeroSetup, seeded, ...row, health, appUrlHost: new URL(process.env.DATABASE_APP_URL!).host }));
} finally {
  await closePools();
  await booted.stop();
}
