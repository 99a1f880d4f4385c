import { describe, expect, it } from 'vitest';
import { ScoreRequest } from '../../../contracts/admin-workflow';
import { isExpertScore, scoreInput } from '../../../contracts/workflow';

/** Every value 0.00-100.00 in steps of 0.01, as the i-th of 10,001. */
const ALL = Array.from({ length: 10_001 }, (_, i) => i);

describe('expert scores: any value 0-100 with at most two decimals', () => {
  it('accepts all 10,001 values as JSON numbers (i / 100)', () => {
    const refused = ALL.filter((i) => {
      const score = JSON.parse(JSON.stringify({ score: i / 100 })).score as number;
      return !isExpertScore(score) || !ScoreRequest.safeParse({ score }).success;
    });
    expect(refused).toEqual([]);
  });

  it('accepts all 10,001 values as typed ("64.1", "64.10", "100") and read by the form with Number()', () => {
    const refused = ALL.flatMap((i) => {
      const typed = [(i / 100).toFixed(2), String(i / 100), (i / 100).toFixed(1 + (i % 2))];
      return typed.filter((text) => {
        const fromJson = JSON.parse(`{"score": ${text}}`).score as number;
        const fromForm = Number(text);
        return !(
          isExpertScore(fromJson) &&
          isExpertScore(fromForm) &&
          ScoreRequest.safeParse({ score: fromForm }).success
        );
      });
    });
    expect(refused).toEqual([]);
  });

  it('accepts 64.1, 79.4 and 66.6, which a floating-point test (x * 100 is whole) refused', () => {
    for (const score of [64.1, 79.4, 66.6]) {
      expect(Math.round(score * 100) === score * 100).toBe(false);
      expect(isExpertScore(score)).toBe(true);
    }
  });

  it('refuses more than two decimals, values outside 0-100, NaN and Infinity', () => {
    for (const score of [100.01, -0.01, 1.234, 0.001, 99.999, 100.000001, NaN, Infinity, -Infinity, 1e21])
      expect([score, isExpertScore(score), ScoreRequest.safeParse({ score }).success]).toEqual([score, false, false]);
  });

  it('refuses an empty score (null, "", missing) and a string with a Chinese message, never reading it as 0', () => {
    for (const body of [{ score: null }, { score: '' }, {}, { score: '64.1' }, { score: ' ' }]) {
      const r = ScoreRequest.safeParse(body);
      expect(r.success, JSON.stringify(body)).toBe(false);
      expect(r.error!.issues[0].path).toEqual(['score']);
      expect(r.error!.issues[0].message).toMatch(/评分/);
    }
  });

  it('sends an empty field as null, never 0, and what is not a number as typed', () => {
    expect([scoreInput(''), scoreInput('  ')]).toEqual([null, null]);
    expect([scoreInput('0'), scoreInput(' 64.1 '), scoreInput('100.00')]).toEqual([0, 64.1, 100]);
    expect(scoreInput('abc')).toBe('abc');
    for (const text of ['', ' ', 'abc'])
      expect(ScoreRequest.safeParse({ score: scoreInput(text) }).success, JSON.stringify(text)).toBe(false);
  });
});
