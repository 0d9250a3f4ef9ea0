/**
 * `npm run saraban -- <command>`: the operator's commands for the instance configured here
 * (DATABASE_URL, or the zero-setup data folder, whose database it starts if the app is stopped).
 *
 *   audit-verify   seals what is waiting, then verifies every agency's audit chain (against its head
 *                  published to the object store, if any); prints each agency's result and exits 1
 *                  at the first break, naming the agency and the entry.
 *   search-reindex [--all]
 *                  marks for the search indexer every letter indexed by another word segmenter (after an
 *                  upgrade of Node.js's ICU or of core/search-text.ts), or every letter with --all, and
 *                  indexes them now, printing the count; a running app's job worker would index them too.
 */
import postgres from 'postgres';
import { closePools } from '@/db/client';
import { readPublishedHead, sealAuditChains, verifyAgencyChain } from '@/server/audit/audit-chain';
import { boot } from '@/server/runtime/boot';
import { indexAllPending, markForReindex } from '@/server/search/index-letters';
import { SEGMENTER_VERSION } from '@/core/search-text';

async function auditVerify(ownerUrl: string) {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    while (await sealAuditChains(owner) > 0);
    const agencies = await owner<Array<{ id: string; code: string }>>`select id, code from tenants order by code`;
    for (const agency of agencies) {
      // Against the head last published to the object store: a truncation or rollback behind it is a break too.
      const report = await verifyAgencyChain(owner, agency.id, { publishedHead: await readPublishedHead(agency.id) });
      if (report.broken) {
        console.error(`${agency.code}: BROKEN at entry ${report.broken.chainSeq ?? '?'} (id ${report.broken.id ?? '?'}): ${report.broken.reason}`);
        return 1;
      }
      console.log(`${agency.code}: ${report.entries} entries, unbroken; head ${report.head ? `${report.head.chainSeq} ${report.head.hash}` : '(empty)'}`);
    }
    return 0;
  } finally {
    await owner.end({ timeout: 5 });
  }
}

async function searchReindex(ownerUrl: string, everything: boolean) {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const marked = await markForReindex(owner, everything);
    console.log(`segmenter ${SEGMENTER_VERSION}: ${marked} letter(s) marked for re-indexing`);
    const started = Date.now();
    const indexed = await indexAllPending(owner);
    console.log(`${indexed} letter(s) indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await owner.end({ timeout: 5 });
  }
}

const [command, ...options] = process.argv.slice(2);
if (command !== 'audit-verify' && command !== 'search-reindex') {
  console.error('usage: npm run saraban -- audit-verify | search-reindex [--all]');
  process.exit(2);
}
const booted = await boot();
let code = 1;
try {
  code = command === 'audit-verify' ? await auditVerify(booted.ownerUrl) : await searchReindex(booted.ownerUrl, options.includes('--all'));
} finally {
  await closePools().catch(() => {});
  await booted.stop();
}
process.exit(code);
