/**
 * 公示 notices by staff, through the admin API and the public site with a pinned clock: a draft
 * from the confirmed trades decision (items with breakdowns) is invisible until published; state at
 * the exact boundary instants; an objection one millisecond after the end is notice_closed; a
 * replacement by hand published on a later date; withdrawal with a public reason; calendar_missing
 * until the next year is entered through the calendar route.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NoticeBody } from '../../../../contracts/api';
import { AdminNoticeBody, AdminNoticeList } from '../../../../contracts/admin-notices';
import { DEMO_TRADES } from '../../../../db/seed/demo';
import { auditOf, call, confirmTradesDecision, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, post, seed, testApp } from '../../../fixtures/app';
import { verifiedVoter } from '../../../fixtures/voting';

// Friday 2026-11-27 10:00 China time: the seeded trades vote is open.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
/** 24:00 China time at the end of 2026-12-03, the 5th working day from Friday 2026-11-27. */
const TRADES_END = Date.UTC(2026, 11, 3, 16, 0);
const clock = pinnedClock(NOW);
const t = testApp(clock);
const sessions = new Map<string, Promise<Session>>();
/** A session of `role` signed in at the clock's time: the pinned clock jumps past the idle timeout. */
function signedIn(role: 'city_admin' | 'auditor'): Promise<Session> {
  const key = `${role}@${clock.now()}`;
  if (!sessions.has(key)) sessions.set(key, staffOf(clock.now(), role));
  return sessions.get(key)!;
}
const admin = () => signedIn('city_admin');
const auditor = () => signedIn('auditor');

const TEXTS = {
  title: '临汾市“十大技工工种”拟入选名单公示',
  body: '经县级推荐、专家评审和公众投票，现将拟入选名单予以公示。',
  contactName: '王老师',
  contactPhone: '0357-1234567',
  contactAddress: '临汾市人社局职业能力建设科',
};

const stateAt = async (slug: string, at: number) => {
  clock.set(at);
  return AdminNoticeBody.parse((await call(t, await admin(), 'GET', `/api/admin/notices/${slug}`)).body).notice.state;
};

beforeAll(async () => {
  await seed(NOW);
  await confirmTradesDecision(t, admin);
});

