/**
 * The six tracks' workflow rules (临政办发〔2020〕40号 annexes 2-7), pure: which stage each action
 * belongs to, the order of stages, county quotas, the criteria the annexes set, and what must be
 * true before a stage may close. The services read the database, call these, and turn a problem
 * into an API error; nothing here touches the database.
 */
import { addDays, chinaDate } from './china-time';
import type { CountyKind, StageStatus, TrackKey } from './enums';
import { closeStageIssue, publicityVerdict, type PublicityFacts, type PublicityRule } from './publicity';

/**
 * The longest voting window, in calendar days counted from the China date of opening (day 1),
 * extensions included; and how far ahead a poll may be scheduled to open.
 */
export const POLL_MAX_DAYS = 60;
export const POLL_MAX_LEAD_DAYS = 365;
/** How far ahead a stage's deadline may be set: a stage runs weeks, not years. */
export const STAGE_MAX_DEADLINE_DAYS = 365;

/** The last China date a poll opening at `opensAt` may run through: day POLL_MAX_DAYS of its window. */
export function pollLastDayLimit(opensAt: number): string {
  return addDays(chinaDate(opensAt), POLL_MAX_DAYS - 1);
}

/** The actions of the workflow; each is allowed only while one of its stages is active. */
export type Activity =
  | 'apply'
  | 'recommend'
  | 'review'
  | 'shortlist'
  | 'poll'
  | 'decide'
  | 'final_list'
  | 'approve'
  | 'schedule'
  | 'award'
  | 'outcome';

/** What must be true before a city admin may close a stage. */
export type Requirement =
  /** every county has its minimum, unless the deadline has passed */
  | 'county_minimum'
  /** the shortlist is built (with the stage's target count, where it has one) */
  | 'shortlist'
  /** the stage's poll exists and has closed (and published its results if embargoed) */
  | 'poll_closed'
  /** the track's decision is confirmed */
  | 'decision'
  /** the track's final list is published */
  | 'final_list'
  /** the track's 公示 has ended, nothing of it is pending (contracts/publicity.ts) */
  | 'publicity';

export interface StageRule {
  /** Actions allowed while this stage is active. */
  activities: Activity[];
  requires?: Requirement[];
  /** Default target count: finalists of a shortlist, or those selected by a decision. */
  target?: number;
}

export interface Quota {
  min: number;
  max: number;
  /** The document asks counties to aim for this many (山区县力争每县1个) without requiring it. */
  aim?: number;
}

export interface TrackRule {
  stages: Record<string, StageRule>;
  /** Per-county quota of recommendations by county kind; absent kind: cannot recommend. */
  quota?: Partial<Record<CountyKind, Quota>>;
  /** 市直 units apply directly to the city (bases, annex 7), without a county recommendation. */
  cityAppliesDirectly?: boolean;
  /** Voting window default in calendar days, and choices per ballot. */
  poll?: { days: number; maxChoices?: number };
  /** Weights of a decision that has no poll (bases: expert evaluation only). */
  fixedWeights?: { county: number; expert: number; vote: number };
  /** Where the annex asks for 公示: the final list follows an ended notice (contracts/publicity.ts). */
  publicity?: PublicityRule;
}

