import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import postgres from 'postgres';
import { appVersion, schemaVersion } from './database-dump';
import { BackupProblem } from './repository';
import { eachLimited, listObjects, type Store } from './take-backup';

/**
 * Everything one agency owns, in an open format (docs/agency-export.md): `manifest.json`, one JSON Lines
 * file per table under `tables/` (each row as PostgreSQL's to_jsonb gives it), and every file the agency's
 * rows name under `files/` (its own folder of the store, its signed letters, its published audit head).
 * Classified letters stay as they are stored: sealed, their keys wrapped for the agency's people.
 */
export type AgencyManifest = {
  format: 'saraban-agency-export';
  version: 1;
  exportedAt: string;
  app: { version: string; schema: string[] };
  agency: { id: string; code: string; nameTh: string };
  tables: Array<{ name: string; rows: number; file: string; sha256: string }>;
  files: Array<{ key: string; file: string; size: number; sha256: string; contentType?: string }>;
};

/** The agency's rows of a table: by tenant_id, or by the column that names the agency in the few that differ. */
const AGENCY_COLUMN: Record<string, string> = { tenants: 'id', agency_directory: 'id', signed_documents: 'agency_id' };
export const agencyColumn = (table: string) => AGENCY_COLUMN[table] ?? 'tenant_id';

async function agencyTables(owner: postgres.Sql) {
  const rows = await owner<Array<{ name: string; column: string }>>`
    select c.relname as name, a.attname as column from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and not a.attisdropped and a.attnum > 0
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and (a.attname = 'tenant_id' or (c.relname, a.attname) in (('tenants', 'id'), ('agency_directory', 'id'), ('signed_documents', 'agency_id')))
    order by c.relname`;
  return rows.filter((r) => agencyColumn(r.name) === r.column);
}

const fileName = (key: string) => key.split('/').map(encodeURIComponent).join('/');