describe('POST /api/admin/notices from a confirmed decision', () => {
  it('creates a draft with the selected items and their breakdowns, audited, invisible to the public', async () => {
    clock.set(NOW);
    const req = { slug: 'trades-publicity', track: 'trades', source: 'decision', ...TEXTS };
    expect((await call(t, await auditor(), 'POST', '/api/admin/notices', req)).code).toBe('forbidden');
    const res = await call(t, await admin(), 'POST', '/api/admin/notices', req);
    expect(res.status, res.text).toBe(201);
    const { notice, items } = AdminNoticeBody.parse(res.body);
    expect(notice).toMatchObject({ state: 'draft', publishedOn: null, endsOn: null, workingDays: 5 });
    expect(notice.postmarkRule).toBe('以寄出邮戳日期为准，须在公示期内寄出');
    expect(items.map((i) => i.name)).toEqual(DEMO_TRADES.slice(0, 10).map((d) => d.name));
    expect(items[0].note).toMatch(
      /^第1名：县级推荐 [\d.]+×20% \+ 专家评审 92\.00×50% \+ 公众投票 [\d.]+（\d+票）×30% = /,
    );
    expect(items[0].score).toBeGreaterThan(0);
    expect(items.every((i) => i.candidateId !== null && !i.removed)).toBe(true);
    expect(await auditOf('notice.create')).toHaveLength(1);

    expect((await t.request('/api/notices/trades-publicity')).status).toBe(404);
    expect((await t.request('/notices/trades-publicity/')).status).toBe(404);
    const list = await t.json('/api/notices');
    expect(list.body.notices.map((n: { slug: string }) => n.slug)).not.toContain('trades-publicity');
    expect(await (await t.request('/tracks/trades/')).text()).not.toContain('trades-publicity');

    const staffList = AdminNoticeList.parse(
      (await call(t, await auditor(), 'GET', '/api/admin/notices?track=trades')).body,
    );
    expect(staffList.notices.map((n) => [n.slug, n.state])).toEqual([['trades-publicity', 'draft']]);
  });

  it('refuses a second draft at the same address and a decision draft with items typed in', async () => {
    const base = { track: 'trades', source: 'decision', ...TEXTS };
    expect(
      (await call(t, await admin(), 'POST', '/api/admin/notices', { ...base, slug: 'trades-publicity' })).code,
    ).toBe('conflict');
    const typed = { ...base, slug: 'trades-x', items: [{ name: '焊工' }] };
    expect((await call(t, await admin(), 'POST', '/api/admin/notices', typed)).code).toBe('invalid_request');
  });

  it('edits the draft; publishes today with the period end stored; then refuses edits', async () => {
    const edit = await call(t, await admin(), 'PUT', '/api/admin/notices/trades-publicity', {
      ...TEXTS,
      title: '更正后的标题',
    });
    expect(edit.status, edit.text).toBe(200);
    expect(edit.body.notice.title).toBe('更正后的标题');
    expect(await auditOf('notice.update')).toHaveLength(1);

    const res = await call(t, await admin(), 'POST', '/api/admin/notices/trades-publicity/publish', {});
    expect(res.status, res.text).toBe(200);
    expect(AdminNoticeBody.parse(res.body).notice).toMatchObject({
      state: 'open',
      publishedOn: '2026-11-27',
      startsOn: '2026-11-27',
      endsOn: '2026-12-03',
    });
    const [entry] = await auditOf('notice.publish');
    expect(JSON.parse(entry.after)).toMatchObject({ endsOn: '2026-12-03' });

    const pub = NoticeBody.parse((await t.json('/api/notices/trades-publicity')).body).notice;
    expect(pub).toMatchObject({ status: 'open', title: '更正后的标题', endsOn: '2026-12-03' });
    expect(pub.items).toHaveLength(10);
    const page = await (await t.request('/notices/trades-publicity/')).text();
    expect(page).toContain('专家评审 92.00×50%');

    expect((await call(t, await admin(), 'PUT', '/api/admin/notices/trades-publicity', TEXTS)).code).toBe('conflict');
    expect((await call(t, await admin(), 'POST', '/api/admin/notices/trades-publicity/publish', {})).code).toBe(
      'conflict',
    );
  });

  it('is open through 24:00 of the last working day and ended from that instant', async () => {
    expect(await stateAt('trades-publicity', TRADES_END - 1)).toBe('open');
    expect(await stateAt('trades-publicity', TRADES_END)).toBe('ended');
    clock.set(TRADES_END - 1);
    expect((await t.json('/api/notices/trades-publicity')).body.notice.status).toBe('open');
    clock.set(TRADES_END);
    expect((await t.json('/api/notices/trades-publicity')).body.notice.status).toBe('ended');
  });

  it('takes an objection 1 ms before the end and answers notice_closed 1 ms after it', async () => {
    clock.set(TRADES_END - 60_000);
    const voter = await verifiedVoter(t);
    const object = () =>
      t.json(
        '/api/notices/trades-publicity/objections',
        post({ name: '张三', content: '对名单有异议' }, { Authorization: `Bearer ${voter.token}` }),
      );
    clock.set(TRADES_END - 1);
    expect((await object()).res.status).toBe(201);
    clock.set(TRADES_END + 1);
    expect((await object()).body.error.code).toBe('notice_closed');
    const listed = AdminNoticeList.parse((await call(t, await admin(), 'GET', '/api/admin/notices?track=trades')).body);
    expect(listed.notices[0].objections).toEqual({ total: 1, pending: 1 });
  });
});

describe('POST /api/admin/tracks/:track/final-list after the notice', () => {
  const list = { slug: 'trades-final', title: '十大技工工种名单', noticeSlug: 'trades-publicity' };

  it('is refused while an objection to the ended notice is pending, and published once it is answered', async () => {
    clock.set(TRADES_END + 60_000);
    const pending = await call(t, await admin(), 'POST', '/api/admin/tracks/trades/final-list', list);
    expect(pending.code).toBe('conflict');
    expect(pending.body.error.message).toContain('未办结的异议');

    const objections = await call(t, await admin(), 'GET', '/api/admin/notices/trades-publicity/objections');
    const [{ trackingNo }] = objections.body.objections;
    const decided = await call(t, await admin(), 'POST', `/api/admin/objections/${trackingNo}/decide`, {
      outcome: 'dismissed',
      response: '经核实，名单符合评选规则。',
    });
    expect(decided.status, decided.text).toBe(200);

    const res = await call(t, await admin(), 'POST', '/api/admin/tracks/trades/final-list', list);
    expect(res.status, res.text).toBe(200);
    const published = await t.json('/api/lists/trades-final');
    expect(published.res.status).toBe(200);
    expect(published.body.list.items).toHaveLength(10);
  });
});

