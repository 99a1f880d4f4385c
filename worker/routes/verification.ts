/** Phone verification: SMS codes and voter sessions (docs/api.md). */
import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  OtpAccepted,
  OtpRequest,
  VoterSessionCurrent,
  VoterSessionRequest,
  VoterSessionStarted,
} from '../../contracts/api';
import { invalidPhone } from '../../contracts/messages';
import { normalisePhone } from '../../contracts/phone';
import { ApiError } from '../errors';
import { currentVoter } from '../middleware/voter';
import { captchaFor } from '../services/captcha-config';
import { clientIp } from '../services/network';
import { CODE_TTL_S, RESEND_S, requestCode, verifyCode } from '../services/otp';
import { createSms } from '../services/sms';
import { startVoterSession } from '../services/voter-session';
import { errors, json, jsonBody, PUBLIC, router, VOTER_OPTIONAL } from './declare';

/** The mainland number, or `invalid_phone` for anything else (an empty string included). */
function phoneOf(input: string): string {
  const phone = normalisePhone(input);
  if (!phone) throw new ApiError('invalid_phone', { issues: [{ path: ['phone'], message: invalidPhone }] });
  return phone;
}

const requestOtp = createRoute({
  method: 'post',
  path: '/',
  operationId: 'requestOtp',
  tags: ['verification'],
  summary: 'Send a 6-digit SMS code',
  description:
    "A captcha token is required when a captcha provider is configured. Resends wait 60 s; codes per phone, per network and per day are limited (429 with Retry-After). Returns an opaque `challenge` (also set as the HttpOnly cookie `lf_otp`) that the verification must send back. Each challenge keeps its own code until it is used, expires (5 min) or runs out of tries (5): a request from another client for the same phone never invalidates it. A resend that sends this client's earlier `challenge` invalidates that earlier code.",
  security: PUBLIC,
  request: { body: jsonBody(OtpRequest) },
  responses: {
    202: json(OtpAccepted, 'The code is on its way'),
    ...errors('invalid_request', 'invalid_phone', 'captcha_failed', 'rate_limited'),
  },
});

const startSession = createRoute({
  method: 'post',
  path: '/',
  operationId: 'startVoterSession',
  tags: ['verification'],
  summary: 'Verify the SMS code and open a voter session',
  description:
    "Sets the HttpOnly `lf_voter` cookie and returns the same session as a bearer token. The `challenge` from POST /api/otp (body or `lf_otp` cookie) must match, and the code is checked against that challenge only: a guess without it counts nothing against the code. Failed verifications per client network are limited (429), except that a verification sending an open challenge of its own is always checked (its guesses are bounded by the challenge's 5 tries), so a correct code is never refused.",
  security: PUBLIC,
  request: { body: jsonBody(VoterSessionRequest) },
  responses: {
    200: json(VoterSessionStarted, 'The session'),
    ...errors('invalid_request', 'invalid_phone', 'invalid_code', 'rate_limited'),
  },
});

const getSession = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getVoterSession',
  tags: ['verification'],
  summary: 'The current voter session (masked phone and expiry), or null',
  description:
    'Answers 200 with `session: null` when the request carries no valid session: a page asks on every load, and no session yet is not an error.',
  security: VOTER_OPTIONAL,
  responses: { 200: json(VoterSessionCurrent, 'The session, or null') },
});

/** The challenge also travels as a cookie, scoped to the one route that reads it. */
const CHALLENGE_COOKIE = 'lf_otp';
const CHALLENGE_COOKIE_OPTIONS = {
  httpOnly: true,
  secure: true,
  sameSite: 'Strict',
  path: '/api/voter-session',
  maxAge: CODE_TTL_S,
} as const;

export const otp = router().openapi(requestOtp, async (c) => {
  const body = c.req.valid('json');
  const phone = phoneOf(body.phone);
  const { db, config } = c.var;
  const now = c.var.now();
  const { challenge } = await requestCode(
    { db, config, now, sms: createSms(config, db, c.var.now), captcha: captchaFor(config) },
    phone,
    body.captcha,
    clientIp(c),
    body.challenge,
  );
  setCookie(c, CHALLENGE_COOKIE, challenge, CHALLENGE_COOKIE_OPTIONS);
  return c.json({ expiresIn: CODE_TTL_S, resendIn: RESEND_S, challenge }, 202, { 'Cache-Control': 'no-store' });
});

export const voterSession = router()
  .openapi(startSession, async (c) => {
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
    const session = await startVoterSession(c, voter.phoneHash, voter.masked, voter.codeSentAt);
    return c.json(
      { expiresAt: new Date(session.expiresAt).toISOString(), token: session.token, phone: voter.masked },
      200,
      { 'Cache-Control': 'no-store' },
    );
  })
  .openapi(getSession, async (c) => {
    const voter = await currentVoter(c);
    const session = voter && { expiresAt: new Date(voter.expiresAt).toISOString(), phone: voter.masked };
    return c.json({ session }, 200, { 'Cache-Control': 'no-store' });
  });
