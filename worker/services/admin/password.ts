/**
 * Staff password hashing: PBKDF2-SHA256 through WebCrypto, salted, stored as a self-describing
 * string so the iteration count can rise later without a migration. Runs in workerd and in Node
 * (scripts/admin-create.ts hashes with this same code), so it uses nothing but `crypto.subtle`.
 */
import { passwordProblems } from '../../../contracts/admin-accounts';
import { fromB64url, toB64url } from './bytes';

/**
 * The highest PBKDF2 iteration count Cloudflare Workers accept in production: above it `deriveBits`
 * fails ("iteration counts above 100000 are not supported"; workerd's DEFAULT_MAX_PBKDF2_ITERATIONS,
 * enforced by Cloudflare's isolate limits). Local workerd (wrangler dev, the vitest pool) and Node do
 * not enforce it, so this code does: a hash made with more could never be verified in production.
 */
export const PBKDF2_ITERATIONS = 100_000;

const PREFIX = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const HASH_BITS = 256;

/** The same text typed on two keyboards may arrive in two Unicode forms; hash one of them. */
const normalise = (password: string) => new TextEncoder().encode(password.normalize('NFC'));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', normalise(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

/** Byte arrays compared without an early exit: workerd's timingSafeEqual, else an XOR fold (Node). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const subtle = crypto.subtle as unknown as { timingSafeEqual?(a: Uint8Array, b: Uint8Array): boolean };
  if (typeof subtle.timingSafeEqual === 'function') return subtle.timingSafeEqual(a, b);
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Hashes a password with a fresh 16-byte salt: `pbkdf2-sha256$100000$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  if (iterations > PBKDF2_ITERATIONS) throw new RangeError(`more than ${PBKDF2_ITERATIONS} PBKDF2 iterations`);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${PREFIX}$${iterations}$${toB64url(salt)}$${toB64url(hash)}`;
}

/** Whether `password` matches a stored hash; false (never a throw) for a malformed or missing one. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 4 || parts[0] !== PREFIX) return false;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return false;
  try {
    const expected = fromB64url(parts[3]);
    return sameBytes(await derive(password, fromB64url(parts[2]), iterations), expected);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with fewer iterations than today's, so it should be redone. */
export function needsRehash(stored: string): boolean {
  return Number(stored.split('$')[1]) < PBKDF2_ITERATIONS;
}

/**
 * A hash nobody's password matches, made once per isolate: signing in as an unknown user costs the
 * same PBKDF2 work as a wrong password, so response times do not tell which usernames exist.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomUUID());
  return dummy;
}

/** Words of this site a password must not lean on (and the username and name, added per account). */
export const SITE_WORDS = [
  'linfen',
  '临汾',
  'renshe',
  '人社',
  'rsj',
  'admin',
  'six-tens',
  'sixtens',
  'liugeshi',
  '六个十',
  'jigong',
  '技工',
];

/** The lowest zxcvbn score accepted (3: at least 10^8 guesses, "safely unguessable" offline-slow). */
export const PASSWORD_MIN_SCORE = 3;

const TOO_GUESSABLE =
  '密码过于常见或容易猜到（如常用密码、键盘序列，或含用户名、姓名、“临汾”等本站词语），请换一个更长、更不规则的密码。';

type Zxcvbn = { check(password: string, userInputs?: string[]): { score: number } };
let estimator: Promise<Zxcvbn> | undefined;

/**
 * zxcvbn-ts with the common-password and keyboard dictionaries, built on first use: the dictionaries
 * are large, and only setting a password needs them, so an isolate that never does never builds them.
 */
function zxcvbn(): Promise<Zxcvbn> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs }),
  );
  return estimator;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The problems with a password about to be set for an account, in Chinese (empty when it passes):
 * the pure rules of contracts/admin-accounts.ts, then a zxcvbn estimate that must reach PASSWORD_MIN_SCORE.
 * Site words, the username (and its parts) and the name are the estimator's user inputs, and the
 * estimate is made on what is left once they are cut out, so `Linfen2026!!` counts as `2026!!`.
 */
export async function passwordPolicyProblems(
  password: string,
  account: { username: string; displayName: string },
): Promise<string[]> {
  const problems = passwordProblems(password);
  if (problems.length) return problems;
  const inputs = [...SITE_WORDS, account.username, ...account.username.split(/[._-]/), account.displayName]
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0);
  // Two Latin letters are too common to cut out ("li" of wang.li); two Chinese characters are a name.
  const cut = [...new Set(inputs)].filter((w) => w.length >= 3 || /[^ -~]/.test(w));
  const known = new RegExp(
    cut
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'giu',
  );
  const rest = password.normalize('NFC').replace(known, '');
  const estimate = rest ? (await zxcvbn()).check(rest, inputs).score : 0;
  return estimate < PASSWORD_MIN_SCORE ? [TOO_GUESSABLE] : [];
}
