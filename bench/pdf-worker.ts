/** A render worker of the `pdf` benchmark: renders the letter it is sent (signed, with its QR), as many times as asked. */
import { parentPort } from 'node:worker_threads';
import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderSigned } from './pdf-signed';

parentPort!.on('message', async ({ letter, count }: { letter: LetterDocument; count: number }) => {
  for (let i = 0; i < count; i++) await renderSigned(letter, i);
  parentPort!.postMessage('done');
});
