import { defineConfig } from 'drizzle-kit';

/** Generates SQL migrations from db/schema.ts; wrangler applies them (`npm run db:local`, or `wrangler d1 migrations apply DB --remote`). */
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
