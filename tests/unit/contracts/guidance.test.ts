import { describe, expect, it } from 'vitest';
import { nextStep } from '../../../contracts/guidance';
import type { StageState } from '../../../contracts/workflow';

const stages = (statuses: StageState['status'][]): StageState[] =>
  ['recommend', 'review', 'vote', 'decide'].map((key, i) => ({
    key,
    seq: i + 1,
    title: ['县级推荐', '市级筛选', '公众评选', '审核确定'][i],
    status: statuses[i],
    deadlineAt: null,
    targetCount: null,
  }));

describe('nextStep', () => {
  it('offers nothing more in a round that has finished or was closed early: the next is a new round', () => {
    const pending = stages(['done', 'done', 'pending', 'pending']);
    expect(nextStep('trades', pending, { title: '2026年度十大精品工种评选', status: 'closed' })).toBe(
      '2026年度十大精品工种评选已提前结束，不再办理；下一步：在“年度评选”中开始下一年度评选。',
    );
    expect(nextStep('trades', stages(['done', 'done', 'done', 'done']), { title: 'X', status: 'finished' })).toBe(
      'X已完成，不再办理；下一步：在“年度评选”中开始下一年度评选。',
    );
    expect(nextStep('trades', pending, { title: 'X', status: 'open' })).toBe('下一步：开启“公众评选”环节。');
  });

  it('says which stage to open when none runs', () => {
    expect(nextStep('trades', stages(['pending', 'pending', 'pending', 'pending']))).toBe(
      '下一步：开启“县级推荐”环节。',
    );
    expect(nextStep('trades', stages(['done', 'done', 'pending', 'pending']))).toBe('下一步：开启“公众评选”环节。');
  });

  it('says what the running stage is for and what it needs before it can close', () => {
    expect(nextStep('trades', stages(['done', 'done', 'done', 'active']))).toBe(
      '下一步：“审核确定”环节进行中——确认综合评定结果、发布最终名单；待综合评定结果已确认、最终名单已发布后，结束本环节。',
    );
  });

  it('says when every stage is done', () => {
    expect(nextStep('trades', stages(['done', 'done', 'skipped', 'done']))).toBe('本赛道各环节均已完成。');
  });
});
