import { proposeFromScan } from '@/server/http/propose-from-scan';

export const dynamic = 'force-dynamic';

/** POST multipart/form-data `file`: a paper letter's scan; answers the details it proposes (nothing is stored). */
export function POST(req: Request) {
  return proposeFromScan(req);
}
