/** The Hono environment every route shares: bindings, per-request db, config and clock. */
import type { Db } from '../db/client';
import type { Bindings, Config } from './env';
import type { Staff } from './middleware/admin';
import type { Voter } from './services/voter-session';

export interface AppDeps {
  /** The server clock in epoch milliseconds; tests pin it. */
  now: () => number;
}

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    db: Db;
    config: Config;
    now: () => number;
    /** Set by the `requireVoter()` middleware (worker/middleware/voter.ts) on routes that need a voter session. */
    voter?: Voter;
    /** Set by the `staff()` middleware (worker/middleware/admin.ts) on admin routes. */
    staff: Staff;
  };
};
