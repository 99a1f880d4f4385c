/**
 * SMS verification codes (docs/product.md, voting rules): 6 digits from a CSPRNG, stored only as a keyed
 * hash, compared in constant time, single use, valid 5 minutes, 5 wrong attempts kill the code,
 * 60 s before a resend, per-phone, per-network and global limits. Every code belongs to one challenge
 * (the client that asked): a request from another client never invalidates it; a resend naming the
 * client's earlier challenge does.
 */
import { codeAttemptsExhausted, codeAttemptsLeft, codeResendTooSoon } from '../../contracts/messages';
import { chinaDate } from '../../contracts/china-time';
import { segmentNeedsCaptcha } from '../../contracts/detection-rules';
import { maskPhone } from '../../contracts/phone';
import type { Db } from '../../db/client';
import { addChallenge, closeChallenge, countAttempt, latestChallenge, openChallenges } from '../../db/queries/otp';
import type { Config } from '../env';
import { ApiError } from '../errors';
import type { CaptchaVerifier } from './captcha';
import { constantTimeEqual, hmacHex, randomCode, randomString } from './crypto';
import { ruleSettings } from './integrity/config';
import { enforceLimits, failureLimit, type Limit } from './limits';
import { noteSmsUse, smsBudget } from './sms-budget';
import { networkOf } from './network';
import type { SmsProvider } from './sms/types';

export const CODE_TTL_S = 300;
export const RESEND_S = 60;
export const MAX_ATTEMPTS = 5;

export interface OtpDeps {
  db: Db;
  config: Config;
  now: number;
  sms: SmsProvider;
  captcha: CaptchaVerifier;
}

/** The keyed hash that identifies a phone everywhere (ballot uniqueness, codes, objections). */
export function phoneHash(config: Config, phone: string): Promise<string> {
  return hmacHex(config.PHONE_HASH_KEY, phone);
}

const codeHash = (config: Config, phoneKey: string, createdAt: number, code: string) =>
  hmacHex(config.OTP_HASH_KEY, `${phoneKey}:${createdAt}:${code}`);

const clientHash = (config: Config, challenge: string) => hmacHex(config.OTP_HASH_KEY, `client:${challenge}`);

const CHALLENGE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Sends a new code to a normalised mainland number, or throws the contract error that stopped it.
 * Returns the opaque challenge that binds the code to this client: only a verification that sends
 * it back can use the code or spend its attempts. `previous`, the challenge this client got for an
 * earlier code, closes that code (a resend invalidates the old code); it closes nothing of another
 * client's, so a stranger asking for a code to the same phone leaves the citizen's code working.
 */
export async function requestCode(
  deps: OtpDeps,
  phone: string,
  captchaToken: string | undefined,
  ip: string,
  previous?: string,
): Promise<{ challenge: string }> {
  const { db, config, now } = deps;
  // The number-segment rule in 'captcha' mode: such a number always needs a solved captcha, so
  // without a captcha provider (development) it cannot get a code at all.
  const segmentCaptcha = segmentNeedsCaptcha(phone, ruleSettings(config));
  if (segmentCaptcha && deps.captcha.name === 'none') throw new ApiError('captcha_failed');
  if (!(await deps.captcha.verify(captchaToken, ip))) throw new ApiError('captcha_failed');

  const key = await phoneHash(config, phone);
  const [last, budget] = await Promise.all([latestChallenge(db, key), smsBudget(db, config, chinaDate(now))]);
  if (last && now - last.createdAt < RESEND_S * 1000) {
    throw new ApiError('rate_limited', {
      retryAfter: (last.createdAt + RESEND_S * 1000 - now) / 1000,
      message: codeResendTooSoon,
    });
  }
  const network = networkOf(ip);
  const limits: Limit[] = [
    // With the cooldown check above: parallel requests for one phone cannot both send a code.
    { key: `otp:phone:${key}`, max: 1, window: 'minute' },
    { key: `otp:phone:${key}`, max: config.SMS_PER_PHONE_HOUR, window: 'hour' },
    { key: `otp:phone:${key}`, max: config.SMS_PER_PHONE_DAY, window: 'day' },
    { key: `otp:net:${network}`, max: config.SMS_PER_NETWORK_HOUR, window: 'hour' },
    // Taken together with the others: a request refused by any limit gives its units back, so
    // abuse from one phone or network cannot spend the global budget.
    { key: 'otp:global', max: budget, window: 'day' },
  ];
  const counts = await enforceLimits(db, limits, now);
  await noteSmsUse(db, now, counts[limits.findIndex((l) => l.key === 'otp:global')], budget);

  const code = randomCode();
  const challenge = randomString(CHALLENGE_ALPHABET, 32);
  await addChallenge(
    db,
    {
      phoneHash: key,
      codeHash: await codeHash(config, key, now, code),
      clientHash: await clientHash(config, challenge),
      createdAt: now,
      expiresAt: now + CODE_TTL_S * 1000,
      network,
    },
    previous === undefined ? undefined : await clientHash(config, previous),
  );
  await deps.sms.send(phone, code);
  return { challenge };
}

