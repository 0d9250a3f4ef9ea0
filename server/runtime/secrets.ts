import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateStoreCredentials, type StoreCredentials } from './embedded-s3';

export type LocalSecrets = { authSecret: string; postgresPassword: string; store: StoreCredentials };

/**
 * Zero-setup secrets, generated once and kept (mode 600) in the data folder. The folder
 * itself lists for nobody else (mode 711: the embedded PostgreSQL's own OS user, when the
 * service runs as root, still passes through it to its data). A secret added in a later
 * version (the object store's credentials) is generated and kept on first start.
 */
export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o711);
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets> : {};
  const secrets: LocalSecrets = {
    authSecret: kept.authSecret ?? randomBytes(32).toString('base64url'),
    postgresPassword: kept.postgresPassword ?? randomBytes(18).toString('base64url'),
    store: kept.store ?? generateStoreCredentials(),
  };
  if (!kept.authSecret || !kept.postgresPassword || !kept.store) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

/** A new data folder that is to hold a restored installation takes that installation's server secret. */
export function keepAuthSecret(dataDir: string, authSecret: string) {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'secrets.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets> : {};
  writeFileSync(file, JSON.stringify({ ...kept, authSecret }, null, 2), { mode: 0o600 });
  return loadOrCreateSecrets(dataDir);
}
