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
 *   backup <dir>   backs up the whole platform (database and every stored file) into the folder <dir>, encrypted
 *                  with the key in BACKUP_KEY (else asked for); later backups into the same folder copy only
 *                  files that changed. Works while the app runs (the zero-setup services of a running app here are used).
 *   verify <dir> [--backup ID]
 *                  proves the newest (or the named) backup in <dir> complete and intact without restoring it.
 *   restore <dir> [--backup ID]
 *                  restores the newest (or the named) backup into this empty installation (a new data folder, or
 *                  DATABASE_URL and S3_ENDPOINT of an empty database and bucket); nothing stays of a restore that fails.
 *   backups <dir>  lists the complete backups in <dir>.
 *   export-agency <code> <dir>
 *                  writes everything the agency owns (rows, files, registers, timelines, audit log, settings) into the
 *                  new folder <dir> in the open format of docs/agency-export.md; classified letters stay sealed.
 *   import-agency <dir>
 *                  brings such an export into this installation as that agency (which must not be here yet).
 *
 * docs/operations.md has the restore drill and production backup with point-in-time recovery.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import postgres from 'postgres';
import { closePools } from '@/db/client';
import { readPublishedHead, sealAuditChains, verifyAgencyChain } from '@/server/audit/audit-chain';
import { boot, type Booted } from '@/server/runtime/boot';
import { loadOrCreateSecrets, keepAuthSecret } from '@/server/runtime/secrets';
import { storeClient } from '@/server/storage/s3';
import { BackupProblem, listBackups, openRepository, readManifest } from '@/server/backup/repository';
import { backedUpSecret, relationsIn, restoreBackup } from '@/server/backup/restore-backup';
import { takeBackup } from '@/server/backup/take-backup';
import { exportAgency, importAgency } from '@/server/backup/agency-export';
import { verifyBackup } from '@/server/backup/verify-backup';
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

/** The backup key: BACKUP_KEY, else typed at the terminal (not echoed). */
async function backupKey(): Promise<string | undefined> {
  if (process.env.BACKUP_KEY) return process.env.BACKUP_KEY;
  if (!process.stdin.isTTY) return undefined;
  const muted = new Writable({ write(_c, _e, done) { done(); } });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stdout.write('Backup key: ');
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

function instanceOf(booted: Booted) {
  const e = process.env;
  const client = storeClient({
    S3_ENDPOINT: e.S3_ENDPOINT, S3_REGION: e.S3_REGION || 'us-east-1', S3_FORCE_PATH_STYLE: e.S3_FORCE_PATH_STYLE !== 'false',
    S3_ACCESS_KEY_ID: e.S3_ACCESS_KEY_ID ?? '', S3_SECRET_ACCESS_KEY: e.S3_SECRET_ACCESS_KEY ?? '',
  });
  return { ownerUrl: booted.ownerUrl, store: { client, bucket: e.S3_BUCKET || 'saraban' }, authSecret: booted.authSecret, zeroSetup: booted.zeroSetup };
}

async function backupCommand(dir: string) {
  const key = await backupKey();
  const booted = await boot(process.env, { attach: true });
  try {
    const result = await takeBackup(instanceOf(booted), dir, key);
    console.log(`backup ${result.id} complete in ${result.seconds.toFixed(1)} s: the database and ${result.objects} object(s), ${mb(result.bytes)}; `
      + `${result.copiedObjects} object(s) copied (${mb(result.copiedBytes)}), ${mb(result.storedBytes)} written to ${dir}`);
    return 0;
  } finally {
    await closePools().catch(() => {});
    await booted.stop();
  }
}

async function verifyCommand(dir: string, id?: string) {
  const result = await verifyBackup(dir, await backupKey(), id);
  const m = result.manifest;
  if (result.unfinished > 0) console.log(`(${dir} also holds the leftovers of a backup that did not finish; they are not a backup and are removed by the next one)`);
  if (result.problems.length > 0) {
    console.error(`backup ${m.id} is NOT intact (${result.problems.length} problem(s)):`);
    for (const problem of result.problems) console.error(`  ${problem}`);
    return 1;
  }
  console.log(`backup ${m.id} (${m.finishedAt}, Saraban ${m.app.version}, PostgreSQL ${m.database.server}) is complete and intact: `
    + `the database and ${m.objects.length} object(s), ${result.files} file(s), ${mb(result.bytes)} read and checked`);
  return 0;
}

async function restoreCommand(dir: string, id?: string) {
  const key = await backupKey();
  const dataDir = path.resolve(process.env.SARABAN_DATA_DIR || '.data');
  const zeroSetup = !process.env.DATABASE_URL;
  if (zeroSetup) {
    // A data folder whose database has anything in it is not a target; an empty one (a restore that failed) is.
    if (existsSync(path.join(dataDir, 'postgres'))) {
      const probe = await boot(process.env, { prepare: false });
      const owner = postgres(probe.ownerUrl, { max: 1, onnotice: () => {} });
      try {
        if (await relationsIn(owner) > 0) {
          throw new BackupProblem(`The target is not empty: the data folder ${dataDir} already holds an installation. Restore into a new data folder (set SARABAN_DATA_DIR).`);
        }
      } finally {
        await owner.end({ timeout: 5 });
        await probe.stop();
      }
    }
    // The new installation takes the backed-up one's secret: what it sealed opens again.
    const secret = await backedUpSecret(dir, key, id);
    if (secret) keepAuthSecret(dataDir, secret);
    else loadOrCreateSecrets(dataDir);
  }
  const booted = await boot(process.env, { prepare: false });
  try {
    const result = await restoreBackup(instanceOf(booted), dir, key, id);
    console.log(`backup ${result.manifest.id} restored in ${result.seconds.toFixed(1)} s: the database and ${result.objects} object(s), ${mb(result.bytes)}`);
    return 0;
  } finally {
    await closePools().catch(() => {});
    await booted.stop();
  }
}

async function backupsCommand(dir: string) {
  const repo = await openRepository(dir, await backupKey());
  const { complete, unfinished } = listBackups(repo);
  for (const id of complete) {
    const m = await readManifest(repo, id, { factsOnly: true });
    console.log(`${id}  ${m.finishedAt}  ${mb(m.totals.bytes)}  ${m.totals.objects} object(s)  Saraban ${m.app.version}`);
  }
  if (complete.length === 0) console.log(`${dir} holds no complete backup`);
  if (unfinished > 0) console.log('(and the leftovers of a backup that did not finish)');
  return 0;
}

async function exportAgencyCommand(code: string, dir: string) {
  const booted = await boot(process.env, { attach: true });
  try {
    const manifest = await exportAgency(booted.ownerUrl, instanceOf(booted).store, code, dir);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`agency ${manifest.agency.code} (${manifest.agency.nameTh}) exported to ${dir}: ${rows} row(s) in ${manifest.tables.length} table(s), ${manifest.files.length} file(s)`);
    return 0;
  } finally {
    await closePools().catch(() => {});
    await booted.stop();
  }
}

