import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers import downward only (docs/architecture.md, "Layers"):
 * contracts/ <- db/ <- worker/services/ <- worker/routes/, worker/pages/; site/ imports only contracts/,
 * and the type of the API app (worker/routes/api.ts) that its typed client is built on, as a type only.
 * Each entry forbids the folders above (or beside) a layer. Patterns match the import specifier
 * (gitignore style, relative paths allowed), so `**\/worker/**` catches '../../worker/services/x'.
 */
const above = {
  db: { group: ['**/db', '**/db/**'], message: 'contracts/ must not import db/ (layers import downward only).' },
  worker: { group: ['**/worker', '**/worker/**'], message: 'Only worker/ may import worker/ code.' },
  site: { group: ['**/site/**'], message: 'Only site/ may import site/ code; share through contracts/.' },
  routes: {
    group: ['**/routes/*', '**/pages/*', '**/app', '**/middleware/*'],
    message: 'Services must not import routes, pages, middleware or the app (layers import downward only).',
  },
  pages: { group: ['**/pages/*'], message: 'API routes must not import pages: share code through worker/services/.' },
  api: { group: ['**/routes/*'], message: 'Pages must not import API routes: share code through worker/services/.' },
  http: { group: ['hono', 'hono/*'], message: 'Below worker/ nothing knows HTTP.' },
  drizzle: { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'contracts/ imports zod only, never drizzle.' },
  schema: {
    group: ['**/db/schema', '**/db/schema.ts'],
    message: 'worker/ reads and writes through db/queries/, never the tables of db/schema.',
  },
  purge: {
    group: ['**/services/edge-cache-purge'],
    importNames: ['purge'],
    message:
      'Purge through purgeCommitted (worker/services/edge-cache-purge.ts): a failed purge after a committed change is logged, not answered.',
  },
  backend: {
    group: ['**/db', '**/db/**', '**/worker', '**/worker/**', '!**/worker/routes/api'],
    message: 'site/ imports only contracts/ and its own files.',
  },
  appType: {
    group: ['**/worker/routes/api'],
    allowTypeImports: true,
    message:
      "site/ imports only the API app's type (import type), for its typed client: no Worker code reaches the browser.",
  },
};
const restrict = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.wrangler',
      'site/.astro',
      'db/migrations',
      'test-results',
      'worker-configuration.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  restrict(['contracts/**'], above.db, above.worker, above.site, above.http, above.drizzle),
  restrict(['db/**'], above.worker, above.site, above.http),
  restrict(['worker/services/**'], above.routes, above.site, above.purge, above.schema),
  restrict(['worker/routes/**'], above.pages, above.site, above.purge, above.schema),
  restrict(['worker/pages/**'], above.api, above.site, above.purge, above.schema),
  restrict(['worker/middleware/**'], above.site, above.purge, above.schema),
  restrict(['worker/embed/**'], above.api, above.pages, above.site, above.purge, above.schema),
  {
    // typescript-eslint's version of the rule, which knows `import type`.
    files: ['site/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [above.backend, above.appType] }],
    },
  },
);
