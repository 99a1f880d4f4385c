/**
 * Absurd input is a 4xx that changes nothing, never a 500 or a silent misreading: dates far out
 * of range, an unknown county, integers in hex or exponent form, and public text that hides or
 * reorders what people read.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate, chinaMidnight } from '../../../../contracts/china-time';
import { errorBody } from '../../../../contracts/errors';
import { EXPERT_SCORE_RULE, scoreInput } from '../../../../contracts/workflow';
import { AuditPage } from '../../../../contracts/admin-api';
import { auditOf, call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, post, seed, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { createStaff } from '../../../fixtures/admin-accounts';
import { verifiedVoter } from '../../../fixtures/voting';

// Friday 2026-11-27 10:00 China time: the seeded trades vote is open, bases-publicity runs.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const clock = pinnedClock(NOW);
const t = testApp(clock);
let admin: Session;

beforeAll(async () => {
  await seed(NOW);
  admin = await staffOf(NOW, 'city_admin');
});

/** Asserts a 400 invalid_request, and returns its issues. */
function refused(res: Awaited<ReturnType<typeof call>>, path?: (string | number)[]) {
  expect(res.status, res.text).toBe(400);
  const body = conforms(errorBody(['invalid_request']), res.body);
  if (path) expect(body.error.issues?.map((i) => i.path)).toContainEqual(path);
  return body.error.issues ?? [];
}

const tradesPoll = () =>
  env.DB.prepare("SELECT opens_at, closes_at, window_change_reason FROM polls WHERE slug = 'trades-vote'").first<{
    opens_at: number;
    closes_at: number;
    window_change_reason: string | null;
  }>();

describe('a poll has a longest window', () => {
  it('refuses extending to 9999-12-31 with invalid_request, changing nothing', async () => {
    const before = await tradesPoll();
    const res = await call(t, admin, 'POST', '/api/admin/polls/trades-vote/extend', {
      lastDay: '9999-12-31',
      reason: '延长投票（测试）',
    });
    refused(res, ['lastDay']);
    expect(await tradesPoll()).toEqual(before);
    expect(await auditOf('poll.extend')).toEqual([]);
  });

  it('extends through day 60 of the window and refuses day 61', async () => {
    const poll = (await tradesPoll())!;
    const day60 = addDays(chinaDate(poll.opens_at), 59);
    const extend = (lastDay: string) =>
      call(t, admin, 'POST', '/api/admin/polls/trades-vote/extend', { lastDay, reason: '延长投票（测试）' });
    const issues = refused(await extend(addDays(day60, 1)), ['lastDay']);
    expect(issues[0].message).toContain(day60);
    expect((await tradesPoll())!.closes_at).toBe(poll.closes_at);
    expect((await extend(day60)).status).toBe(200);
    expect((await tradesPoll())!.closes_at).toBe(chinaMidnight(addDays(day60, 1)));
  });

  it('refuses a reason without a visible character ("\\u200b"), changing nothing', async () => {
    const before = await tradesPoll();
    for (const reason of ['\u200b', ' \u200b\u200d ', '\u3164', '\ufeff'])
      refused(await call(t, admin, 'POST', '/api/admin/polls/trades-vote/close', { reason }), ['reason']);
    expect(await tradesPoll()).toEqual(before);
    expect(await auditOf('poll.close_early')).toEqual([]);
  });

  it('refuses creating a poll that opens in year 9999, and one more than a year ahead', async () => {
    const close = await call(t, admin, 'POST', '/api/admin/polls/trades-vote/close', { reason: '提前结束（测试）' });
    expect(close.status, close.text).toBe(200);
    // A shortlist again, so that only the dates stand between the request and a new poll.
    await env.DB.prepare(
      "UPDATE candidates SET status = 'shortlisted' WHERE track_key = 'trades' AND status = 'finalist'",
    ).run();
    const create = (opensAt: string, slug: string) =>
      call(t, admin, 'POST', '/api/admin/tracks/trades/poll', {
        slug,
        title: '再次投票（测试）',
        opensAt,
        liveCounts: true,
        weights: { county: 20, expert: 50, vote: 30 },
      });
    refused(await create('9999-12-31T00:00:00Z', 'far-vote'), ['opensAt']);
    refused(await create(new Date(NOW + 367 * 86_400_000).toISOString(), 'late-vote'), ['opensAt']);
    const none = await env.DB.prepare("SELECT count(*) AS n FROM polls WHERE slug IN ('far-vote', 'late-vote')").first<{
      n: number;
    }>();
    expect(none!.n).toBe(0);
    expect(await auditOf('poll.create')).toEqual([]);
    const ok = await create(new Date(NOW + 86_400_000).toISOString(), 'next-vote');
    expect(ok.status, ok.text).toBe(200);
  });
});

