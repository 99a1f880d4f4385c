/**
 * Input validation through zod, with failures turned into the `invalid_request` envelope. Every route
 * is declared with `createRoute` (worker/routes/declare.ts), whose request schemas `@hono/zod-openapi`
 * validates before the handler; this hook is what a failure becomes. Handlers read input only through
 * `c.req.valid(target)`.
 */
import type { Hook } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { fieldMessage } from '../../contracts/field-messages';
import { ApiError } from '../errors';

// Field messages in `error.issues` are read by people too: say them in Chinese, naming the field and
// what to enter (contracts/field-messages.ts); zod's Chinese locale words anything the map leaves.
z.config(z.locales.zhCN());
z.config({ customError: fieldMessage });

/**
 * The `defaultHook` of every router: throws `invalid_request` with the zod issues (paths and Chinese
 * messages), which `handleError` answers with status 400.
 *
 * @example new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest })
 */
export const invalidRequest: Hook<unknown, AppEnv, any, void> = (result) => {
  if (!result.success) {
    throw new ApiError('invalid_request', {
      issues: result.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      })),
    });
  }
};
