/**
 * Development only: GET /api/dev/sms reads the codes the console SMS provider recorded. It answers
 * 404 whenever a real SMS provider is configured (and env.ts refuses `console` in production).
 */
import { createRoute } from '@hono/zod-openapi';
import { DevSmsList, DevSmsQuery } from '../../contracts/api';
import { normalisePhone } from '../../contracts/phone';
import { devSmsFor } from '../../db/queries/otp';
import { ApiError } from '../errors';
import { phoneHash } from '../services/otp';
import { errors, json, PUBLIC, router } from './declare';

const getDevSms = createRoute({
  method: 'get',
  path: '/sms',
  operationId: 'listDevSms',
  tags: ['development'],
  summary: 'Development only: the codes the console SMS provider recorded for a phone',
  description: '404 whenever a real SMS provider is configured, and always in production.',
  security: PUBLIC,
  request: { query: DevSmsQuery },
  responses: {
    200: json(DevSmsList, 'The codes, newest first'),
    ...errors('invalid_request', 'invalid_phone', 'not_found'),
  },
});

export const dev = router().openapi(getDevSms, async (c) => {
  const { config, db } = c.var;
  if (config.SMS_PROVIDER !== 'console' || config.APP_ENV === 'production') throw new ApiError('not_found');
  const phone = normalisePhone(c.req.valid('query').phone);
  if (!phone) throw new ApiError('invalid_phone');
  const rows = await devSmsFor(db, await phoneHash(config, phone));
  return c.json({ messages: rows.map((r) => ({ code: r.code, sentAt: new Date(r.sentAt).toISOString() })) }, 200, {
    'Cache-Control': 'no-store',
  });
});
