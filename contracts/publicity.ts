/**
 * When 公示 lets a track's final list out, and its 公示 stage close (docs/notices.md), pure: the
 * services read the track's notices and pending objections, call `publicityBlock`, and turn a
 * block into a 409 with the message of `finalListMessage` or `closeStageIssue`.
 *
 * Where the programme asks for 公示 (bases, annex 7: 5 working days; brands, annex 3) the list
 * follows a published notice of the track whose period has ended, neither withdrawn nor replaced
 * (a replaced notice's successor is what counts). Every track, 公示 required or not, waits while
 * any notice of the track runs or any objection to one is pending.
 */
import { formatChinaDate } from './china-time';

/** A track's 公示 requirement (TRACK_RULES): the stage it runs in, and the shortest period it allows. */
export interface PublicityRule {
  /** The stage key that cannot close before the 公示 is complete. */
  stage: string;
  /** The fewest working days a notice may run to count (absent: any period). */
  workingDays?: number;
}

/** What the rule reads of one notice of the track. */
export interface PublicityNotice {
  id: number;
  slug: string;
  title: string;
  isDraft: boolean;
  withdrawn: boolean;
  /** The notice that re-published or replaced this one. */
  replacedById: number | null;
  publishedOn: string;
  endsOn: string;
  workingDays: number;
}

export interface PublicityFacts {
  /** China date of now: a period runs through its `endsOn`. */
  today: string;
  /** Every notice of the track (drafts are ignored). */
  notices: PublicityNotice[];
  /** Objections to any notice of the track still received or under review. */
  pendingObjections: number;
}

/** Why the 公示 does not (yet) let the list out; `null` from publicityBlock means nothing stops it. */
export type PublicityBlock =
  /** 公示 required and no notice of the track qualifies. */
  | { kind: 'none'; workingDays: number | null }
  /** A notice of the track is scheduled or open. */
  | { kind: 'running'; notice: PublicityNotice }
  | { kind: 'pending'; count: number }
  /** Named notices that cannot be followed. */
  | { kind: 'draft'; notice: PublicityNotice }
  | { kind: 'withdrawn'; notice: PublicityNotice }
  | { kind: 'replaced'; notice: PublicityNotice; successor: PublicityNotice }
  | { kind: 'short'; notice: PublicityNotice; workingDays: number };

export type PublicityVerdict =
  | { block: PublicityBlock; notice?: undefined }
  /** The notice the list follows (null: none, where 公示 is not required and none was named). */
  | { block: null; notice: PublicityNotice | null };

const live = (n: PublicityNotice) => !n.isDraft && !n.withdrawn;

/** The last notice of the replacement chain from `n` (a successor that is missing ends the chain). */
function successorOf(n: PublicityNotice, all: PublicityNotice[]): PublicityNotice {
  const seen = new Set<number>();
  let at = n;
  while (at.replacedById !== null && !seen.has(at.id)) {
    seen.add(at.id);
    const next = all.find((x) => x.id === at.replacedById);
    if (!next) break;
    at = next;
  }
  return at;
}

/**
 * The notice the track's final list follows now, or what stops it. `rule` is the track's 公示
 * requirement (null: not required); `namedId` a notice the admin chose (it must belong to the
 * track: the caller checks).
 */
export function publicityVerdict(
  rule: PublicityRule | null,
  facts: PublicityFacts,
  namedId: number | null = null,
): PublicityVerdict {
  const { today, notices } = facts;
  const min = rule?.workingDays ?? null;
  const named = namedId === null ? null : (notices.find((n) => n.id === namedId) ?? null);
  if (named) {
    if (named.isDraft) return { block: { kind: 'draft', notice: named } };
    if (named.replacedById !== null)
      return { block: { kind: 'replaced', notice: named, successor: successorOf(named, notices) } };
    if (named.withdrawn) return { block: { kind: 'withdrawn', notice: named } };
    if (named.endsOn >= today) return { block: { kind: 'running', notice: named } };
    if (min !== null && named.workingDays < min) return { block: { kind: 'short', notice: named, workingDays: min } };
  }
  const running = notices
    .filter((n) => live(n) && n.endsOn >= today)
    .sort((a, b) => (a.endsOn < b.endsOn ? 1 : a.endsOn > b.endsOn ? -1 : 0))[0];
  if (running) return { block: { kind: 'running', notice: running } };
  if (facts.pendingObjections > 0) return { block: { kind: 'pending', count: facts.pendingObjections } };
  if (named) return { block: null, notice: named };
  if (!rule) return { block: null, notice: null };
  const follows = endedNotice(notices, today, min);
  if (!follows) return { block: { kind: 'none', workingDays: min } };
  return { block: null, notice: follows };
}

/**
 * The latest published notice that has ended, neither withdrawn nor replaced, of at least `min`
 * working days: the one a list follows when none is named.
 */
export function endedNotice(notices: PublicityNotice[], today: string, min: number | null = null) {
  const byNewest = (a: PublicityNotice, b: PublicityNotice) =>
    a.publishedOn !== b.publishedOn ? (a.publishedOn < b.publishedOn ? 1 : -1) : b.id - a.id;
  return (
    notices
      .filter((n) => live(n) && n.replacedById === null && n.endsOn < today && (min === null || n.workingDays >= min))
      .sort(byNewest)[0] ?? null
  );
}

const period = (days: number | null) => (days ? `${days}个工作日` : '');

/** The refusal of a final list: what stops it and what to do. */
export function finalListMessage(block: PublicityBlock): string {
  switch (block.kind) {
    case 'none':
      return `本赛道须经公示${period(block.workingDays)}：请先发布公示，公示期满且无待处理异议后方可发布最终名单。`;
    case 'running':
      return `公示期至${formatChinaDate(block.notice.endsOn)}结束，结束后且无待处理异议方可发布最终名单。`;
    case 'pending':
      return `本赛道的公示尚有${block.count}件未办结的异议，办结后方可发布最终名单。`;
    case 'draft':
      return `公示“${block.notice.title}”尚未发布，请先发布，公示期满后方可据此发布最终名单。`;
    case 'withdrawn':
      return `公示“${block.notice.title}”已撤回，不能作为依据；请依据本赛道现行且期满的公示发布最终名单。`;
    case 'replaced':
      return `公示“${block.notice.title}”已由“${block.successor.title}”（${block.successor.slug}）替代，请依据新公示发布最终名单。`;
    case 'short':
      return `公示“${block.notice.title}”只公示了${block.notice.workingDays}个工作日，本赛道须公示${block.workingDays}个工作日；请发布足期的公示，期满后再发布最终名单。`;
  }
}

/** The issue that keeps the 公示 stage open (only the blocks of an unnamed check occur). */
export function closeStageIssue(block: PublicityBlock): string {
  switch (block.kind) {
    case 'none':
      return `尚未完成公示：须发布公示${period(block.workingDays)}，期满且无待处理异议后方可结束`;
    case 'running':
      return `公示期至${formatChinaDate(block.notice.endsOn)}结束，结束后且无待处理异议方可结束`;
    case 'pending':
      return `公示尚有${block.count}件未办结的异议，办结后方可结束`;
    default:
      return finalListMessage(block).replace(/。$/, '');
  }
}

/** The longest objection to a notice, in characters: the objection form counts against it, the API refuses beyond. */
export const OBJECTION_MAX_CHARS = 1000;
