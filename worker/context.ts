/** The Hono environment every route shares: bindings, per-request db, config and clock. */
import type { Db } from '../db/client';
import type { Bindings, Config } from './env';

export interface AppDeps {
  /** The server clock in epoch milliseconds; tests pin it. */
  now: () => number;
}

export type AppEnv = {
  Bindings: Bindings;
  Variables: { db: Db; config: Config; now: () => number; staff: import('./middleware/staff').Staff };
};
