/** Child process for job-recovery.test.ts: a job worker whose one task never ends (it is killed mid-job). */
import { startJobWorker } from '@/server/jobs/worker';

await startJobWorker(process.env.TEST_OWNER_URL!, {
  concurrency: 2, relayMs: 50, tasks: {
    'test.hang': async () => {
      console.log('running');
      await new Promise(() => {});
    },
  },
});
console.log('started');