describe('audit dates', () => {
  it('reads a far-future `to` as "up to now" and a far-future `from` as nothing', async () => {
    const all = conforms(AuditPage, (await call(t, admin, 'GET', '/api/admin/audit?limit=500')).body);
    expect(all.entries.length).toBeGreaterThan(0);
    const upTo = await call(t, admin, 'GET', '/api/admin/audit?limit=500&to=9999-12-31');
    expect(conforms(AuditPage, upTo.body).entries).toEqual(all.entries);
    const instant = await call(t, admin, 'GET', '/api/admin/audit?limit=500&to=9999-12-31T23:59:59Z');
    expect(conforms(AuditPage, instant.body).entries).toEqual(all.entries);
    const from = await call(t, admin, 'GET', '/api/admin/audit?from=9999-12-31');
    expect(conforms(AuditPage, from.body).entries).toEqual([]);
  });

  it('reads year 1 as a real date: nothing before it, everything after it', async () => {
    const before = await call(t, admin, 'GET', '/api/admin/audit?to=0001-01-01');
    expect(before.status, before.text).toBe(200);
    expect(conforms(AuditPage, before.body).entries).toEqual([]);
    const after = await call(t, admin, 'GET', '/api/admin/audit?from=0001-01-01');
    expect(conforms(AuditPage, after.body).entries.length).toBeGreaterThan(0);
  });

  it('refuses dates that do not exist or are not dates', async () => {
    for (const q of ['to=2026-13-01', 'to=10000-01-01', 'from=2026-02-29', 'to=%2B010000-01-01', 'to=tomorrow'])
      refused(await call(t, admin, 'GET', `/api/admin/audit?${q}`));
  });
});

/** A hand-typed bases notice draft under `slug`, without items. */
const manualNotice = (slug: string) => ({
  slug,
  track: 'bases',
  source: 'manual',
  title: '测试公示',
  contactName: '王老师',
  contactPhone: '0357-1234567',
  contactAddress: '临汾市人社局',
});

describe('notice items name a real county', () => {
  const draft = manualNotice('bases-county-check');

  it('refuses an unknown countyId with invalid_request at the item, creating nothing', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/notices', {
      ...draft,
      items: [
        { name: '甲基地', countyId: 'yaodu' },
        { name: '乙基地', countyId: 'atlantis' },
      ],
    });
    refused(res, ['items', 1, 'countyId']);
    expect(await env.DB.prepare("SELECT id FROM notices WHERE slug = 'bases-county-check'").first()).toBeNull();
  });

  it('refuses it on a draft update too, keeping the items', async () => {
    const created = await call(t, admin, 'POST', '/api/admin/notices', {
      ...draft,
      items: [{ name: '甲基地', countyId: 'yaodu' }],
    });
    expect(created.status, created.text).toBe(201);
    const { title, contactName, contactPhone, contactAddress } = draft;
    const res = await call(t, admin, 'PUT', '/api/admin/notices/bases-county-check', {
      title,
      contactName,
      contactPhone,
      contactAddress,
      items: [{ name: '乙基地', countyId: 'atlantis' }],
    });
    refused(res, ['items', 0, 'countyId']);
    const items = await env.DB.prepare(
      "SELECT i.name FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.slug = 'bases-county-check'",
    ).all<{ name: string }>();
    expect(items.results.map((i) => i.name)).toEqual(['甲基地']);
  });
});

