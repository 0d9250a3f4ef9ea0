import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '@/core/env';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { publishAuditHeads, readPublishedHead, verifyAgencyChain } from '@/server/audit/audit-chain';
import { agencyColumn, exportAgency, importAgency, type AgencyManifest } from '@/server/backup/agency-export';
import { listObjects } from '@/server/backup/take-backup';
import { seedDemo } from '@/server/platform/seed-demo';
import { bucket, ensureBucket, readObject, s3 } from '@/server/storage/s3';
import { callerFor, userClaims } from './factories';
import { type OwnServices, startOwnServices } from './own-services';

/**
 * An agency takes all it owns with it (server/backup/agency-export.ts): exported from one installation (the
 * demo's cgd: a classified letter received, registered and routed, its people, keys, registers, audit log),
 * imported into a fresh one as that agency: the same rows, the same files, the same registers shown to its
 * registry officer, the audit chain verifying. A damaged export or an agency already there is refused.
 */

let services: OwnServices;
let owner: postgres.Sql;
let dir: string;
let cgd: { id: string };
const store = () => ({ client: s3(), bucket: bucket() });

beforeAll(async () => {
  services = await startOwnServices('agencyexport');
  owner = postgres(services.ownerUrl, { max: 1, onnotice: () => {} });
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'saraban-agency-')), 'cgd');
  await seedDemo();
  await publishAuditHeads(owner);
  cgd = (await owner<Array<{ id: string }>>`select id from tenants where code = 'cgd'`)[0]!;
}, 300_000);

afterAll(async () => {
  await owner?.end({ timeout: 5 });
  await services?.stop();
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

/** The agency's rows, table by table (a digest of each), and its files by SHA-256. */
async function agencyState(manifest: AgencyManifest) {
  const tables: Record<string, string> = {};
  for (const t of manifest.tables) {
    const column = agencyColumn(t.name);
    const [row] = await owner.unsafe<Array<{ n: number; digest: string }>>(
      `select count(*)::int as n, md5(coalesce(string_agg(to_jsonb(t)::text, E'\\n' order by to_jsonb(t)::text), '')) as digest from public."${t.name}" t where "${column}" = $1`, [cgd.id]);
    tables[t.name] = `${row!.n} ${row!.digest}`;
  }
  const files: Record<string, string> = {};
  for (const f of manifest.files) files[f.key] = createHash('sha256').update(await readObject(f.key)).digest('hex');
  return { tables, files };
}

async function registerLines() {
  const [registry] = await owner<Array<{ id: string }>>`select id from users where tenant_id = ${cgd.id} and username = 'registry'`;
  const { caller } = callerFor(await userClaims(cgd.id, registry!.id));
  const lines: unknown[] = [];
  for (const register of await caller.registry.registers()) {
    for (const yearBe of [2569, 2570]) lines.push(...(await caller.registry.entries({ registerId: register.id, yearBe })).entries);
  }
  return lines;
}

describe('an agency export', () => {
  let manifest: AgencyManifest;
  let before: Awaited<ReturnType<typeof agencyState>>;
  let linesBefore: unknown[];

  it('holds every row and file of the agency, classified ones still sealed, described by its manifest', async () => {
    manifest = await exportAgency(services.ownerUrl, store(), 'cgd', dir);
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    for (const table of ['tenants', 'users', 'letters', 'letter_files', 'register_entries', 'letter_assignments', 'audit_log', 'person_keys', 'letter_keys']) {
      expect(rows[table], table).toBeGreaterThan(0);
    }
    expect(manifest.files.some((f) => f.key.startsWith(`tenants/${cgd.id}/`))).toBe(true);
    expect(manifest.files.some((f) => f.key === `audit-heads/${cgd.id}.json`)).toBe(true);
    // The classified letter's subject exists only as ciphertext, in the rows and in the files.
    const everything = manifest.tables.map((t) => readFileSync(path.join(dir, t.file), 'utf8')).join('\n')
      + manifest.files.map((f) => readFileSync(path.join(dir, f.file)).toString('latin1')).join('\n');
    expect(everything).not.toContain('ทดสอบหนังสือลับสาธิต');
    expect(everything).not.toContain('SARABAN-CLASSIFIED-DEMO');
    // No other agency's rows (others are named only where a letter names its sender).
    for (const t of manifest.tables) {
      const column = agencyColumn(t.name);
      const owners = new Set(readFileSync(path.join(dir, t.file), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as Record<string, string>)[column]));
      expect([...owners], t.name).toEqual(t.rows > 0 ? [cgd.id] : []);
    }
    before = await agencyState(manifest);
    linesBefore = await registerLines();
    expect(linesBefore.length).toBeGreaterThan(0);
  }, 120_000);

  it('imports into a fresh installation as the same agency: the same rows, files and register lines; the chain verifies', async () => {
    await owner.end({ timeout: 5 });
    await services.destroy();
    owner = postgres(services.ownerUrl, { max: 1, onnotice: () => {} });
    await migrateDatabase(services.ownerUrl);
    await enableRoleLogins(services.ownerUrl, process.env.NEXTAUTH_SECRET!);
    await closePools();
    resetEnv();
    await ensureBucket();
    await importAgency(services.ownerUrl, store(), dir);
    expect(await agencyState(manifest)).toEqual(before);
    expect(await registerLines()).toEqual(linesBefore);
    const report = await verifyAgencyChain(owner, cgd.id, { publishedHead: await readPublishedHead(cgd.id) });
    expect(report.broken).toBeNull();
    expect(report.entries).toBeGreaterThan(0);
  }, 120_000);

  it('is refused where the agency already is, or when a file of it was changed, and changes nothing', async () => {
    const objects = async () => { let n = 0; for await (const _ of listObjects(store())) n++; return n; };
    const count = await objects();
    await expect(importAgency(services.ownerUrl, store(), dir)).rejects.toThrow(/already has the agency cgd/);
    const table = manifest.tables.find((t) => t.name === 'letters')!;
    const file = path.join(dir, table.file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"registered"', '"waiting"').concat('\n'));
    await expect(importAgency(services.ownerUrl, store(), dir)).rejects.toThrow(/The export is damaged: tables\/letters\.jsonl/);
    expect(await objects()).toBe(count);
  }, 120_000);
});
