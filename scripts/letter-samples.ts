/**
 * `npm run letters:samples -- DIR`: one sample PDF/A-3 per letter kind, from the demo
 * agency, written into DIR (created if missing) as <kind>.pdf, and a signed copy of each
 * as signed-<kind>.pdf (signed with a demo certificate in the demo agency's Thai name).
 * Prints the line ends that split a dictionary word (server/letters/word-splits.ts):
 * `splits: N` as letters are laid out, and as Typst's segmentation alone would break them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { letterKinds } from '@/core/letters';
import { demoAgencies } from '@/db/seed-data';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';
import { countSplits } from '@/server/letters/word-splits';
import { certificateDer, generateAgencyCertificate, importSigningKey } from '@/server/signing/agency-certificate';
import { signPdf } from '@/server/signing/pades';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run letters:samples -- DIR');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const agency = demoAgencies[0]!;
const url = 'https://saraban.example/verify/sample';
const sampleQr = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
const certificate = await generateAgencyCertificate(agency);
const key = { certificate: certificateDer(certificate.certificatePem), privateKey: await importSigningKey(certificate.privateKeyPkcs8) };
for (const kind of letterKinds) {
  const letter = sampleLetters[kind];
  const file = path.join(dir, `${kind}.pdf`);
  writeFileSync(file, renderLetterPdf(letter));
  const at = new Date();
  const signed = await signPdf(renderLetterPdf({ ...letter, signed: { date: letter.date, time: '10.30', url, qr: sampleQr } }, at), key, {
    name: letter.signer.name, reason: `ลงนามหนังสือ ${letter.documentNumber}`.trim(), location: agency.nameTh, contact: agency.email, at,
  });
  writeFileSync(path.join(dir, `signed-${kind}.pdf`), signed);
  console.log(file);
}
const splits = countSplits();
console.log(`splits: ${splits.after} (Typst's segmentation alone: ${splits.before})`);
if (splits.words.length > 0) console.log(`split words: ${splits.words.join(', ')}`);
