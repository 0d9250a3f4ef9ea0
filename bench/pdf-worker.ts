/** A render worker of the `pdf` benchmark: renders the letter it is sent, as many times as asked. */
import { parentPort } from 'node:worker_threads';
import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderLetterPdf } from '@/server/letters/render-letter';

parentPort!.on('message', ({ letter, count }: { letter: LetterDocument; count: number }) => {
  for (let i = 0; i < count; i++) renderLetterPdf({ ...letter, documentNumber: `นร 0105/${i + 1}` });
  parentPort!.postMessage('done');
});
