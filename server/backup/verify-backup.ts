import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eachLimited } from './take-backup';
import { listBackups, openRepository, pickBackup, readBlob, type Manifest } from './repository';

export type VerifyResult = { manifest: Manifest; problems: string[]; files: number; bytes: number; unfinished: number };

/**
 * Proves a backup complete and intact without restoring it: its manifest opens with the key, and
 * every file it names is there, opens, and has the size and SHA-256 the manifest records.
 */
export async function verifyBackup(dir: string, passphrase: string | undefined, id?: string): Promise<VerifyResult> {
  const repo = await openRepository(dir, passphrase);
  const manifest = await pickBackup(repo, id);
  const problems: string[] = [];
  let bytes = 0;
  const files = new Map<string, { blob: string; sha256: string; size: number; label: string }>();
  files.set(manifest.database.blob, { ...manifest.database, label: 'the database dump' });
  for (const o of manifest.objects) if (!files.has(o.blob)) files.set(o.blob, { ...o, label: `object ${o.key}` });
  await eachLimited(files.values(), 4, async (file) => {
    try {
      await pipeline(readBlob(repo, file, file.label), new Writable({ write(chunk: Buffer, _e, done) { bytes += chunk.length; done(); } }));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  });
  return { manifest, problems: problems.sort(), files: files.size, bytes, unfinished: listBackups(repo).unfinished };
}
