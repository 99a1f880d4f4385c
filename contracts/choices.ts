/**
 * The choice rule of a ballot (docs/product.md, voting rules): 1 to maxChoices distinct finalists of the
 * poll. Pure, so the API, the vote form and the admin can all apply the same rule.
 */
import type { ErrorIssue } from './errors';

/**
 * What is wrong with a set of choices, as field issues (empty when they are valid).
 * @example choiceIssues([3, 3], 2, new Set([3, 4])) // [{ path: ['choices', 1], message: '重复选择' }]
 */
export function choiceIssues(choices: number[], maxChoices: number, candidateIds: ReadonlySet<number>): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  if (choices.length < 1) issues.push({ path: ['choices'], message: '请至少选择1项' });
  if (choices.length > maxChoices) issues.push({ path: ['choices'], message: `最多只能选择${maxChoices}项` });
  const seen = new Set<number>();
  choices.forEach((id, i) => {
    if (seen.has(id)) issues.push({ path: ['choices', i], message: '重复选择' });
    else if (!candidateIds.has(id)) issues.push({ path: ['choices', i], message: '不是本次投票的候选项' });
    seen.add(id);
  });
  return issues;
}
