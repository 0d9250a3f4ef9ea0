/**
 * `npm run letters:samples -- DIR`: one sample PDF per letter kind, from the demo
 * agency, written into DIR (created if missing) as <kind>.pdf.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { letterKinds } from '@/core/letters';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run letters:samples -- DIR');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
for (const kind of letterKinds) {
  const file = path.join(dir, `${kind}.pdf`);
  writeFileSync(file, renderLetterPdf(sampleLetters[kind]));
  console.log(file);
}
