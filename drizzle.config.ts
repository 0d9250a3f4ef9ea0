import { defineConfig } from 'drizzle-kit';

// Used only to generate SQL migrations from db/schema; migrations are applied by
// scripts/start.ts (db/migrate.ts) with the owner connection.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/saraban' },
});
