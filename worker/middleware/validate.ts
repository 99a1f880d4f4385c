/**
 * Input validation through zod, with failures turned into the `invalid_request` envelope.
 * Handlers read input only through `c.req.valid(target)`.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { z, type ZodType } from 'zod';
import { ApiError } from '../errors';

// Field messages in `error.issues` are read by people too: say them in Chinese.
z.config(z.locales.zhCN());

/**
 * @example app.post('/otp', valid('json', OtpRequest), (c) => { const body = c.req.valid('json') })
 */
export function valid<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ApiError('invalid_request', {
        issues: result.error.issues.map((i) => ({
          path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
          message: i.message,
        })),
      });
    }
  });
}
