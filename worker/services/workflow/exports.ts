/**
 * The admin exports: a track's recommendations, and its candidates with scores and the
 * decision breakdown. Counts never leave while a poll's embargo holds (docs/product.md): the vote
 * columns then say 未公布.
 */
import { formatChinaDateTime } from '../../../contracts/china-time';
import type { DecisionRow } from '../../../contracts/decision';
import type { TrackKey } from '../../../contracts/enums';
import type { Db } from '../../../db/client';
import { candidateRows, recommendationRows } from '../../../db/queries/exports';
import { ApiError } from '../../errors';
import { toCsv, type Cell } from './csv';
import { computeDecision, confirmedDecision } from './decision';

const STATUS: Record<string, string> = {
  applied: '已申报',
  recommended: '已推荐',
  shortlisted: '入围',
  finalist: '投票候选',
  selected: '入选',
  rejected: '未入选',
  withdrawn: '已撤回',
};
const KIND: Record<string, string> = { plain: '平川县', mountain: '山区县', city: '市直' };

/** CSV of the recommendations of a track's current round, each row with the round's year (年度). */
export async function recommendationsCsv(db: Db, trackKey: TrackKey): Promise<string> {
  const rows = await recommendationRows(db, trackKey);
  return toCsv(
    ['年度', '县（市、区）', '类别', '推荐顺位', '候选项编号', '候选项', '状态', '备注', '提交时间', '提交人'],
    rows.map((r) => [
      r.year,
      r.county,
      KIND[r.countyKind] ?? r.countyKind,
      r.rank,
      r.candidateId,
      r.candidate,
      STATUS[r.candidateStatus] ?? r.candidateStatus,
      r.note,
      formatChinaDateTime(r.submittedAt),
      r.submittedBy,
    ]),
  );
}

/**
 * The breakdown to export: the confirmed decision if there is one, else the live ranking when it
 * may be computed (poll closed, counts visible). `hidden` means the embargo holds.
 */
async function breakdown(db: Db, trackKey: TrackKey, now: number) {
  const confirmed = await confirmedDecision(db, trackKey);
  if (confirmed)
    return {
      hidden: false,
      rows: new Map<number, Partial<DecisionRow> & { selected?: boolean }>(
        confirmed.items.map((i) => [i.candidateId, { ...i, tied: i.tied === 1, selected: i.selected === 1 }]),
      ),
    };
  try {
    const view = await computeDecision(db, trackKey, now);
    return {
      hidden: false,
      rows: new Map<number, Partial<DecisionRow> & { selected?: boolean }>(view.rows.map((r) => [r.candidateId, r])),
    };
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'embargoed' || e.code === 'conflict'))
      return { hidden: e.code === 'embargoed', rows: new Map<number, Partial<DecisionRow> & { selected?: boolean }>() };
    throw e;
  }
}

/**
 * CSV of the candidates of a track's current round with the round's year (年度), criteria,
 * recommendations, expert scores and breakdown.
 */
export async function candidatesCsv(db: Db, trackKey: TrackKey, now: number): Promise<string> {
  const [rows, b] = await Promise.all([candidateRows(db, trackKey), breakdown(db, trackKey, now)]);
  const hidden = '未公布';
  return toCsv(
    [
      '年度',
      '编号',
      '名称',
      '县（市、区）',
      '状态',
      '推荐单位（顺位）',
      '分配专家数',
      '专家评分',
      '县级推荐得分',
      '专家评审得分',
      '得票数',
      '公众投票得分',
      '综合得分',
      '排名',
      '并列',
      '确定入选',
      '培训人数',
      '就业率%',
      '培育起始',
      '培训占比%',
      '专职教师占比%',
      '演示数据',
    ],
    rows.map((r): Cell[] => {
      const d = b.rows.get(r.id);
      return [
        r.year,
        r.id,
        r.name,
        r.county,
        STATUS[r.status] ?? r.status,
        r.recommendedBy,
        r.assigned,
        r.scores,
        d?.countyScore,
        d?.expertScore,
        b.hidden ? hidden : d?.votes,
        b.hidden ? hidden : d?.voteScore,
        b.hidden ? hidden : d?.total,
        b.hidden ? hidden : d?.rank,
        d?.tied === undefined ? null : d.tied ? '是' : '否',
        d?.selected === undefined ? null : d.selected ? '是' : '否',
        r.trainedCount,
        r.employmentRatePct,
        r.cultivatedSince,
        r.trainingSharePct,
        r.fullTimeTeacherPct,
        r.isDemo ? '是' : '否',
      ];
    }),
  );
}
