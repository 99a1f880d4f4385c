import { describe, expect, it } from 'vitest';
import { formatScore, rankCandidates, topN, weightsIssues, type DecisionCandidate } from '../../../contracts/decision';

const W = { county: 20, expert: 50, vote: 30 };

/** The worked example of docs/decision.md. */
const EXAMPLE: DecisionCandidate[] = [
  { candidateId: 1, name: 'A', recommendationRanks: [1], expertScores: [90, 86], votes: 1000 },
  { candidateId: 2, name: 'B', recommendationRanks: [1], expertScores: [80], votes: 800 },
  { candidateId: 3, name: 'C', recommendationRanks: [2], expertScores: [100], votes: 600 },
  { candidateId: 4, name: 'D', recommendationRanks: [1], expertScores: [70, 74], votes: 500 },
  { candidateId: 5, name: 'E', recommendationRanks: [2, 1], expertScores: [72], votes: 500 },
  { candidateId: 6, name: 'F', recommendationRanks: [2], expertScores: [75.5, 80.25], votes: 333 },
];

describe('rankCandidates: the worked example of docs/decision.md', () => {
  const rows = rankCandidates(EXAMPLE, W);
  const by = (name: string) => rows.find((r) => r.name === name)!;

  it('computes every part and the total in hundredths, rounded half up', () => {
    expect(by('A')).toMatchObject({ countyScore: 100, expertScore: 88, voteScore: 100, total: 94 });
    expect(by('B')).toMatchObject({ countyScore: 100, expertScore: 80, voteScore: 80, total: 84 });
    expect(by('C')).toMatchObject({ countyScore: 80, expertScore: 100, voteScore: 60, total: 84 });
    expect(by('E')).toMatchObject({ countyScore: 100, expertScore: 72, voteScore: 50, total: 71 });
    // (75.50 + 80.25) / 2 = 77.875 -> 77.88; 333 / 1000 -> 33.30; (1600 + 3894 + 999) / 100 = 64.93
    expect(by('F')).toMatchObject({ countyScore: 80, expertScore: 77.88, voteScore: 33.3, total: 64.93 });
  });

  it('breaks an equal total by votes, and flags rows equal on every key as tied with a shared rank', () => {
    expect(rows.map((r) => [r.name, r.rank, r.tied])).toEqual([
      ['A', 1, false],
      ['B', 2, false],
      ['C', 3, false],
      ['D', 4, true],
      ['E', 4, true],
      ['F', 6, false],
    ]);
  });

  it('selects the top N, or names the candidates tied across the cut', () => {
    expect(topN(rows, 3)).toEqual({ selected: [1, 2, 3] });
    expect(topN(rows, 4)).toEqual({ tiedAtCut: [4, 5] });
    expect(topN(rows, 5)).toEqual({ selected: [1, 2, 3, 4, 5] });
  });
});

describe('rankCandidates: tie-break keys and edge cases', () => {
  it('breaks equal totals and votes by the expert score, then by the county score', () => {
    const rows = rankCandidates(
      [
        { candidateId: 1, name: 'low expert', recommendationRanks: [1], expertScores: [80], votes: 10 },
        { candidateId: 2, name: 'high expert', recommendationRanks: [2], expertScores: [88], votes: 10 },
      ],
      W,
    );
    // 2000 + 4000 = 6000 + 3000; 1600 + 4400 = 6000 + 3000: equal totals and votes, expert decides.
    expect(rows.map((r) => [r.name, r.total, r.rank, r.tied])).toEqual([
      ['high expert', 90, 1, false],
      ['low expert', 90, 2, false],
    ]);
    const byCounty = rankCandidates(
      [
        { candidateId: 1, name: 'second choice', recommendationRanks: [2], expertScores: [90], votes: null },
        { candidateId: 2, name: 'first choice', recommendationRanks: [1], expertScores: [90], votes: null },
      ],
      { county: 0, expert: 100, vote: 0 },
    );
    expect(byCounty.map((r) => [r.name, r.rank, r.tied])).toEqual([
      ['first choice', 1, false],
      ['second choice', 2, false],
    ]);
  });

  it('gives 0 for votes when nobody voted, and a null expert score that counts as 0', () => {
    const rows = rankCandidates(
      [
        { candidateId: 1, name: 'x', recommendationRanks: [], expertScores: [], votes: 0 },
        { candidateId: 2, name: 'y', recommendationRanks: [1], expertScores: [50], votes: 0 },
      ],
      W,
    );
    expect(rows[0]).toMatchObject({ name: 'y', voteScore: 0, total: 45 });
    expect(rows[1]).toMatchObject({ name: 'x', countyScore: 0, expertScore: null, total: 0 });
  });

  it('rounds the vote part half up: 2 of 3 votes is 66.67', () => {
    const rows = rankCandidates(
      [
        { candidateId: 1, name: 'a', recommendationRanks: [1], expertScores: [0], votes: 3 },
        { candidateId: 2, name: 'b', recommendationRanks: [1], expertScores: [0], votes: 2 },
      ],
      { county: 0, expert: 0, vote: 100 },
    );
    expect(rows[1]).toMatchObject({ voteScore: 66.67, total: 66.67 });
  });
});

describe('weightsIssues', () => {
  it('accepts non-negative integers summing to 100 and refuses anything else', () => {
    expect(weightsIssues(W)).toEqual([]);
    expect(weightsIssues({ county: 20, expert: 50, vote: 40 })).toEqual(['三项权重之和应为100']);
    expect(weightsIssues({ county: -10, expert: 60, vote: 50 }).length).toBeGreaterThan(0);
    expect(weightsIssues({ county: 20.5, expert: 49.5, vote: 30 }).length).toBeGreaterThan(0);
  });
});

describe('formatScore', () => {
  it('writes two decimals, and a dash for no score', () => {
    expect([90, 95.2, 79.4, 70.25, 0].map(formatScore)).toEqual(['90.00', '95.20', '79.40', '70.25', '0.00']);
    expect(formatScore(null)).toBe('—');
    expect(formatScore(undefined)).toBe('—');
  });
});
