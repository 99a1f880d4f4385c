/**
 * County recommendations (trades, brands, bases) and applications (bases, institutions). A county
 * officer acts for their own county only; quotas and deadlines are checked by the server.
 */
import { chinaDate } from '../../../contracts/china-time';
import type { CandidateStatus, TrackKey } from '../../../contracts/enums';
import { criteriaIssues, quotaFor, TRACK_RULES } from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import {
  findCandidate,
  findCandidateByName,
  findCounty,
  findRecommendation,
  recommendationsOfCandidate,
  recommendationsOfCounty,
  insertCandidate,
  insertRecommendation,
  deleteRecommendation,
  updateCandidates,
} from '../../../db/queries/workflow';
import { ApiError } from '../../errors';
import { fail, invalid, requireCounty, requireRole, commit, type Change } from './change';
import type { ChangeResult, NewCandidate } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { requireActiveStage, stageStillOpen } from './stages';

const candidateKey = (track: string, name: string) => `${track}:${name}`;

function candidateValues(track: TrackKey, countyId: string, c: NewCandidate, status: CandidateStatus) {
  return {
    trackKey: track,
    name: c.name.trim(),
    countyId,
    applicant: c.applicant ?? null,
    summary: c.summary ?? '',
    status,
    trainedCount: c.trainedCount ?? null,
    employmentRatePct: c.employmentRatePct ?? null,
    cultivatedSince: c.cultivatedSince ?? null,
    trainingSharePct: c.trainingSharePct ?? null,
    facilities: c.facilities ?? null,
    fullTimeTeacherPct: c.fullTimeTeacherPct ?? null,
    institutionType: c.institutionType ?? null,
    occupations: c.occupations ? JSON.stringify(c.occupations) : null,
  };
}

/**
 * A city admin entering a county's recommendation or application (paper submissions): the audit
 * entry says so, in its `after` (`onBehalfOf`, the county) and as its reason.
 */
function onBehalf(actor: StaffActor, countyName: string): { after: { onBehalfOf?: string }; reason: string | null } {
  if (actor.role !== 'city_admin') return { after: {}, reason: null };
  return { after: { onBehalfOf: countyName }, reason: `市级管理员代${countyName}录入（纸质材料）` };
}

async function countyOf(db: Db, countyId: string) {
  const county = await findCounty(db, countyId);
  if (!county) invalid(['countyId'], '没有这个县（市、区）');
  return county;
}

export interface RecommendationInput {
  trackKey: TrackKey;
  countyId: string;
  /** The county's order of preference, 1 = first choice; default: the first free rank. */
  rank?: number;
  /** An existing candidate: a bases applicant of the county, or a trade another county named. */
  candidateId?: number;
  /** A new candidate (trades, brands). */
  candidate?: NewCandidate;
  note?: string | null;
}

/**
 * A county's recommendation, while the track's recommendation stage is open and before its
 * deadline, within the county's quota (trades 1-2, brands plain >= 1 and up to 5, bases 1; 市直
 * bases apply directly), for a candidate meeting the annex's criteria.
 */
export async function submitRecommendation(
  db: Db,
  actor: StaffActor,
  input: RecommendationInput,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin', 'county_officer');
  requireCounty(actor, input.countyId);
  const track = input.trackKey;
  const county = await countyOf(db, input.countyId);
  const kind = county.kind;
  if (kind === 'city' && TRACK_RULES[track].cityAppliesDirectly)
    fail({ code: 'conflict', message: '市直单位直接向市人社部门申报，无需县级推荐。' });
  const quota = quotaFor(track, kind);
  if (!quota) fail({ code: 'forbidden', message: `${county.name}不参与本项推荐。` });
  const stage = await requireActiveStage(db, track, 'recommend', now, { checkDeadline: true });

  const existing = await recommendationsOfCounty(db, track, county.id);
  if (existing.length >= quota.max)
    fail({
      code: 'quota_exceeded',
      message: `${county.name}已推荐${existing.length}个，名额上限为${quota.max}个。`,
    });
  const taken = new Set(existing.map((r) => r.rank));
  const rank = input.rank ?? [...Array(quota.max).keys()].map((i) => i + 1).find((r) => !taken.has(r))!;
  if (!Number.isInteger(rank) || rank < 1 || rank > quota.max) invalid(['rank'], `推荐顺序应为1-${quota.max}`);
  if (taken.has(rank)) fail({ code: 'conflict', message: `${county.name}已有第${rank}顺位的推荐。` });

  const today = chinaDate(now);
  const statements: Change['statements'] = [stageStillOpen(db, stage, now, true)];
  let name: string;
  let candidateId: number | null = null;
  if (input.candidateId !== undefined) {
    const c = await findCandidate(db, input.candidateId);
    if (!c || c.trackKey !== track || c.roundId !== stage.roundId) invalid(['candidateId'], '没有这个候选项');
    if (track === 'bases' && c.countyId !== county.id) invalid(['candidateId'], '只能推荐本县（市、区）申报的机构');
    if (!['applied', 'recommended', 'withdrawn'].includes(c.status))
      fail({ code: 'conflict', message: `“${c.name}”当前状态不能被推荐。` });
    if (existing.some((r) => r.candidateId === c.id))
      fail({ code: 'conflict', message: `${county.name}已推荐“${c.name}”。` });
    const issues = criteriaIssues(track, c, today);
    if (issues.length) throw new ApiError('invalid_request', { message: '不符合申报条件。', issues });
    name = c.name;
    candidateId = c.id;
    statements.push(updateCandidates(db, [c.id], { status: 'recommended' }));
  } else {
    if (track === 'bases') invalid(['candidateId'], '请从本县（市、区）的申报机构中选择');
    const c = input.candidate;
    if (!c || !c.name.trim()) invalid(['candidate', 'name'], '请填写名称');
    const issues = criteriaIssues(track, c, today);
    if (issues.length) throw new ApiError('invalid_request', { message: '不符合申报条件。', issues });
    name = c.name.trim();
    const same = await findCandidateByName(db, track, name);
    if (same) {
      if (!['recommended', 'withdrawn'].includes(same.status))
        fail({ code: 'conflict', message: `“${name}”当前状态不能被推荐。` });
      if (existing.some((r) => r.candidateId === same.id))
        fail({ code: 'conflict', message: `${county.name}已推荐“${name}”。` });
      candidateId = same.id;
      statements.push(updateCandidates(db, [same.id], { status: 'recommended' }));
    } else {
      statements.push(insertCandidate(db, candidateValues(track, county.id, c, 'recommended')));
    }
  }
  const after = {
    trackKey: track,
    countyId: county.id,
    candidate: name,
    rank,
    note: input.note ?? null,
    ...onBehalf(actor, county.name).after,
  };
  statements.push(
    insertRecommendation(
      db,
      {
        trackKey: track,
        countyId: county.id,
        rank,
        note: input.note ?? null,
        submittedBy: actor.id,
        submittedAt: now,
      },
      candidateId ?? name,
    ),
  );
  return commit(db, actor, now, {
    round: stage.roundId,
    statements,
    audit: {
      action: 'recommendation.submit',
      entityType: 'recommendation',
      entityId: `${track}:${county.id}:${rank}`,
      before: null,
      after,
      reason: onBehalf(actor, county.name).reason,
    },
  });
}