/** The rules of each track; stage keys are those of the annex templates (contracts/rounds.ts). */
export const TRACK_RULES: Record<TrackKey, TrackRule> = {
  // Annex 2: 县推送、市筛选、大众评. Each county recommends 1-2 trades within 5 working days;
  // the city's experts pick 15 finalists; 15 days of public voting; the city decides 10.
  trades: {
    stages: {
      recommend: { activities: ['recommend'], requires: ['county_minimum'] },
      review: { activities: ['review', 'shortlist'], requires: ['shortlist'], target: 15 },
      vote: { activities: ['poll'], requires: ['poll_closed'] },
      decide: { activities: ['decide', 'final_list'], requires: ['decision', 'final_list'], target: 10 },
    },
    quota: { plain: { min: 1, max: 2 }, mountain: { min: 1, max: 2 } },
    poll: { days: 15, maxChoices: 10 },
  },
  // Annex 3: plain counties at least 1, mountain counties aim for 1; a third party reviews;
  // the shortlist goes to an online vote and 公示; the city names the brands.
  brands: {
    stages: {
      cultivate: { activities: [] },
      recommend: { activities: ['recommend'], requires: ['county_minimum'] },
      review: { activities: ['review', 'shortlist'], requires: ['shortlist'] },
      vote: { activities: ['poll', 'decide'], requires: ['poll_closed', 'decision', 'publicity'] },
      name: { activities: ['final_list'], requires: ['final_list'] },
    },
    quota: { plain: { min: 1, max: 5 }, mountain: { min: 0, max: 5, aim: 1 }, city: { min: 0, max: 5 } },
    poll: { days: 15 },
    // 网络投票和公示: the annex sets no length, so any period counts.
    publicity: { stage: 'vote' },
  },
  // Annex 4: application, review (initial check and expert assessment), the directory with a
  // validity of 3 years, the year-end assessment that may revoke.
  institutions: {
    stages: {
      apply: { activities: ['apply'] },
      review: { activities: ['review'] },
      publish: { activities: ['approve'] },
      evaluate: { activities: [] },
    },
  },
  // Annex 5: the schedule (months may be 待定), the competitions, the prizes.
  competitions: {
    stages: {
      schedule: { activities: ['schedule'] },
      hold: { activities: ['schedule'] },
      award: { activities: ['award'] },
    },
  },
  // Annex 6: the schedule, then the events and their outcomes.
  recruitment: {
    stages: {
      schedule: { activities: ['schedule'] },
      hold: { activities: ['schedule', 'outcome'] },
    },
  },
  // Annex 7: institutions apply to their county, each county recommends 1, 市直 apply directly;
  // experts evaluate; 公示 for 5 working days; the city names the bases.
  bases: {
    stages: {
      promote: { activities: [] },
      apply: { activities: ['apply'] },
      recommend: { activities: ['apply', 'recommend'], requires: ['county_minimum'] },
      review: { activities: ['review', 'decide'], requires: ['decision'], target: 10 },
      publicity: { activities: [], requires: ['publicity'] },
      name: { activities: ['final_list'], requires: ['final_list'] },
    },
    quota: { plain: { min: 0, max: 1, aim: 1 }, mountain: { min: 0, max: 1, aim: 1 } },
    cityAppliesDirectly: true,
    fixedWeights: { county: 0, expert: 100, vote: 0 },
    // 向社会公示5个工作日，无异议的向全市公布。
    publicity: { stage: 'publicity', workingDays: 5 },
  },
};

/**
 * Whether a track's round finishes when its last stage closes: the tracks whose annex names no
 * final list (institutions, competitions, recruitment). The others finish when the final list is
 * published.
 */
export function finishesWithLastStage(track: TrackKey): boolean {
  return !Object.values(TRACK_RULES[track].stages).some((s) => s.activities.includes('final_list'));
}

/**
 * Whether an expert's score is 0-100 with at most two decimals. Compared as the nearest two-decimal
 * value rather than by `x * 100` being whole: 64.1 * 100 is 6409.999…, yet 64.1 is what was typed.
 * `Math.round(x * 100) / 100` is the double nearest to that two-decimal value, as is the typed
 * number, so the two are equal exactly when the score has at most two decimals.
 */
export function isExpertScore(x: number): boolean {
  return Number.isFinite(x) && x >= 0 && x <= 100 && Math.round(x * 100) / 100 === x;
}

export const EXPERT_SCORE_RULE = '评分应为0-100之间的数，最多两位小数';

/**
 * The score field's text as the admin form sends it: the number typed; null when the field is
 * empty (`Number('')` is 0, and an empty score must be refused, not saved as 0); the text itself
 * when it is not a number, so the server names the rule.
 */
