import { describe, expect, it } from 'vitest';
import {
  activeStageFor,
  closeStageProblem,
  CRITERIA,
  criteriaIssues,
  openStageProblem,
  quotaFor,
  stagesFor,
  TRACK_RULES,
  validUntil,
  winnersIssues,
  type CloseFacts,
  type StageState,
} from '../../../contracts/workflow';
import type { TrackKey } from '../../../contracts/enums';

const stage = (
  key: string,
  seq: number,
  status: StageState['status'],
  deadlineAt: number | null = null,
): StageState => ({
  key,
  seq,
  title: key,
  status,
  deadlineAt,
  targetCount: null,
});

const trades = (statuses: StageState['status'][]) =>
  ['recommend', 'review', 'vote', 'decide'].map((k, i) => stage(k, i + 1, statuses[i]));

const facts: CloseFacts = {
  now: 1000,
  countiesBelowMinimum: [],
  shortlistCount: 0,
  poll: null,
  decisionConfirmed: false,
  finalListPublished: false,
};

describe('stage order', () => {
  it('opens a stage only when every earlier stage is closed', () => {
    expect(openStageProblem(trades(['pending', 'pending', 'pending', 'pending']), 'recommend')).toBeNull();
    expect(openStageProblem(trades(['active', 'pending', 'pending', 'pending']), 'review')).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('recommend'),
    });
    expect(openStageProblem(trades(['done', 'skipped', 'pending', 'pending']), 'vote')).toBeNull();
    expect(openStageProblem(trades(['done', 'active', 'pending', 'pending']), 'review')).toMatchObject({
      code: 'conflict',
    });
    expect(openStageProblem(trades(['done', 'done', 'done', 'pending']), 'nope')).toMatchObject({
      code: 'invalid_request',
    });
  });

  it('allows an action only in its stage, and refuses it from the deadline on', () => {
    const stages = [
      stage('recommend', 1, 'active', 5000),
      ...trades(['done', 'pending', 'pending', 'pending']).slice(1),
    ];
    expect(activeStageFor('trades', 'recommend', stages, 4999, { checkDeadline: true }).stage?.key).toBe('recommend');
    expect(activeStageFor('trades', 'recommend', stages, 5000, { checkDeadline: true }).problem?.code).toBe(
      'deadline_passed',
    );
    expect(activeStageFor('trades', 'poll', stages, 0).problem?.code).toBe('stage_not_open');
    expect(stagesFor('brands', 'decide')).toEqual(['vote']);
    expect(stagesFor('bases', 'apply')).toEqual(['apply', 'recommend']);
  });
});

describe('closing a stage', () => {
  it('keeps the recommendation stage open before its deadline while a county is below its minimum', () => {
    const rec = stage('recommend', 1, 'active', 5000);
    expect(closeStageProblem('trades', rec, { ...facts, countiesBelowMinimum: ['古县'] })?.message).toContain('古县');
    expect(closeStageProblem('trades', rec, { ...facts, now: 5000, countiesBelowMinimum: ['古县'] })).toBeNull();
    expect(closeStageProblem('trades', rec, facts)).toBeNull();
  });

  it('needs a shortlist of the target size, a closed and published poll, a decision and a final list', () => {
    expect(
      closeStageProblem('trades', stage('review', 2, 'active'), { ...facts, shortlistCount: 14 })?.message,
    ).toContain('15');
    expect(closeStageProblem('trades', stage('review', 2, 'active'), { ...facts, shortlistCount: 15 })).toBeNull();
    const vote = stage('vote', 3, 'active');
    expect(closeStageProblem('trades', vote, facts)?.message).toContain('尚未创建投票');
    const poll = { closesAt: 2000, embargoed: true, published: false };
    expect(closeStageProblem('trades', vote, { ...facts, poll })?.message).toContain('投票尚未结束');
    expect(closeStageProblem('trades', vote, { ...facts, now: 2000, poll })?.message).toContain('结果尚未公布');
    expect(closeStageProblem('trades', vote, { ...facts, now: 2000, poll: { ...poll, published: true } })).toBeNull();
    const decide = closeStageProblem('trades', stage('decide', 4, 'active'), facts);
    expect(decide?.issues).toHaveLength(2);
    expect(closeStageProblem('trades', stage('decide', 4, 'pending'), facts)?.code).toBe('conflict');
  });
});

