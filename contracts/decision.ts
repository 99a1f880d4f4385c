/**
 * Decision arithmetic (docs/product.md "Final determination"; docs/decision.md is the public
 * explanation and must say the same). Pure and exact: every score is kept in integer hundredths
 * and rounded half up, so the published breakdown can be recomputed by hand.
 */

/** A score as staff and the public read it: two decimals (95.20), a dash where there is none. */
export const formatScore = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : v.toFixed(2);

/** Weights in per cent, published with the poll before voting opens; they sum to 100. */
export interface Weights {
  county: number;
  expert: number;
  vote: number;
}

export interface DecisionCandidate {
  candidateId: number;
  name: string;
  /** Ranks (1 = the county's first choice) of every county recommendation of this candidate. */
  recommendationRanks: number[];
  /** Submitted expert scores, 0-100. */
  expertScores: number[];
  /** Counted votes, or null when the track has no poll. */
  votes: number | null;
}

export interface DecisionRow {
  candidateId: number;
  name: string;
  /** 0-100, two decimals. */
  countyScore: number;
  /** Mean of the submitted expert scores, two decimals; null when none was submitted. */
  expertScore: number | null;
  /** votes / the most votes any candidate got x 100, two decimals; 0 without a poll or ballots. */
  voteScore: number;
  votes: number | null;
  /** (county x weight + expert x weight + vote x weight) / 100, two decimals. */
  total: number;
  /** Competition rank: rows equal on every tie-break key share a rank (1, 2, 2, 4). */
  rank: number;
  /** Equal to another row on total and on every tie-break key: the admin must resolve it. */
  tied: boolean;
}

/** Points for a county recommendation by the county's order of preference. */
export const COUNTY_POINTS: Record<number, number> = { 1: 100, 2: 80, 3: 60, 4: 40, 5: 20 };

/** Problems with a set of weights (empty: valid). */
export function weightsIssues(w: Weights): string[] {
  const issues: string[] = [];
  for (const [k, v] of Object.entries(w))
    if (!Number.isInteger(v) || v < 0 || v > 100) issues.push(`${k} 权重应为0-100的整数`);
  if (w.county + w.expert + w.vote !== 100) issues.push('三项权重之和应为100');
  return issues;
}

/** Integer division rounded half up, for non-negative numerators. */
const divRound = (num: number, den: number) => Math.floor((2 * num + den) / (2 * den));
const hundredths = (x: number) => Math.round(x * 100);

/** County part in hundredths: the best of the candidate's recommendations; none -> 0. */
function countyH(ranks: number[]): number {
  if (!ranks.length) return 0;
  return (COUNTY_POINTS[Math.min(...ranks)] ?? 0) * 100;
}

/** Expert part in hundredths: mean of the scores (each taken to two decimals), half up. */
function expertH(scores: number[]): number | null {
  if (!scores.length) return null;
  return divRound(
    scores.reduce((sum, s) => sum + hundredths(s), 0),
    scores.length,
  );
}

/**
 * Ranks candidates. Order: total, then votes, then expert score, then county score, all higher
 * first; rows equal on all four share a rank and are flagged `tied`. Submission time is not a
 * key: every county had the same deadline. Rows of one rank are listed by candidate id.
 */
export function rankCandidates(candidates: DecisionCandidate[], w: Weights): DecisionRow[] {
  const maxVotes = Math.max(0, ...candidates.map((c) => c.votes ?? 0));
  const scored = candidates.map((c) => {
    const county = countyH(c.recommendationRanks);
    const expert = expertH(c.expertScores);
    const vote = maxVotes > 0 && c.votes !== null ? divRound(c.votes * 10_000, maxVotes) : 0;
    const total = divRound(w.county * county + w.expert * (expert ?? 0) + w.vote * vote, 100);
    return { c, county, expert, vote, total };
  });
  const key = (s: (typeof scored)[number]) => [s.total, s.c.votes ?? 0, s.expert ?? -1, s.county];
  const compare = (a: (typeof scored)[number], b: (typeof scored)[number]) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
    return 0;
  };
  const sorted = [...scored].sort((a, b) => compare(a, b) || a.c.candidateId - b.c.candidateId);
  return sorted.map((s) => {
    const better = sorted.filter((o) => compare(o, s) < 0).length;
    const equal = sorted.filter((o) => compare(o, s) === 0).length;
    return {
      candidateId: s.c.candidateId,
      name: s.c.name,
      countyScore: s.county / 100,
      expertScore: s.expert === null ? null : s.expert / 100,
      voteScore: s.vote / 100,
      votes: s.c.votes,
      total: s.total / 100,
      rank: better + 1,
      tied: equal > 1,
    };
  });
}

/**
 * The top `n` of a ranking, or the candidates tied across the cut (rank <= n < rank + tied
 * count), whom only an override with a written reason can separate.
 */
export function topN(rows: DecisionRow[], n: number): { selected: number[] } | { tiedAtCut: number[] } {
  const cut = rows.filter((r) => r.rank <= n);
  if (cut.length > n) {
    const lastRank = Math.max(...cut.map((r) => r.rank));
    return { tiedAtCut: rows.filter((r) => r.rank === lastRank).map((r) => r.candidateId) };
  }
  return { selected: cut.map((r) => r.candidateId) };
}