export function scoreInput(text: string): number | string | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** A rule violation, in the shape the services turn into an ApiError. */
export interface Problem {
  code:
    | 'stage_not_open'
    | 'deadline_passed'
    | 'quota_exceeded'
    | 'conflict'
    | 'invalid_request'
    | 'forbidden'
    | 'poll_not_open';
  message: string;
  issues?: { path: (string | number)[]; message: string }[];
}

export interface StageState {
  key: string;
  seq: number;
  title: string;
  status: StageStatus;
  deadlineAt: number | null;
  targetCount: number | null;
}

const closed = (s: StageState) => s.status === 'done' || s.status === 'skipped';

/** The stage keys during which an activity is allowed on a track (empty: never). */
export function stagesFor(track: TrackKey, activity: Activity): string[] {
  return Object.entries(TRACK_RULES[track].stages)
    .filter(([, r]) => r.activities.includes(activity))
    .map(([k]) => k);
}

/**
 * The active stage that allows `activity`, or the problem. Submissions with a deadline are
 * refused from the deadline instant on (`now >= deadlineAt`).
 */
export function activeStageFor(
  track: TrackKey,
  activity: Activity,
  stages: StageState[],
  now: number,
  opts: { checkDeadline?: boolean } = {},
): { stage: StageState; problem?: undefined } | { stage?: undefined; problem: Problem } {
  const keys = stagesFor(track, activity);
  const stage = stages.find((s) => keys.includes(s.key) && s.status === 'active');
  if (!stage) return { problem: { code: 'stage_not_open', message: notOpenMessage(stages, keys) } };
  if (opts.checkDeadline && stage.deadlineAt !== null && now >= stage.deadlineAt)
    return { problem: { code: 'deadline_passed', message: `“${stage.title}”环节已于截止时间结束，不再受理。` } };
  return { stage };
}

/**
 * Why an action cannot be taken now, and what to do about it: which stage must be opened first
 * (and which earlier stages still run), or that its stage has ended.
 */
function notOpenMessage(stages: StageState[], keys: string[]): string {
  const own = stages.filter((s) => keys.includes(s.key));
  if (!own.length) return '该赛道没有可进行此操作的环节。';
  const names = own.map((s) => `“${s.title}”`).join('或');
  const next = own.find((s) => s.status === 'pending');
  if (!next) return `${names}环节已经结束，不能再进行此操作。`;
  const earlier = stages.filter((s) => s.seq < next.seq && !closed(s)).map((s) => `“${s.title}”`);
  const first = earlier.length ? `先结束${earlier.join('、')}环节，再` : '';
  return `${names}环节尚未开启：请市级管理员${first}在本赛道页面的“环节”中开启“${next.title}”，然后再进行此操作。`;
}

/** Whether `key` may open now: it is pending and every earlier stage has been closed. */
export function openStageProblem(stages: StageState[], key: string): Problem | null {
  const stage = stages.find((s) => s.key === key);
  if (!stage)
    return { code: 'invalid_request', message: '没有这个环节。', issues: [{ path: ['stage'], message: key }] };
  if (stage.status !== 'pending')
    return { code: 'conflict', message: `“${stage.title}”环节已经开始过，不能再次开启。` };
  const open = stages.filter((s) => s.seq < stage.seq && !closed(s));
  if (open.length)
    return {
      code: 'conflict',
      message: `须先由市级管理员结束前序环节：${open.map((s) => `“${s.title}”`).join('、')}。`,
    };
  return null;
}

/** Facts the service reads before closing a stage. */
export interface CloseFacts {
  now: number;
  /** Counties below their minimum quota (names), for `county_minimum`. */
  countiesBelowMinimum: string[];
  shortlistCount: number;
  /** The track's latest poll, for `poll_closed`. */
  poll: { closesAt: number; embargoed: boolean; published: boolean } | null;
  decisionConfirmed: boolean;
  finalListPublished: boolean;
  /** The track's notices and pending objections, for `publicity` (absent: none at all). */
  publicity?: PublicityFacts;
}