describe('quotas and criteria', () => {
  it('gives each track the quotas of its annex', () => {
    expect(quotaFor('trades', 'plain')).toEqual({ min: 1, max: 2 });
    expect(quotaFor('trades', 'city')).toBeNull();
    expect(quotaFor('brands', 'mountain')).toMatchObject({ min: 0, aim: 1 });
    expect(quotaFor('brands', 'plain')?.min).toBe(1);
    expect(quotaFor('bases', 'plain')?.max).toBe(1);
  });

  it('checks the annex 3 brand criteria: 1000 trained, 30% employment, one year of cultivation', () => {
    const ok = { trainedCount: 1000, employmentRatePct: 30, cultivatedSince: '2019-11-05' };
    expect(criteriaIssues('brands', ok, '2020-11-05')).toEqual([]);
    const bad = criteriaIssues(
      'brands',
      { trainedCount: 999, employmentRatePct: 29.9, cultivatedSince: '2019-11-06' },
      '2020-11-05',
    );
    expect(bad.map((i) => i.path[1])).toEqual(['trainedCount', 'employmentRatePct', 'cultivatedSince']);
    expect(criteriaIssues('trades', { trainingSharePct: 25 }, '2020-06-01')[0].message).toContain('30%');
    expect(criteriaIssues('bases', { facilities: '实训室', fullTimeTeacherPct: 50 }, '2020-09-20')).toEqual([]);
  });

  it('keeps each threshold in one place, which the check applies and the form shows', () => {
    for (const [track, list] of Object.entries(CRITERIA)) {
      for (const c of list ?? []) {
        // A value just below the threshold fails with the criterion's message at its field; one at it passes.
        const at = c.input === 'date' ? '2019-06-01' : c.input === 'text' ? '实训室' : c.min;
        const below = c.input === 'date' ? '2019-06-02' : c.input === 'text' ? '  ' : c.min! - 0.5;
        const issues = (v: unknown) =>
          criteriaIssues(track as TrackKey, { [c.field]: v }, '2020-06-01').filter((i) => i.path[1] === c.field);
        expect(issues(at), `${track}.${c.field}`).toEqual([]);
        expect(issues(below)).toEqual([{ path: ['candidate', c.field], message: c.message }]);
        expect(issues(null)).toHaveLength(1);
        expect(c.threshold).not.toBe('');
      }
    }
    expect(CRITERIA.trades?.map((c) => [c.field, c.min])).toEqual([['trainingSharePct', 30]]);
    expect(CRITERIA.bases?.map((c) => c.field)).toEqual(['facilities', 'fullTimeTeacherPct']);
    expect(criteriaIssues('bases', { fullTimeTeacherPct: 60 }, '2020-09-20').map((i) => i.path[1])).toEqual([
      'facilities',
    ]);
  });

  it('computes a 3-year validity ending the day before the anniversary', () => {
    expect(validUntil('2026-10-01')).toBe('2029-09-30');
    expect(validUntil('2024-02-29')).toBe('2027-02-28');
  });

  it('allows 1 first, 2 second and 3 third prizes per trade, each place once', () => {
    expect(
      winnersIssues([
        { prize: 'first', place: 1 },
        { prize: 'second', place: 1 },
        { prize: 'second', place: 2 },
        { prize: 'third', place: 3 },
      ]),
    ).toEqual([]);
    expect(winnersIssues([{ prize: 'first', place: 2 }])[0].message).toContain('一等奖最多1名');
    expect(
      winnersIssues([
        { prize: 'third', place: 1 },
        { prize: 'third', place: 1 },
      ])[0].message,
    ).toBe('名次重复');
  });
});

describe('closing a 公示 stage', () => {
  const ended = {
    id: 1,
    slug: 'n',
    title: 'n',
    isDraft: false,
    withdrawn: false,
    replacedById: null,
    publishedOn: '2026-12-01',
    endsOn: '2026-12-07',
    workingDays: 5,
  };
  const poll = { closesAt: 0, embargoed: false, published: true };

  it('keeps the brands vote stage (网络投票和公示) open until a notice has ended with nothing pending', () => {
    const vote = stage('vote', 4, 'active');
    const done = { ...facts, poll, decisionConfirmed: true };
    expect(closeStageProblem('brands', vote, done)?.message).toContain('尚未完成公示');
    const running = { today: '2026-12-07', notices: [ended], pendingObjections: 0 };
    expect(closeStageProblem('brands', vote, { ...done, publicity: running })?.message).toContain(
      '公示期至2026年12月7日结束',
    );
    const pending = { today: '2026-12-08', notices: [ended], pendingObjections: 2 };
    expect(closeStageProblem('brands', vote, { ...done, publicity: pending })?.message).toContain('2件未办结的异议');
    expect(closeStageProblem('brands', vote, { ...done, publicity: { ...pending, pendingObjections: 0 } })).toBeNull();
  });

  it('asks bases for 5 working days; trades has no 公示 stage', () => {
    const publicity = stage('publicity', 5, 'active');
    const short = { today: '2026-12-08', notices: [{ ...ended, workingDays: 3 }], pendingObjections: 0 };
    expect(closeStageProblem('bases', publicity, { ...facts, publicity: short })?.message).toContain('5个工作日');
    const full = { ...short, notices: [ended] };
    expect(closeStageProblem('bases', publicity, { ...facts, publicity: full })).toBeNull();
    expect(TRACK_RULES.trades.publicity).toBeUndefined();
  });
});