/** The phone's open challenge whose client sent `challenge`, compared in constant time. */
async function ownChallenge(deps: Pick<OtpDeps, 'db' | 'config' | 'now'>, key: string, challenge: string) {
  const mine = await clientHash(deps.config, challenge);
  const open = await openChallenges(deps.db, key, deps.now);
  let found: (typeof open)[number] | undefined;
  for (const row of open) if (row.clientHash && constantTimeEqual(mine, row.clientHash)) found ??= row;
  return found;
}

/**
 * Checks a code against the challenge sent with it, and only that challenge; on success the code is
 * used up. Any failure is `invalid_code`. A guess without an open challenge of its own counts nothing
 * against any code and says nothing about it; such guesses are throttled per network so nobody can
 * sweep many phones. A guess with its own challenge is always checked, even when its network's
 * failure budget is spent (a carrier NAT shares one): it is bounded by the challenge's 5 tries, and
 * challenges per phone by the SMS limits, so a correct code is never refused.
 */
export async function verifyCode(
  deps: Pick<OtpDeps, 'db' | 'config' | 'now'>,
  phone: string,
  code: string,
  challenge: string | undefined,
  ip: string,
) {
  const { db, config, now } = deps;
  const failures = failureLimit(
    { key: `verify-fail:net:${networkOf(ip)}`, max: config.VERIFY_FAILURES_PER_NETWORK_HOUR, window: 'hour' },
    now,
  );
  const fail = async (message?: string): Promise<never> => {
    await failures.countFailure(db);
    throw new ApiError('invalid_code', message ? { message } : {});
  };
  const key = await phoneHash(config, phone);
  const open = challenge ? await ownChallenge(deps, key, challenge) : undefined;
  if (!open) {
    await failures.refuseWhenExhausted(db);
    return fail();
  }
  const attempts = await countAttempt(db, open.id, MAX_ATTEMPTS);
  if (attempts === undefined) return fail();
  const matches = constantTimeEqual(await codeHash(config, key, open.createdAt, code), open.codeHash);
  if (!matches) {
    if (attempts >= MAX_ATTEMPTS) await closeChallenge(db, open.id, now, 'attempts');
    // Only the client holding the challenge gets here, so the count tells a stranger nothing.
    return fail(attempts >= MAX_ATTEMPTS ? codeAttemptsExhausted : codeAttemptsLeft(MAX_ATTEMPTS - attempts));
  }
  if (!(await closeChallenge(db, open.id, now, 'used'))) return fail();
  // When the code was sent: the machine-timing rule measures from it to the ballot.
  return { phoneHash: key, masked: maskPhone(phone), codeSentAt: open.createdAt };
}
