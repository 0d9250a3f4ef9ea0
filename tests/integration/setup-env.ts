import { afterAll, inject } from 'vitest';
import { closePools } from '@/db/client';

Object.assign(process.env, inject('testEnv'));

afterAll(async () => {
  await closePools();
});
