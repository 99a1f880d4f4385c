/** Workers entry: the Hono app for fetch, housekeeping for the hourly cron trigger. */
import { openDb } from '../db/client';
import { buildApp } from './app';
import type { Bindings } from './env';
import { housekeeping } from './services/housekeeping';

const app = buildApp();

export default {
  fetch: app.fetch,
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(housekeeping(openDb(env.DB), Date.now()));
  },
} satisfies ExportedHandler<Bindings>;
