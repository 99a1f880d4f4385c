/** Workers entry: the Hono app for fetch; housekeeping and the ballot record for the cron triggers. */
import { openDb } from '../db/client';
import { buildApp } from './app';
import { readConfig, type Bindings } from './env';
import { withEdgeCache } from './middleware/edge-cache';
import { housekeeping } from './services/housekeeping';
import { recordJob, retentionJob } from './services/integrity/job';
import { clearExpiredObjectorData } from './services/objections';

const app = buildApp();
/** `npm run bench:reads` times cache misses at `?bench=<unique>`; only where its routes are on. */
const BENCH_KEYS = ['bench'];

/** The cron in wrangler.toml that scans for brushing and seals checkpoints; the other one is hourly. */
const RECORD_CRON = '*/5 * * * *';

export default {
  fetch: withEdgeCache(app.fetch, {
    extraQueryKeys: (env: Bindings) => (env.BENCH_ROUTES === 'on' ? BENCH_KEYS : undefined),
  }),
  scheduled(controller, env, ctx) {
    const db = openDb(env.DB);
    const now = Date.now();
    if (controller.cron === RECORD_CRON) {
      ctx.waitUntil(recordJob(db, readConfig(env), now));
    } else {
      ctx.waitUntil(housekeeping(db, now));
      ctx.waitUntil(retentionJob(db, readConfig(env), now));
      ctx.waitUntil(clearExpiredObjectorData(db, readConfig(env).OBJECTION_RETENTION_DAYS, now));
    }
  },
} satisfies ExportedHandler<Bindings>;
