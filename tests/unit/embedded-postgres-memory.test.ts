import { describe, expect, it } from 'vitest';
import { memorySettings } from '@/server/runtime/embedded-postgres';

const GiB = 1024 ** 3;

describe('embedded PostgreSQL memory', () => {
  it('gives shared buffers a quarter of the memory, at least 128 MB and at most 8 GB, and the planner half as cache', () => {
    expect(memorySettings(24 * GiB)).toEqual(['-c', 'shared_buffers=6144MB', '-c', 'effective_cache_size=12288MB']);
    expect(memorySettings(64 * GiB)).toEqual(['-c', 'shared_buffers=8192MB', '-c', 'effective_cache_size=32768MB']);
    expect(memorySettings(256 * 1024 * 1024)).toEqual(['-c', 'shared_buffers=128MB', '-c', 'effective_cache_size=128MB']);
  });

  it('takes the buffers it is given', () => {
    expect(memorySettings(24 * GiB, 512)).toEqual(['-c', 'shared_buffers=512MB', '-c', 'effective_cache_size=12288MB']);
  });
});
