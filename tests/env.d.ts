import type { D1Migration } from '@cloudflare/vitest-plugin';
import type { Bindings } from '../worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      /** An unmigrated D1 (vitest.config.ts), for a migration applied to a filled database. */
      UNMIGRATED_DB: D1Database;
      FUZZ_SEED: string;
      FUZZ_RUNS: string;
    }
  }
}
