import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { crontab, scheduledTasks } from '@/server/jobs/tasks';

describe('scheduled jobs', () => {
  it('the crontab parses and names only scheduled tasks', () => {
    const items = parseCrontab(crontab);
    expect(items.map((i) => i.task)).toEqual(['inbox:remind-all', 'storage:sweep-all']);
    for (const item of items) expect(scheduledTasks[item.task]).toBeTypeOf('function');
  });
});
