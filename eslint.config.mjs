import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const scopedDbOnly = {
  patterns: [{
    group: ['@/db/client', '@/db/client.*'],
    message: 'Tenant data is reached only through runInTenant (db/scope.ts) or the tRPC context; cross-tenant work only through server/platform/.',
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
  // Routers, domain modules and pages never hold a database pool of their own.
  {
    files: ['app/**', 'server/**'],
    ignores: ['server/platform/**', 'server/health/**'],
    rules: { 'no-restricted-imports': ['error', scopedDbOnly] },
  },
];

export default config;
