/**
 * What comes next on a track, in one line for the staff who run it ("下一步：…"), from the stage
 * states and the workflow rules of contracts/workflow.ts. Pure: the admin track page shows it, and
 * it says no more than the rules the server enforces.
 */
import type { RoundStatus, TrackKey } from './enums';
import { labels } from './labels';
import { TRACK_RULES, type Activity, type Requirement, type StageState } from './workflow';

const ACTIVITY: Record<Activity, string> = {
  apply: '受理申报',
  recommend: '各县（市、区）提交推荐',
  review: '分配评审专家，专家评分',
  shortlist: '确定入围名单',
  poll: '创建并管理投票',
  decide: '确认综合评定结果',
  final_list: '发布最终名单',
  approve: '认定鉴定机构',
  schedule: '安排举办时间',
  award: '录入获奖名单',
  outcome: '录入活动成果',
};

const REQUIREMENT: Record<Requirement, string> = {
  county_minimum: '各县（市、区）达到推荐名额下限（截止时间后不再要求）',
  shortlist: '入围名单已确定',
  poll_closed: '投票已结束（不实时公开票数的，结果已公布）',
  decision: '综合评定结果已确认',
  final_list: '最终名单已发布',
  publicity: '公示期满且异议全部办结',
};

const closed = (s: StageState) => s.status === 'done' || s.status === 'skipped';

/**
 * The line that says what to do next on `track`, given its current round and that round's stages in
 * order. A round that has finished or was closed early takes nothing more: the next is a new round.
 */
export function nextStep(
  track: TrackKey,
  stages: StageState[],
  round: { title: string; status: RoundStatus } | null = null,
): string {
  if (round && round.status !== 'open')
    return `${round.title}${labels.roundStatus[round.status]}，不再办理；下一步：在“年度评选”中开始下一年度评选。`;
  const rules = TRACK_RULES[track].stages;
  const active = stages.find((s) => s.status === 'active');
  if (active) {
    const rule = rules[active.key];
    const todo = (rule?.activities ?? []).map((a) => ACTIVITY[a]);
    const needs = (rule?.requires ?? []).map((r) => REQUIREMENT[r]);
    const work = todo.length ? `${todo.join('、')}；` : '';
    const end = needs.length ? `待${needs.join('、')}后，结束本环节` : '办完后结束本环节';
    return `下一步：“${active.title}”环节进行中——${work}${end}。`;
  }
  const next = [...stages].sort((a, b) => a.seq - b.seq).find((s) => !closed(s));
  if (!next) return '本赛道各环节均已完成。';
  return `下一步：开启“${next.title}”环节。`;
}
