import { z } from 'zod';

/**
 * Runtime configuration of the web server, validated once. In the zero-setup mode
 * scripts/start.ts fills these in (embedded PostgreSQL, embedded S3, generated
 * secrets) before the server starts; in production they come from the environment.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_APP_URL: z.string().url(),
  DATABASE_PLATFORM_URL: z.string().url(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().min(3),
  S3_ACCESS_KEY_ID: z.string().min(1),
  S3_SECRET_ACCESS_KEY: z.string().min(1),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters'),
  NEXTAUTH_URL: z.string().url().optional(),
  SESSION_MAX_AGE_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(480),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Minutes without a request after which a session ends (its absolute end is SESSION_MAX_AGE_MINUTES). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  /** Seconds a request waits for a database connection before it is answered "busy". */
  DB_ACQUIRE_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(120).default(5),
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed; none by default. */
  TRUSTED_PROXIES: z.string().default('').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Where people reach the service (QR codes of signed letters, links in e-mails); NEXTAUTH_URL when unset. */
  PUBLIC_URL: z.string().url().optional(),
  RESEND_API_KEY: z.string().optional(),
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  MAIL_FROM_ADDRESS: z.string().default('no-reply@saraban.local'),
  /** Mail servers (names, `*.domain`) agencies may use; unset: any public host. */
  MAIL_ALLOWED_HOSTS: z.string().optional(),
  /** Mail servers on internal addresses agencies may use (exact names or addresses). */
  MAIL_INTERNAL_HOSTS: z.string().optional(),
  /** Government exchange (ECMS) nodes agencies may name (names, `*.domain`); unset: any public host. */
  EXCHANGE_ALLOWED_HOSTS: z.string().optional(),
  /** Exchange nodes on internal addresses agencies may use (exact names or addresses): the local node of the zero-setup mode is 127.0.0.1. */
  EXCHANGE_INTERNAL_HOSTS: z.string().optional(),
  /** Seconds between two pulls of an agency's exchange queue. */
  /** The app's port (the launcher reads it); the demo exchange node listens beside it. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The zero-setup demo's local exchange node port: PORT + 12 when unset. */
  EXCHANGE_DEMO_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  EXCHANGE_PULL_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  /** Items kept from the exchange that a worker process takes side by side (more with more cores). */
  EXCHANGE_TAKES_AT_ONCE: z.coerce.number().int().min(1).max(64).default(4),
  MAIL_POLL_SECONDS: z.coerce.number().min(10).max(86_400).default(60),
  INBOUND_EMAIL_DOMAIN: z.string().toLowerCase().optional(),
  /** Letters by e-mail whose files together are larger go as download links (MB). */
  EMAIL_ATTACHMENT_LIMIT_MB: z.coerce.number().min(0).max(1024).default(10),
  /** '1' accepts an agency SMTP server's self-signed certificate (test servers only). */
  SMTP_TLS_INSECURE: z.enum(['0', '1']).default('0'),
  /** Largest file accepted in one upload, in MB. */
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(50),
  /** Largest ZIP of an existing archive's files accepted in one import, in MB. */
  MAX_IMPORT_MB: z.coerce.number().int().min(1).max(65536).default(4096),
  /** The key scheduled backups are encrypted with (docs/operations.md); never stored by the app. */
  BACKUP_KEY: z.string().min(12, 'BACKUP_KEY must be at least 12 characters').optional(),
  /** Set by the launcher: the database and store are the embedded ones, the server secret generated here. */
  SARABAN_ZERO_SETUP: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Forgets the validated settings, so the next env() reads the environment again (tests that change a setting). */
export function resetEnv() {
  cached = undefined;
}

/** The service's public address without a trailing slash: PUBLIC_URL, else NEXTAUTH_URL, else the default local address. */
export function publicUrl() {
  const e = env();
  return (e.PUBLIC_URL ?? e.NEXTAUTH_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

export function env(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(
    Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${names}`);
  }
  cached = parsed.data;
  return cached;
}
