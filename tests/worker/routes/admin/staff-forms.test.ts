/**
 * What the admin forms get back, through the whole app against real D1: validation messages that
 * name the field and say what to enter, refusals that say what to do next, the criteria fields of
 * each track, and a city admin's entry on a county's behalf written as such in the audit log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../../../contracts/china-time';
import { auditOf, call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, testApp } from '../../../fixtures/app';
import { activate, programme } from '../../../fixtures/workflow';

// Monday 2026-06-01 10:00 China time.
const NOW = chinaMidnight('2026-06-01') + 10 * 3_600_000;
const t = testApp(pinnedClock(NOW));
let admin: Session, yaodu: Session;

beforeAll(async () => {
  await programme();
  [admin, yaodu] = await Promise.all([staffOf(NOW, 'city_admin'), staffOf(NOW, 'county_officer', 'yaodu')]);
});

/** zod's generic wording, which staff must never see. */
const GENERIC = /期望|ISO|无效输入|数值过|string|number|>=|<=/;

describe('validation messages', () => {
  it('name the field and what to enter, never zod’s generic wording', async () => {
    await activate('trades', 'vote');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/poll', {
      slug: '',
      title: '',
      opensAt: '',
      days: 0,
      maxChoices: 1.5,
      liveCounts: true,
      weights: { county: 30, expert: 40 },
    });
    expect(res.status).toBe(400);
    // The first issue of each field, as the admin pages show it.
    const byField: Record<string, string> = {};
    for (const i of res.body.error.issues as { path: string[]; message: string }[])
      byField[i.path.join('.')] ??= i.message;
    expect(byField).toMatchObject({
      slug: '请填写网址标识',
      title: '请填写标题',
      opensAt: '请填写开始时间',
      days: '投票天数不能小于1',
      maxChoices: '每票最多可选项数应为整数',
      'weights.vote': '请填写大众投票权重',
    });
    for (const message of Object.values(byField)) expect(message).not.toMatch(GENERIC);

    const badTime = await call(t, admin, 'POST', '/api/admin/tracks/trades/poll', {
      slug: 'x',
      title: 'x',
      opensAt: '2026-06-01 10:00',
      liveCounts: true,
      weights: { county: 30, expert: 40, vote: 30 },
    });
    expect(badTime.body.error.issues).toEqual([{ path: ['opensAt'], message: '开始时间应为有效的日期和时间' }]);
  });

  it('say which item of a list is wrong', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/notices', {
      slug: 'n1',
      track: 'bases',
      source: 'manual',
      title: '公示',
      contactName: '甲',
      contactPhone: '1',
      contactAddress: '临汾',
      items: [{ name: '甲' }, { name: '乙', countyId: 7 }],
    });
    expect(res.body.error.issues).toEqual([
      { path: ['items', 1, 'countyId'], message: expect.stringMatching(/^第2项的县（市、区）/) },
    ]);
    expect(res.body.error.issues[0].message).not.toMatch(GENERIC);
  });
});

describe('refusals say what to do', () => {
  it('an action before its stage names the stage to open and the ones to close first', async () => {
    await activate('trades', 'vote');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/decision', { mode: 'top_n' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      '“审核确定”环节尚未开启：请市级管理员先结束“公众评选”环节，再在本赛道页面的“环节”中开启“审核确定”，然后再进行此操作。',
    );
  });

  it('an action after its stage says that it has ended', async () => {
    await activate('trades', 'decide');
    const res = await call(t, yaodu, 'POST', '/api/admin/tracks/trades/recommendations', {
      countyId: 'yaodu',
      candidate: { name: '迟到的工种', trainingSharePct: 40 },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('“县级推荐”环节已经结束，不能再进行此操作。');
  });
});

describe('recommendations', () => {
  it('refuses a trade without its training share, at the field, with the threshold', async () => {
    await activate('trades', 'recommend');
    const res = await call(t, yaodu, 'POST', '/api/admin/tracks/trades/recommendations', {
      countyId: 'yaodu',
      candidate: { name: '无比例的工种' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: ['candidate', 'trainingSharePct'], message: '培训人次数占全年培训人次数的比例不得低于30%' },
    ]);
  });

  it('writes a city admin’s entry for a county as made on its behalf; a county officer’s own as usual', async () => {
    await activate('trades', 'recommend');
    const own = await call(t, yaodu, 'POST', '/api/admin/tracks/trades/recommendations', {
      countyId: 'yaodu',
      rank: 1,
      candidate: { name: '县里自己推荐的工种', trainingSharePct: 35 },
    });
    expect(own.status).toBe(200);
    const paper = await call(t, admin, 'POST', '/api/admin/tracks/trades/recommendations', {
      countyId: 'yaodu',
      rank: 2,
      candidate: { name: '纸质材料上的工种', trainingSharePct: 45 },
    });
    expect(paper.status).toBe(200);
    const [first, second] = await auditOf('recommendation.submit');
    expect(first.reason).toBeNull();
    expect(JSON.parse(first.after).onBehalfOf).toBeUndefined();
    expect(second).toMatchObject({ actor_role: 'city_admin', reason: '市级管理员代尧都区录入（纸质材料）' });
    expect(JSON.parse(second.after)).toMatchObject({ countyId: 'yaodu', onBehalfOf: '尧都区', rank: 2 });
  });

  it('refuses a base without its facilities, even with enough full-time teachers', async () => {
    await activate('bases', 'apply');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/bases/applications', {
      countyId: 'shizhi',
      candidate: { name: '市直无场地的基地', fullTimeTeacherPct: 80 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: ['candidate', 'facilities'], message: '请填写培训场地和实训设施情况' },
    ]);
  });
});