/** Withdraws a recommendation before the deadline; the county's rank becomes free again. */
export async function withdrawRecommendation(
  db: Db,
  actor: StaffActor,
  input: { recommendationId: number },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin', 'county_officer');
  const rec = await findRecommendation(db, input.recommendationId);
  if (!rec) throw new ApiError('not_found');
  requireCounty(actor, rec.countyId);
  const track = rec.trackKey;
  const stage = await requireActiveStage(db, track, 'recommend', now, { checkDeadline: true, roundId: rec.roundId });
  const candidate = (await findCandidate(db, rec.candidateId))!;
  const others = (await recommendationsOfCandidate(db, rec.candidateId)).filter((r) => r.id !== rec.id);
  const statements: Change['statements'] = [stageStillOpen(db, stage, now, true), deleteRecommendation(db, rec.id)];
  if (!others.length) {
    const status = track === 'bases' ? 'applied' : 'withdrawn';
    statements.push(updateCandidates(db, [candidate.id], { status }));
  }
  return commit(db, actor, now, {
    round: stage.roundId,
    statements,
    audit: {
      action: 'recommendation.withdraw',
      entityType: 'recommendation',
      entityId: `${track}:${rec.countyId}:${rec.rank}`,
      before: { trackKey: track, countyId: rec.countyId, candidate: candidate.name, rank: rec.rank, note: rec.note },
      after: null,
    },
  });
}

/**
 * An application (bases: a training institution to its county; institutions: an appraisal
 * institution to the city) while the application stage is open. 市直 bases applicants apply
 * directly to the city and are recommended at once.
 */
export async function submitApplication(
  db: Db,
  actor: StaffActor,
  input: { trackKey: 'bases' | 'institutions'; countyId: string; candidate: NewCandidate },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin', 'county_officer');
  requireCounty(actor, input.countyId);
  const track = input.trackKey;
  const county = await countyOf(db, input.countyId);
  const stage = await requireActiveStage(db, track, 'apply', now, { checkDeadline: true });
  const c = input.candidate;
  const name = c.name.trim();
  if (!name) invalid(['candidate', 'name'], '请填写名称');
  if (track === 'institutions') {
    if (!c.institutionType) invalid(['candidate', 'institutionType'], '请选择机构类型');
    const occupations = c.occupations ?? [];
    if (!occupations.length) invalid(['candidate', 'occupations'], '请填写拟评价的职业（工种）');
    if (c.institutionType === 'social_organisation' && occupations.length > 5)
      invalid(['candidate', 'occupations'], '社会评价组织申报职业（工种）原则上不超过5个');
  }
  const direct = county.kind === 'city' && TRACK_RULES[track].cityAppliesDirectly === true;
  if (direct) {
    const issues = criteriaIssues(track, c, chinaDate(now));
    if (issues.length) throw new ApiError('invalid_request', { message: '不符合申报条件。', issues });
  }
  if (await findCandidateByName(db, track, name)) fail({ code: 'conflict', message: `“${name}”已经申报。` });
  const values = candidateValues(track, county.id, c, direct ? 'recommended' : 'applied');
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [stageStillOpen(db, stage, now, true), insertCandidate(db, values)],
    audit: {
      action: 'candidate.apply',
      entityType: 'candidate',
      entityId: candidateKey(track, name),
      before: null,
      after: { ...values, ...onBehalf(actor, county.name).after },
      reason: onBehalf(actor, county.name).reason,
    },
  });
}
