import { defineConfig } from 'drizzle-kit';

/**
 * Only for `npm run db:sql` (drizzle-kit export): prints the SQL of db/schema.ts as a draft for a
 * hand-written migration. drizzle-kit does not write migrations here (docs/architecture.md, "Data model").
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  // Not db/migrations: wrangler would apply whatever a stray `drizzle-kit generate` wrote there.
  out: './dist/drizzle-kit',
});