describe('notices by hand: replacement, a later publication date, withdrawal', () => {
  const manual = {
    slug: 'bases-publicity-2',
    track: 'bases',
    source: 'manual',
    ...TEXTS,
    title: '技能人才培养基地拟认定名单公示（更正）',
    workingDays: 3,
    postmarkRule: '以邮戳日期为准',
    replaces: 'bases-publicity',
    items: [
      { name: '临汾技师学院实训基地', countyId: 'yaodu', score: 91.5 },
      { name: '侯马市职业技能培训基地', score: 88 },
    ],
  };

  it('needs items for a manual draft', async () => {
    clock.set(NOW);
    const res = await call(t, await admin(), 'POST', '/api/admin/notices', { ...manual, items: [] });
    expect(res.code).toBe('invalid_request');
  });

  it('publishes on a later date as scheduled, opens at midnight China time, and the old notice points to it', async () => {
    clock.set(NOW);
    expect((await call(t, await admin(), 'POST', '/api/admin/notices', manual)).status).toBe(201);
    expect(
      (
        await call(t, await admin(), 'POST', '/api/admin/notices/bases-publicity-2/publish', {
          publishedOn: '2026-11-26',
        })
      ).code,
    ).toBe('invalid_request');
    const res = await call(t, await admin(), 'POST', '/api/admin/notices/bases-publicity-2/publish', {
      publishedOn: '2026-12-01',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.notice).toMatchObject({ state: 'scheduled', startsOn: '2026-12-01', endsOn: '2026-12-03' });
    expect(res.body.notice.replaces).toBe('bases-publicity');

    const opens = Date.UTC(2026, 10, 30, 16, 0); // 2026-12-01 00:00 China time
    expect(await stateAt('bases-publicity-2', opens - 1)).toBe('scheduled');
    expect(await stateAt('bases-publicity-2', opens)).toBe('open');

    const old = (await t.json('/api/notices/bases-publicity')).body.notice;
    expect(old).toMatchObject({ status: 'withdrawn', replacedBy: 'bases-publicity-2' });
    const fresh = (await t.json('/api/notices/bases-publicity-2')).body.notice;
    expect(fresh).toMatchObject({ replaces: 'bases-publicity', postmarkRule: '以邮戳日期为准' });
    expect(await (await t.request('/notices/bases-publicity-2/')).text()).toContain('以邮戳日期为准');
  });

  it('withdraws with a reason the public sees; only a scheduled or open notice', async () => {
    const reason = '名单核实中，暂停公示。';
    expect(
      (await call(t, await auditor(), 'POST', '/api/admin/notices/bases-publicity-2/withdraw', { reason })).code,
    ).toBe('forbidden');
    const res = await call(t, await admin(), 'POST', '/api/admin/notices/bases-publicity-2/withdraw', { reason });
    expect(res.status, res.text).toBe(200);
    expect(res.body.notice).toMatchObject({ state: 'withdrawn', withdrawnReason: reason });
    const [entry] = await auditOf('notice.withdraw');
    expect(entry).toMatchObject({ entity_id: 'bases-publicity-2', reason });
    expect((await t.json('/api/notices/bases-publicity-2')).body.notice).toMatchObject({
      status: 'withdrawn',
      withdrawnReason: reason,
    });
    expect(await (await t.request('/notices/bases-publicity-2/')).text()).toContain(reason);
    expect(
      (await call(t, await admin(), 'POST', '/api/admin/notices/bases-publicity-2/withdraw', { reason })).code,
    ).toBe('conflict');
  });
});

describe('POST /api/admin/notices/:slug/publish and the calendar', () => {
  it('answers calendar_missing for a period reaching 2027, then publishes once 2027 is entered', async () => {
    clock.set(Date.UTC(2026, 11, 28, 2, 0)); // Monday 2026-12-28 10:00 China time
    const draft = {
      slug: 'institutions-publicity',
      track: 'institutions',
      source: 'manual',
      ...TEXTS,
      items: [{ name: '临汾市职业技能鉴定中心' }],
    };
    expect((await call(t, await admin(), 'POST', '/api/admin/notices', draft)).status).toBe(201);
    const missing = await call(t, await admin(), 'POST', '/api/admin/notices/institutions-publicity/publish', {});
    expect(missing.code).toBe('calendar_missing');
    expect((await call(t, await admin(), 'GET', '/api/admin/notices/institutions-publicity')).body.notice.state).toBe(
      'draft',
    );

    const entry = {
      holidays: [{ start: '2027-01-01', end: '2027-01-03', name: '元旦' }],
      workdays: [],
      noticeNo: '国办发明电〔2026〕测试号',
      noticeDate: '2026-11-20',
    };
    expect((await call(t, await admin(), 'PUT', '/api/admin/calendar/2027', entry)).status).toBe(200);
    const res = await call(t, await admin(), 'POST', '/api/admin/notices/institutions-publicity/publish', {});
    expect(res.status, res.text).toBe(200);
    // 12-28, 12-29, 12-30, 12-31, then 2027-01-04 after the New Year holiday.
    expect(res.body.notice).toMatchObject({ state: 'open', startsOn: '2026-12-28', endsOn: '2027-01-04' });
  });
});
