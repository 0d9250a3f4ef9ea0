/**
 * `npm run bench -- NAME`: runs bench/NAME.ts, prints its table, and merges its
 * figures into bench/results.json under their keys with the machine, the time measured (measured_at) and commit.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type BenchResult = { figures: Record<string, Record<string, number | string>>; table: Array<Record<string, unknown>> };

const name = process.argv[2];
const known = ['scale', 'request', 'registration', 'pdf', 'delivery', 'classified', 'audit', 'bombs', 'search', 'backup', 'text', 'prefill', 'live', 'archive', 'exchange'];
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${known.join(', ')})`);
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, '..');
const mod = (await import(`./${name}.ts`)) as { run: () => Promise<BenchResult> };
const result = await mod.run();
console.table(result.table);

const file = path.join(root, 'bench', 'results.json');
const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> : {};
const commit = (() => {
  try { return execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim(); } catch { return 'unknown'; }
})();
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version, os: `${os.type()} ${os.release()}` };
for (const [key, figures] of Object.entries(result.figures)) {
  all[key] = { ...figures, machine, measured_at: new Date().toISOString(), commit };
}
writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
console.log(`figures written to bench/results.json under: ${Object.keys(result.figures).join(', ')}`);
process.exit(0);
