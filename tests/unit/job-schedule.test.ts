import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { crontab, ownerTasks, scheduledTasks } from '@/server/jobs/tasks';

describe('scheduled jobs', () => {
  it('the crontab parses and names only scheduled tasks', () => {
    const items = parseCrontab(crontab);
    expect(items.map((i) => i.task)).toEqual(['backup:when-due', 'inbox:remind-all', 'storage:sweep-all', 'keeping:yearly-lists']);
    const tasks = { ...scheduledTasks, ...ownerTasks('postgres://owner@127.0.0.1/saraban') };
    for (const item of items) expect(tasks[item.task]).toBeTypeOf('function');
  });
});
