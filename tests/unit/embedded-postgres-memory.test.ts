import { describe, expect, it } from 'vitest';
import { memorySettings, serverBuffersMb } from '@/server/runtime/embedded-postgres';

const GiB = 1024 ** 3;

describe('embedded PostgreSQL memory', () => {
  it('keeps PostgreSQL\'s own settings unless shared buffers are given', () => {
    expect(memorySettings(24 * GiB)).toEqual([]);
  });

  it('takes the buffers it is given, and tells the planner the kernel caches half the memory', () => {
    expect(memorySettings(24 * GiB, 512)).toEqual(['-c', 'shared_buffers=512MB', '-c', 'effective_cache_size=12288MB']);
    expect(memorySettings(GiB, 1024)).toEqual(['-c', 'shared_buffers=1024MB', '-c', 'effective_cache_size=1024MB']);
  });

  it('sizes a dedicated server\'s buffers at a quarter of the memory, at least 128 MB and at most 8 GB', () => {
    expect(serverBuffersMb(24 * GiB)).toBe(6144);
    expect(serverBuffersMb(64 * GiB)).toBe(8192);
    expect(serverBuffersMb(256 * 1024 * 1024)).toBe(128);
  });
});