export async function exportAgency(ownerUrl: string, store: Store, code: string, dir: string) {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BackupProblem(`${dir} is not empty: export into a new folder.`);
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [agency] = await owner<Array<{ id: string; code: string; name_th: string }>>`select id, code, name_th from tenants where code = ${code.trim().toLowerCase()}`;
    if (!agency) throw new BackupProblem(`There is no agency with the code ${code}.`);
    mkdirSync(path.join(dir, 'tables'), { recursive: true, mode: 0o700 });
    const manifest: AgencyManifest = {
      format: 'saraban-agency-export', version: 1, exportedAt: new Date().toISOString(),
      app: { version: appVersion(), schema: schemaVersion() },
      agency: { id: agency.id, code: agency.code, nameTh: agency.name_th }, tables: [], files: [],
    };
    const keys = new Set<string>();
    const tables = await agencyTables(owner);
    // One snapshot for every table: the rows agree with each other.
    await owner.begin('isolation level repeatable read read only', async (tx) => {
      for (const table of tables) {
        const file = `tables/${table.name}.jsonl`;
        const hash = createHash('sha256');
        const out = createWriteStream(path.join(dir, file), { mode: 0o600 });
        let rows = 0;
        const cursor = tx.unsafe(`select to_jsonb(t)::text as row from public."${table.name}" t where "${table.column}" = $1 order by 1`, [agency.id]).cursor(500);
        for await (const batch of cursor as AsyncIterable<Array<{ row: string }>>) {
          const text = `${batch.map((r) => r.row).join('\n')}\n`;
          hash.update(text);
          rows += batch.length;
          if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
          for (const { row } of batch) {
            const key = (JSON.parse(row) as { object_key?: unknown }).object_key;
            if (typeof key === 'string' && key !== '') keys.add(key);
          }
        }
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
        manifest.tables.push({ name: table.name, rows, file, sha256: hash.digest('hex') });
      }
    });
    for await (const o of listObjects(store, `tenants/${agency.id}/`)) keys.add(o.key);
    for await (const o of listObjects(store, `audit-heads/${agency.id}.json`)) keys.add(o.key);
    await eachLimited([...keys].sort(), 8, async (key) => {
      const file = `files/${fileName(key)}`;
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true, mode: 0o700 });
      let response;
      try {
        response = await store.client.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
      } catch (error) {
        // A row whose file was never stored (an upload that failed half-way) is exported as it is.
        if ((error as { name?: string }).name === 'NoSuchKey') return;
        throw new BackupProblem(`The object store failed while exporting ${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const hash = createHash('sha256');
      let size = 0;
      await pipeline(response.Body as Readable, new Transform({
        transform(chunk: Buffer, _e, done) { hash.update(chunk); size += chunk.length; done(null, chunk); },
      }), createWriteStream(path.join(dir, file), { mode: 0o600 }));
      manifest.files.push({ key, file, size, sha256: hash.digest('hex'), contentType: response.ContentType });
    });
    manifest.files.sort((a, b) => (a.key < b.key ? -1 : 1));
    writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await owner.end({ timeout: 5 });
  }
}

async function sha256Of(file: string) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Brings an agency export into this installation as that agency (same ids, same numbers, same audit chain):
 * every table and file is checked against the manifest first, the files are put back, then every row in one
 * transaction (with triggers and foreign-key checks held back while rows arrive in any order: the owner must
 * be a superuser). If the rows fail, the files put back are removed again.
 */
export async function importAgency(ownerUrl: string, store: Store, dir: string) {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) throw new BackupProblem(`${dir} holds no agency export (manifest.json is missing).`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as AgencyManifest;
  if (manifest.format !== 'saraban-agency-export' || manifest.version !== 1) throw new BackupProblem(`${dir} is not an agency export this version reads.`);
  const schema = schemaVersion();
  if (manifest.app.schema.join() !== schema.join()) {
    throw new BackupProblem(`The export was made by another version of Saraban (${manifest.app.version}, database ${manifest.app.schema.at(-1)}); this one has ${schema.at(-1)}. Import it with the same version.`);
  }
  for (const entry of [...manifest.tables, ...manifest.files]) {
    const at = path.join(dir, entry.file);
    if (!existsSync(at)) throw new BackupProblem(`The export is incomplete: ${entry.file} is missing.`);
    if (await sha256Of(at) !== entry.sha256) throw new BackupProblem(`The export is damaged: ${entry.file} is not what its manifest says.`);
  }
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const put: string[] = [];
  try {
    const [taken] = await owner<Array<{ code: string }>>`select code from tenants where id = ${manifest.agency.id} or code = ${manifest.agency.code}`;
    if (taken) throw new BackupProblem(`This installation already has the agency ${taken.code}: an export is imported only where the agency is not.`);
    const tables = new Map((await agencyTables(owner)).map((t) => [t.name, t]));
    const unknown = manifest.tables.find((t) => !tables.has(t.name));
    if (unknown) throw new BackupProblem(`The export has a table this installation does not: ${unknown.name}.`);

    await eachLimited(manifest.files, 8, async (f) => {
      await store.client.send(new PutObjectCommand({ Bucket: store.bucket, Key: f.key, Body: createReadStream(path.join(dir, f.file)), ContentLength: f.size, ContentType: f.contentType }));
      put.push(f.key);
    });
    await owner.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      for (const table of manifest.tables) {
        const columns = await tx<Array<{ name: string; identity: boolean }>>`
          select attname as name, attidentity <> '' as identity from pg_attribute
          where attrelid = ${`public."${table.name}"`}::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`;
        const list = columns.map((c) => `"${c.name}"`).join(', ');
        const insert = (rows: string[]) => tx.unsafe(
          `insert into public."${table.name}" (${list}) overriding system value select ${list} from jsonb_populate_recordset(null::public."${table.name}", $1::text::jsonb)`,
          [`[${rows.join(',')}]`]);
        let batch: string[] = [];
        for await (const line of createInterface({ input: createReadStream(path.join(dir, table.file)), crlfDelay: Infinity })) {
          if (line === '') continue;
          batch.push(line);
          if (batch.length >= 500) {
            await insert(batch);
            batch = [];
          }
        }
        if (batch.length > 0) await insert(batch);
        // Identity columns go on after the imported numbers.
        for (const c of columns.filter((col) => col.identity)) {
          await tx.unsafe(`select setval(pg_get_serial_sequence('public."${table.name}"', '${c.name}'), greatest((select max("${c.name}") from public."${table.name}"), 1))`);
        }
      }
    });
    return manifest;
  } catch (error) {
    for (let i = 0; i < put.length; i += 1000) {
      await store.client.send(new DeleteObjectsCommand({ Bucket: store.bucket, Delete: { Objects: put.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } })).catch(() => {});
    }
    throw error;
  } finally {
    await owner.end({ timeout: 5 });
  }
}
