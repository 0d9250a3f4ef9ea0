import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const scopedDbOnly = {
  patterns: [{
    group: ['@/db/client', '@/db/client.*'],
    message: 'Tenant data is reached only through runInTenant (db/scope.ts) or the tRPC context; cross-tenant work only through server/platform/.',
  }, {
    group: ['@/server/jobs', '@/server/jobs/*'],
    message: 'server/jobs/ is the top layer (it knows every domain); queue work with enqueue from server/queue/.',
  }],
};

const config = [
  { ignores: ['.next/**', 'node_modules/**', '.data/**', '.data-*/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations/**'] },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // The house in layers: core/ (the vocabulary, settings, error keys) imports nothing of the
  // others; db/ imports only core/; server/ and app/ build on both.
  {
    files: ['core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/server/*', '@/db/*', '@/app/*', '@/emails/*'], message: 'core/ is the bottom of the house: it imports nothing of server/, db/, app/ or emails/.' }] }] },
  },
  {
    files: ['db/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/server/*', '@/app/*', '@/emails/*'], message: 'db/ builds on core/ only; what uses the domain lives in server/.' }] }] },
  },
  // Settings are read once, validated, through env() (core/env.ts); the zero-setup boot is what fills them in.
  {
    files: ['app/**', 'server/**', 'db/**', 'emails/**', 'core/**'],
    ignores: ['core/env.ts', 'server/runtime/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through env() or publicUrl() (core/env.ts).' }],
    },
  },
  // Routers, domain modules and pages never hold a database pool of their own.
  {
    files: ['app/**', 'server/**'],
    ignores: ['server/platform/**', 'server/health/**'],
    rules: { 'no-restricted-imports': ['error', scopedDbOnly] },
  },
];

export default config;
