/**
 * The islands' API client (site/src/islands/api.ts) against the real app: the requests its few lines
 * build from hc's typed calls reach the routes they name, with their parameters, query, headers and
 * body, and `send` turns the answers into what the islands show. The browser's part (the staff
 * cookie, our Origin) is added by the fetcher, as the browser adds it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../contracts/china-time';
import { client, send } from '../../site/src/islands/api';
import { pinnedClock, seed, testApp } from '../fixtures/app';
import { signedInStaff, staffCookie } from '../fixtures/admin-accounts';
import { createPoll, latestCode, nextPhone } from '../fixtures/voting';

const OPENS = Date.UTC(2026, 11, 1, 1, 0);
const CLOSES = chinaMidnight('2026-12-16');
const DURING = OPENS + 3_600_000;

const t = testApp(pinnedClock(DURING));
beforeAll(() => seed(DURING));

/** A client whose requests go to the app, recorded; `extra` headers stand for what the browser adds. */
function recordedClient(extra: Record<string, string> = {}) {
  const sent: { url: string; method: string; headers: Record<string, string> }[] = [];
  const api = client(async (url, init) => {
    const headers = { ...(init.headers as Record<string, string>), ...extra };
    sent.push({ url, method: String(init.method), headers });
    return t.request(url, { ...init, headers: { 'CF-Connecting-IP': '10.0.0.7', ...headers } });
  });
  return { api, sent };
}

describe('the islands’ client', () => {
  it('verifies a phone and casts a ballot with its Idempotency-Key and bearer token, as the vote island does', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 2 });
    const { api, sent } = recordedClient();
    const phone = nextPhone();

    const code = await send(api.otp.$post({ json: { phone } }));
    expect(code.ok && code.status).toBe(202);
    if (!code.ok) return;
    const session = await send(
      api['voter-session'].$post({ json: { phone, code: await latestCode(t, phone), challenge: code.data.challenge } }),
    );
    expect(session.ok && session.data.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    if (!session.ok) return;

    const ballot = () =>
      send(
        api.polls[':slug'].ballots.$post(
          {
            param: { slug: poll.slug },
            json: { choices: [poll.candidateIds[1]] },
            header: { 'Idempotency-Key': 'client-test-1' },
          },
          { headers: { Authorization: `Bearer ${session.data.token}` } },
        ),
      );
    const first = await ballot();
    expect(first).toMatchObject({ ok: true, status: 201, data: { choices: [poll.candidateIds[1]] } });
    // The same key again: the same receipt, so the header reached the route.
    const again = await ballot();
    expect(again.ok && first.ok && again.data.receipt).toBe(first.ok && first.data.receipt);

    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/otp',
      'POST /api/voter-session',
      `POST /api/polls/${poll.slug}/ballots`,
      `POST /api/polls/${poll.slug}/ballots`,
    ]);
    expect(sent[2].headers).toMatchObject({ 'Content-Type': 'application/json', 'Idempotency-Key': 'client-test-1' });
    expect(sent.some((s) => 'X-CSRF-Token' in s.headers)).toBe(false);
  });

  it('turns a refusal into its code, message and field issues, and a 429 into when to retry', async () => {
    const { api } = recordedClient();
    const bad = await send(api.otp.$post({ json: { phone: '12345' } }));
    expect(bad).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'invalid_phone', fields: { phone: expect.any(String) } },
    });

    const phone = nextPhone();
    await send(api.otp.$post({ json: { phone } }));
    const resend = await send(api.otp.$post({ json: { phone } }));
    expect(resend).toMatchObject({ ok: false, status: 429, error: { code: 'rate_limited' } });
    expect(!resend.ok && resend.error.retryAfter).toBeGreaterThan(0);
  });

  it('encodes path parameters', async () => {
    const { api, sent } = recordedClient();
    const r = await send(api.polls[':slug'].$get({ param: { slug: 'no such/poll' } }));
    expect(sent[0].url).toBe('/api/polls/no%20such%2Fpoll');
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { slug: expect.any(String) } } });
  });

  it('keys a nested issue by its first segment and by its full path, so a form can place it at its field', async () => {
    const admin = await signedInStaff(DURING, { role: 'city_admin' });
    const { api } = recordedClient({ Cookie: staffCookie(admin.token), Origin: 'http://localhost' });
    await send(api.admin.session.$get());
    const r = await send(
      api.admin.tracks[':track'].poll.$post({
        param: { track: 'trades' },
        json: {
          slug: 'nested-issue',
          title: '嵌套字段',
          opensAt: new Date(DURING + 86_400_000).toISOString(),
          liveCounts: true,
          // Not the declared type, as a form sends what was typed.
          weights: { county: 'x' as unknown as number, expert: 30, vote: 40 },
        },
      }),
    );
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_request' } });
    if (r.ok) return;
    expect(r.error.fields['weights.county']).toEqual(expect.any(String));
    expect(r.error.fields.weights).toBe(r.error.fields['weights.county']);
  });

  it("sends a staff page's query, and the session's CSRF token with a POST but not a GET", async () => {
    const admin = await signedInStaff(DURING, { role: 'city_admin' });
    const { api, sent } = recordedClient({ Cookie: staffCookie(admin.token), Origin: 'http://localhost' });
    const session = await send(api.admin.session.$get());
    // The session's answer carries its CSRF token, which the client remembers for the POST.
    expect(session.ok && session.data.account.id).toBe(admin.account.id);

    const budget = await send(api.admin['sms-budget'].$post({ json: { budget: 4321, reason: '客户端测试' } }));
    expect(budget).toMatchObject({ ok: true, status: 200, data: { budget: 4321 } });
    const audit = await send(api.admin.audit.$get({ query: { action: 'sms_budget.set', limit: 5 } }));
    expect(audit.ok && audit.data.entries.map((e) => e.reason)).toContain('客户端测试');

    expect(sent.map((s) => [s.method, s.url, s.headers['X-CSRF-Token']])).toEqual([
      ['GET', '/api/admin/session', undefined],
      ['POST', '/api/admin/sms-budget', admin.csrfToken],
      ['GET', '/api/admin/audit?action=sms_budget.set&limit=5', undefined],
    ]);
  });
});