describe("a notice item's score is 0-100 with at most two decimals, like the scores it reports", () => {
  const draft = manualNotice('bases-score-check');

  it('refuses a score out of range, with three decimals, or not a number (as the form sends it), creating nothing', async () => {
    // What the admin form sends for a typed score: scoreInput('abc') is the text itself, not NaN or null.
    for (const score of [100.01, -1, 1.234, 1e308, scoreInput('abc'), scoreInput('９０')]) {
      const res = await call(t, admin, 'POST', '/api/admin/notices', {
        ...draft,
        items: [
          { name: '甲基地', score: 90 },
          { name: '乙基地', score },
        ],
      });
      const issues = refused(res, ['items', 1, 'score']);
      expect(issues.find((i) => i.path.join('.') === 'items.1.score')?.message, String(score)).toBe(EXPERT_SCORE_RULE);
    }
    expect(await env.DB.prepare("SELECT id FROM notices WHERE slug = 'bases-score-check'").first()).toBeNull();
  });

  it('accepts 0, 100, 64.1 and no score (an empty field)', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/notices', {
      ...draft,
      items: [
        { name: '甲基地', score: 0 },
        { name: '乙基地', score: 100 },
        { name: '丙基地', score: scoreInput(' 64.1 ') },
        { name: '丁基地', score: scoreInput('') },
      ],
    });
    expect(res.status, res.text).toBe(201);
    const items = await env.DB.prepare(
      "SELECT i.score FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.slug = 'bases-score-check' ORDER BY i.sort",
    ).all<{ score: number | null }>();
    expect(items.results.map((i) => i.score)).toEqual([0, 100, 64.1, null]);
  });
});

describe('integers in paths and queries are plain decimal digits', () => {
  it('refuses POST /api/admin/accounts/0x…/disable, disabling nobody', async () => {
    const other = await createStaff(NOW, { role: 'expert' });
    for (const id of [`0x${other.id.toString(16)}`, `${other.id}e0`, `${other.id}.0`, `+${other.id}`, `%20${other.id}`])
      refused(await call(t, admin, 'POST', `/api/admin/accounts/${id}/disable`, { reason: '测试' }), ['id']);
    const row = await env.DB.prepare('SELECT disabled_at FROM accounts WHERE id = ?')
      .bind(other.id)
      .first<{ disabled_at: number | null }>();
    expect(row!.disabled_at).toBeNull();
    expect(await auditOf('account.disabled')).toEqual([]);
  });

  it('refuses /calendar/2.026e3 and reads /calendar/2026', async () => {
    refused(await call(t, admin, 'GET', '/api/admin/calendar/2.026e3'), ['year']);
    refused(await call(t, admin, 'GET', '/api/admin/calendar/0x7ea'), ['year']);
    expect((await call(t, admin, 'GET', '/api/admin/calendar/2026')).status).toBe(200);
  });

  it('refuses ?workingDays=0x5 and other non-decimal query integers', async () => {
    refused(await call(t, null, 'GET', '/api/calendar/period?start=2026-11-27&workingDays=0x5'), ['workingDays']);
    refused(await call(t, null, 'GET', '/api/calendar/period?start=2026-11-27&workingDays=5e0'), ['workingDays']);
    expect((await call(t, null, 'GET', '/api/calendar/period?start=2026-11-27&workingDays=5')).status).toBe(200);
    for (const q of ['limit=0x2', 'limit=', 'actorId=%201', 'before=1e3', 'limit=2.0'])
      refused(await call(t, admin, 'GET', `/api/admin/audit?${q}`));
    const oembed = `/api/oembed?url=${encodeURIComponent('http://localhost/polls/trades-vote/')}`;
    refused(await call(t, null, 'GET', `${oembed}&maxwidth=0x100`), ['maxwidth']);
  });

  it('refuses /recruitment/0x…/schedule, changing nothing', async () => {
    const ev = (await env.DB.prepare('SELECT id, period FROM recruitment_events ORDER BY id LIMIT 1').first<{
      id: number;
      period: string;
    }>())!;
    const schedule = { period: '测试：改期', monthFrom: 12, monthTo: 12 };
    refused(await call(t, admin, 'POST', `/api/admin/recruitment/0x${ev.id.toString(16)}/schedule`, schedule), ['id']);
    const after = await env.DB.prepare('SELECT period FROM recruitment_events WHERE id = ?')
      .bind(ev.id)
      .first<{ period: string }>();
    expect(after!.period).toBe(ev.period);
  });
});

