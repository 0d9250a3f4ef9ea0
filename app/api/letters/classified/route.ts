import { receiveLetterUpload } from '@/server/http/letter-upload';

export const dynamic = 'force-dynamic';

/**
 * POST multipart/form-data: `letter` (as for intake.recordSealedPaperLetter) and the
 * letter's scans sealed in the recorder's browser, each as a part named `sealed:<file id>`,
 * stored unread (ciphertext).
 */
export function POST(req: Request) {
  return receiveLetterUpload(req, 'sealed');
}