/** Whether an active stage may be closed now; every unmet requirement is one issue. */
export function closeStageProblem(track: TrackKey, stage: StageState, facts: CloseFacts): Problem | null {
  if (stage.status !== 'active') return { code: 'conflict', message: `“${stage.title}”环节不在进行中。` };
  const rule = TRACK_RULES[track].stages[stage.key];
  const issues: string[] = [];
  for (const req of rule?.requires ?? []) {
    if (req === 'county_minimum') {
      const beforeDeadline = stage.deadlineAt === null || facts.now < stage.deadlineAt;
      if (beforeDeadline && facts.countiesBelowMinimum.length)
        issues.push(`截止时间前，以下县（市、区）尚未达到推荐名额下限：${facts.countiesBelowMinimum.join('、')}`);
    }
    if (req === 'shortlist') {
      const target = stage.targetCount ?? rule.target;
      if (facts.shortlistCount === 0 || (target !== undefined && facts.shortlistCount !== target))
        issues.push(`入围名单尚未确定${target ? `（应为${target}个）` : ''}`);
    }
    if (req === 'poll_closed') {
      if (!facts.poll) issues.push('尚未创建投票');
      else if (facts.now < facts.poll.closesAt) issues.push('投票尚未结束');
      else if (facts.poll.embargoed && !facts.poll.published) issues.push('投票结果尚未公布');
    }
    if (req === 'decision' && !facts.decisionConfirmed) issues.push('评选结果尚未确认');
    if (req === 'final_list' && !facts.finalListPublished) issues.push('最终名单尚未发布');
    if (req === 'publicity') {
      const publicity = facts.publicity ?? { today: '', notices: [], pendingObjections: 0 };
      const { block } = publicityVerdict(TRACK_RULES[track].publicity ?? null, publicity);
      if (block) issues.push(closeStageIssue(block));
    }
  }
  if (!issues.length) return null;
  return {
    code: 'conflict',
    message: `“${stage.title}”环节还不能结束：${issues.join('；')}。`,
    issues: issues.map((message) => ({ path: ['stage'], message })),
  };
}

/** A county's quota on a track, or null when the county cannot recommend on it. */
export function quotaFor(track: TrackKey, kind: CountyKind): Quota | null {
  return TRACK_RULES[track].quota?.[kind] ?? null;
}

/** Criteria a candidate must meet before it can be recommended, per track (annexes 2, 3, 7). */
export interface Criteria {
  trainedCount?: number | null;
  employmentRatePct?: number | null;
  cultivatedSince?: string | null;
  trainingSharePct?: number | null;
  facilities?: string | null;
  fullTimeTeacherPct?: number | null;
}

/**
 * One criterion of an annex: the field it reads, its label on the recommendation form, the
 * threshold shown beside the field, and the refusal when it is not met. The one place the
 * thresholds live: `criteriaIssues` checks them and the admin form shows them.
 */
export interface Criterion {
  field: keyof Criteria;
  /** The form field's label. */
  label: string;
  /** How the field is entered: a percentage, a whole count, a China date or a text. */
  input: 'percent' | 'count' | 'date' | 'text';
  /** The least value (percent, count); a date must lie at least `minYears` before today. */
  min?: number;
  minYears?: number;
  /** The threshold as the form shows it beside the field. */
  threshold: string;
  /** The refusal when the criterion is not met. */
  message: string;
}

