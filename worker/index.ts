/** Workers entry: the Hono app for fetch, housekeeping for the cron trigger. */
import { buildApp } from './app';

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<import('./env').Bindings>;
