import QRCode from 'qrcode';
import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderLetterPdf } from '@/server/letters/render-letter';

/** A letter as signing renders it: its own number, and the QR of its own verification page. */
export async function renderSigned(letter: LetterDocument, i: number) {
  const url = `https://saraban.example.go.th/verify/bench${String(i).padStart(12, '0')}`;
  const qr = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  return renderLetterPdf({ ...letter, documentNumber: `นร 0105/${i + 1}`, signed: { date: letter.date, time: '10.30', url, qr } });
}