export const CRITERIA: Partial<Record<TrackKey, readonly Criterion[]>> = {
  // Annex 2: the trade's share of the county's yearly training.
  trades: [
    {
      field: 'trainingSharePct',
      label: '该工种培训人次数占本县全年培训人次数的比例（%）',
      input: 'percent',
      min: 30,
      threshold: '不得低于30%',
      message: '培训人次数占全年培训人次数的比例不得低于30%',
    },
  ],
  // Annex 3: 2018至2019年品牌培训1000人以上、就业率30%以上，培育创建至少1年。
  brands: [
    {
      field: 'trainedCount',
      label: '2018至2019年通过品牌培训人数',
      input: 'count',
      min: 1000,
      threshold: '应在1000人以上',
      message: '2018至2019年通过品牌培训人数应在1000人以上',
    },
    {
      field: 'employmentRatePct',
      label: '就业率（%）',
      input: 'percent',
      min: 30,
      threshold: '应达到30%以上',
      message: '就业率应达到30%以上',
    },
    {
      field: 'cultivatedSince',
      label: '开始培育创建的日期',
      input: 'date',
      minYears: 1,
      threshold: '培育创建应至少1年以上',
      message: '培育创建应至少1年以上',
    },
  ],
  // Annex 7: training grounds and facilities, and full-time teachers.
  bases: [
    {
      field: 'facilities',
      label: '培训场地和实训设施',
      input: 'text',
      threshold: '须写明培训场地面积和实训设施',
      message: '请填写培训场地和实训设施情况',
    },
    {
      field: 'fullTimeTeacherPct',
      label: '专职教师占教师总人数的比例（%）',
      input: 'percent',
      min: 50,
      threshold: '不少于50%',
      message: '专职教师不少于教师总人数的50%',
    },
  ],
};

/** The China date one year before `date` ('2020-11-05' -> '2019-11-05'; 29 Feb -> 28 Feb). */
function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-');
  const day = m === '02' && d === '29' ? '28' : d;
  return `${Number(y) - years}-${m}-${day}`;
}

/** Whether `value` meets `criterion` on the China date `today`. */
export function meetsCriterion(criterion: Criterion, value: unknown, today: string): boolean {
  if (value === null || value === undefined) return false;
  if (criterion.input === 'text') return typeof value === 'string' && value.trim() !== '';
  if (criterion.input === 'date')
    return typeof value === 'string' && value <= yearsBefore(today, criterion.minYears ?? 0);
  return typeof value === 'number' && value >= (criterion.min ?? 0);
}

/**
 * The annex criteria a candidate fails, as field issues (empty: it qualifies). `today` is the
 * China date of the recommendation, for the one year of cultivation brands need.
 */
export function criteriaIssues(track: TrackKey, c: Criteria, today: string): Problem['issues'] & object {
  return (CRITERIA[track] ?? [])
    .filter((k) => !meetsCriterion(k, c[k.field], today))
    .map((k) => ({ path: ['candidate', k.field], message: k.message }));
}

/** Years an appraisal institution's directory entry is valid (annex 4: 资质有效期3年). */
export const INSTITUTION_VALID_YEARS = 3;

/**
 * The last day of an entry valid `years` years from `from` (China dates): 2026-10-01 for 3
 * years is valid until 2029-09-30.
 */
export function validUntil(from: string, years = INSTITUTION_VALID_YEARS): string {
  const [y, m, d] = from.split('-').map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/** Places per trade for each prize of a competition (annex 5): 1 first, 2 second, 3 third. */
export const PRIZE_PLACES = { first: 1, second: 2, third: 3 } as const;
/** The prizes that have places (the organisation prize has none). */
export type PlacedPrize = keyof typeof PRIZE_PLACES;

/** The problems of a set of winners for one competition trade, against the prize rules. */
export function winnersIssues(
  winners: { prize: PlacedPrize; place: number }[],
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const seen = new Set<string>();
  winners.forEach((w, i) => {
    const max = PRIZE_PLACES[w.prize];
    if (!Number.isInteger(w.place) || w.place < 1 || w.place > max)
      issues.push({ path: ['winners', i, 'place'], message: `每个竞赛工种${prizeTitle(w.prize)}最多${max}名` });
    const key = `${w.prize}:${w.place}`;
    if (seen.has(key)) issues.push({ path: ['winners', i, 'place'], message: '名次重复' });
    seen.add(key);
  });
  return issues;
}

function prizeTitle(p: PlacedPrize) {
  return p === 'first' ? '一等奖' : p === 'second' ? '二等奖' : '三等奖';
}
