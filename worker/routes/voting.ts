/** Phone verification: SMS codes and voter sessions (API.md). */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { OtpRequest, VoterSessionRequest } from '../../contracts/api';
import { normalisePhone } from '../../contracts/phone';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import { captchaFor } from '../services/captcha-config';
import { clientIp } from '../services/network';
import { CODE_TTL_S, RESEND_S, requestCode, verifyCode } from '../services/otp';
import { createSms } from '../services/sms';
import { requireVoter, startVoterSession } from '../services/voter-session';

function phoneOf(input: string): string {
  const phone = normalisePhone(input);
  if (!phone)
    throw new ApiError('invalid_phone', { issues: [{ path: ['phone'], message: '不是有效的中国大陆手机号码' }] });
  return phone;
}

/** The challenge also travels as a cookie, scoped to the one route that reads it. */
const CHALLENGE_COOKIE = 'lf_otp';
const CHALLENGE_COOKIE_OPTIONS = {
  httpOnly: true,
  secure: true,
  sameSite: 'Strict',
  path: '/api/voter-session',
  maxAge: CODE_TTL_S,
} as const;

export const otp = new Hono<AppEnv>().post('/', valid('json', OtpRequest), async (c) => {
  const body = c.req.valid('json');
  const phone = phoneOf(body.phone);
  const { db, config } = c.var;
  const now = c.var.now();
  const { challenge } = await requestCode(
    { db, config, now, sms: createSms(config, db, c.var.now), captcha: captchaFor(config) },
    phone,
    body.captcha,
    clientIp(c),
  );
  setCookie(c, CHALLENGE_COOKIE, challenge, CHALLENGE_COOKIE_OPTIONS);
  return c.json({ expiresIn: CODE_TTL_S, resendIn: RESEND_S, challenge }, 202, { 'Cache-Control': 'no-store' });
});

export const voterSession = new Hono<AppEnv>()
  .post('/', valid('json', VoterSessionRequest), async (c) => {
    const body = c.req.valid('json');
    const phone = phoneOf(body.phone);
    const voter = await verifyCode(
      { db: c.var.db, config: c.var.config, now: c.var.now() },
      phone,
      body.code,
      body.challenge ?? getCookie(c, CHALLENGE_COOKIE),
      clientIp(c),
    );
    deleteCookie(c, CHALLENGE_COOKIE, { path: CHALLENGE_COOKIE_OPTIONS.path, secure: true });
    const session = await startVoterSession(c, voter.phoneHash, voter.masked);
    return c.json(
      { expiresAt: new Date(session.expiresAt).toISOString(), token: session.token, phone: voter.masked },
      200,
      {
        'Cache-Control': 'no-store',
      },
    );
  })
  .get('/', async (c) => {
    const voter = await requireVoter(c);
    return c.json({ expiresAt: new Date(voter.expiresAt).toISOString(), phone: voter.masked }, 200, {
      'Cache-Control': 'no-store',
    });
  });