async function importAgencyCommand(dir: string) {
  const booted = await boot(process.env, { attach: true });
  try {
    const manifest = await importAgency(booted.ownerUrl, instanceOf(booted).store, dir);
    console.log(`agency ${manifest.agency.code} (${manifest.agency.nameTh}) imported from ${dir}: ${manifest.tables.reduce((n, t) => n + t.rows, 0)} row(s), ${manifest.files.length} file(s)`);
    return 0;
  } finally {
    await closePools().catch(() => {});
    await booted.stop();
  }
}

const backupCommands: Record<string, (dir: string, id?: string) => Promise<number>> = {
  backup: backupCommand, verify: verifyCommand, restore: restoreCommand, backups: backupsCommand,
};

const [command, ...options] = process.argv.slice(2);
if (command === 'export-agency' || command === 'import-agency') {
  const [first, second] = options;
  if (!first || (command === 'export-agency' && !second)) {
    console.error(command === 'export-agency' ? 'usage: npm run saraban -- export-agency <code> <dir>' : 'usage: npm run saraban -- import-agency <dir>');
    process.exit(2);
  }
  let code = 1;
  try {
    code = command === 'export-agency' ? await exportAgencyCommand(first, path.resolve(second!)) : await importAgencyCommand(path.resolve(first));
  } catch (error) {
    console.error(error instanceof BackupProblem ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  process.exit(code);
}
if (command && command in backupCommands) {
  const dir = options.find((o) => !o.startsWith('--') && options[options.indexOf(o) - 1] !== '--backup');
  const id = options.includes('--backup') ? options[options.indexOf('--backup') + 1] : undefined;
  if (!dir) {
    console.error(`usage: npm run saraban -- ${command} <dir>${command === 'verify' || command === 'restore' ? ' [--backup ID]' : ''}`);
    process.exit(2);
  }
  let code = 1;
  try {
    code = await backupCommands[command]!(path.resolve(dir), id);
  } catch (error) {
    console.error(error instanceof BackupProblem ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  process.exit(code);
}
if (command !== 'audit-verify' && command !== 'search-reindex') {
  console.error('usage: npm run saraban -- audit-verify | search-reindex [--all] | backup <dir> | verify <dir> | restore <dir> | backups <dir>'
    + ' | export-agency <code> <dir> | import-agency <dir>');
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