describe('public text refuses what hides or reorders it', () => {
  const BAD = {
    'a lone surrogate': '公示\ud800标题',
    NUL: '公示\u0000标题',
    'a bidi override': '公示\u202e题标',
    'a bidi isolate': '公示\u2066标题\u2069',
    'no visible character': '\u200b\u200c',
  };

  it.each(Object.entries(BAD))('refuses %s in a notice title, body or item', async (_, text) => {
    const base = {
      slug: 'bad-text',
      track: 'bases',
      source: 'manual',
      title: '测试公示',
      contactName: '王老师',
      contactPhone: '0357-1234567',
      contactAddress: '临汾市人社局',
      items: [{ name: '甲基地' }],
    };
    refused(await call(t, admin, 'POST', '/api/admin/notices', { ...base, title: text }), ['title']);
    refused(await call(t, admin, 'POST', '/api/admin/notices', { ...base, body: text }), ['body']);
    refused(await call(t, admin, 'POST', '/api/admin/notices', { ...base, items: [{ name: text }] }), [
      'items',
      0,
      'name',
    ]);
    expect(await env.DB.prepare("SELECT id FROM notices WHERE slug = 'bad-text'").first()).toBeNull();
  });

  it('keeps line breaks in multi-line text and refuses them in a title', async () => {
    const base = {
      track: 'bases',
      source: 'manual',
      contactName: '王老师',
      contactPhone: '0357-1234567',
      contactAddress: '临汾市人社局',
      items: [{ name: '甲基地' }],
    };
    const ok = await call(t, admin, 'POST', '/api/admin/notices', {
      ...base,
      slug: 'two-lines',
      title: '测试公示',
      body: '第一段。\n\t第二段。\r\n第三段。',
    });
    expect(ok.status, ok.text).toBe(201);
    refused(await call(t, admin, 'POST', '/api/admin/notices', { ...base, slug: 'two-lines-2', title: '测试\n公示' }), [
      'title',
    ]);
  });

  it('refuses them in an account display name, creating no account', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/accounts', {
      username: 'bidi.name',
      displayName: '\u202e王丽',
      role: 'expert',
      password: 'a long enough password',
    });
    refused(res, ['displayName']);
    expect(await env.DB.prepare("SELECT id FROM accounts WHERE username = 'bidi.name'").first()).toBeNull();
  });

  it('refuses them in an objection, filing nothing', async () => {
    const voter = await verifiedVoter(t);
    const file = (body: unknown) =>
      t.json(
        '/api/notices/bases-publicity/objections',
        post(body, { Authorization: `Bearer ${voter.token}`, 'CF-Connecting-IP': '10.1.0.1' }),
      );
    const ok = { name: '张三', content: '该基地实训设备与申报不符。' };
    const count = async () => (await env.DB.prepare('SELECT count(*) AS n FROM objections').first<{ n: number }>())!.n;
    const before = await count();
    for (const [field, text] of [
      ['name', '\u200b'],
      ['name', '张\u0000三'],
      ['content', '\ud83d异议'],
      ['content', '\u2067异议\u2069'],
      ['content', ' \u00ad '],
    ]) {
      const { res, body } = await file({ ...ok, [field]: text });
      expect(res.status).toBe(400);
      expect(body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual([field]);
    }
    expect(await count()).toBe(before);
  });

  it('refuses them in a final list, a recruitment schedule and a calendar confirmation', async () => {
    refused(await call(t, admin, 'POST', '/api/admin/tracks/trades/final-list', { slug: 'x-final', title: '\u2800' }), [
      'title',
    ]);
    const ev = (await env.DB.prepare('SELECT id FROM recruitment_events ORDER BY id LIMIT 1').first<{ id: number }>())!;
    refused(
      await call(t, admin, 'POST', `/api/admin/recruitment/${ev.id}/schedule`, {
        period: '\u202d12月',
        monthFrom: 12,
        monthTo: 12,
      }),
      ['period'],
    );
    refused(await call(t, admin, 'POST', '/api/admin/calendar/2031/confirm-plain', { reason: '\u200b' }), ['reason']);
  });
});
