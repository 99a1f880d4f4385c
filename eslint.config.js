import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers import downward only (docs/architecture.md, "Layers"):
 * contracts/ <- db/ <- worker/services/ <- worker/routes/, worker/pages/; site/ imports only contracts/,
 * and the type of the API app (worker/routes/api.ts) that its typed client is built on, as a type only.
 * Each entry forbids the folders above (or beside) a layer. Patterns match the import specifier
 * (gitignore style, relative paths allowed), so `**\/worker/**` catches '../../worker/services/x'.
 */
/**
 * The contracts/ modules without zod at run time: the only ones whose values site/ may import (zod in a
 * page's script costs its size, and building a z.object runs zod's eval probe, which the pages'
 * Content-Security-Policy blocks and reports). Types may come from any module. docs/architecture.md,
 * "Layers", states the rule.
 */
const ZOD_FREE = [
  'audit-labels',
  'calendar',
  'captcha',
  'china-time',
  'choices',
  'decision',
  'detection-rules',
  'field-messages',
  'guidance',
  'labels',
  'messages',
  'phone',
  'publicity',
  'site',
  'widget',
  'workflow',
];
/** The admin islands may also import these, which build only enum and string schemas (no eval probe). */
const ADMIN_ZOD_OK = ['enums', 'admin-accounts'];
const zodFreeOnly = (allowed) => ({
  group: ['**/contracts/*', ...allowed.map((m) => `!**/contracts/${m}`)],
  allowTypeImports: true,
  message: `Browser code imports values only from the zod-free contracts/ modules (eslint.config.js ZOD_FREE; types from any); see docs/architecture.md "Layers".`,
});

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
  zod: zodFreeOnly(ZOD_FREE),
  zodAdmin: zodFreeOnly([...ZOD_FREE, ...ADMIN_ZOD_OK]),
  zodItself: {
    group: ['zod', 'zod/*', './*', ...ZOD_FREE.map((m) => `!./${m}`)],
    allowTypeImports: true,
    message:
      'This contracts/ module is zod-free (ZOD_FREE in eslint.config.js), since site/ imports its values: no zod, and values only from zod-free modules.',
  },
};
const restrict = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });
const tsRestrict = (files, ...patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

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
  restrict(
    ZOD_FREE.map((m) => `contracts/${m}.ts`),
    above.db,
    above.worker,
    above.site,
    above.http,
    above.drizzle,
    above.zodItself,
  ),
  restrict(['db/**'], above.worker, above.site, above.http),
  restrict(['worker/services/**'], above.routes, above.site, above.purge, above.schema),
  restrict(['worker/routes/**'], above.pages, above.site, above.purge, above.schema),
  restrict(['worker/pages/**'], above.api, above.site, above.purge, above.schema),
  restrict(['worker/middleware/**'], above.site, above.purge, above.schema),
  restrict(['worker/embed/**'], above.api, above.pages, above.site, above.purge, above.schema),
  // typescript-eslint's version of the rule, which knows `import type`; the admin islands' entry replaces the site's.
  tsRestrict(['site/**'], above.backend, above.appType, above.zod),
  tsRestrict(['site/src/islands/admin/**'], above.backend, above.appType, above.zodAdmin),
);
