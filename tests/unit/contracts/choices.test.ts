import { describe, expect, it } from 'vitest';
import { choiceIssues } from '../../../contracts/choices';

const finalists = new Set([11, 12, 13, 14]);

describe('choiceIssues', () => {
  it('accepts 1 to maxChoices distinct finalists', () => {
    expect(choiceIssues([11], 3, finalists)).toEqual([]);
    expect(choiceIssues([14, 11, 12], 3, finalists)).toEqual([]);
  });

  it('asks for at least one choice', () => {
    expect(choiceIssues([], 3, finalists)).toEqual([{ path: ['choices'], message: '请至少选择1项' }]);
  });

  it('refuses more than maxChoices', () => {
    expect(choiceIssues([11, 12, 13], 2, finalists)).toEqual([{ path: ['choices'], message: '最多只能选择2项' }]);
  });

  it('points at each repeated choice and each choice that is not a finalist', () => {
    expect(choiceIssues([11, 99, 11], 3, finalists)).toEqual([
      { path: ['choices', 1], message: '不是本次投票的候选项' },
      { path: ['choices', 2], message: '重复选择' },
    ]);
  });
});
