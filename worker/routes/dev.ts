/**
 * Development only: GET /api/dev/sms reads the codes the console SMS provider recorded. It answers
 * 404 whenever a real SMS provider is configured (and env.ts refuses `console` in production).
 */
import { Hono } from 'hono';
import { DevSmsQuery } from '../../contracts/api';
import { normalisePhone } from '../../contracts/phone';
import { devSmsFor } from '../../db/queries/otp';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import { phoneHash } from '../services/otp';

export const dev = new Hono<AppEnv>().get('/sms', valid('query', DevSmsQuery), async (c) => {
  const { config, db } = c.var;
  if (config.SMS_PROVIDER !== 'console' || config.APP_ENV === 'production') throw new ApiError('not_found');
  const phone = normalisePhone(c.req.valid('query').phone);
  if (!phone) throw new ApiError('invalid_phone');
  const rows = await devSmsFor(db, await phoneHash(config, phone));
  return c.json({ messages: rows.map((r) => ({ code: r.code, sentAt: new Date(r.sentAt).toISOString() })) }, 200, {
    'Cache-Control': 'no-store',
  });
});
