import { receiveLetterUpload } from '@/server/http/letter-upload';

export const dynamic = 'force-dynamic';

/**
 * POST multipart/form-data: `letter` (the details as JSON, as for intake.recordPaperLetter)
 * and any number of `files` (scans: PDF, JPEG, PNG, TIFF), each checked by its content.
 */
export function POST(req: Request) {
  return receiveLetterUpload(req, 'paper');
}
