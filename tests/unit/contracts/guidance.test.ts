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
