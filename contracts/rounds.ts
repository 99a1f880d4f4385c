/**
 * Rounds (年度评选): the stage template each annex prescribes for a track's round, the title of a
 * round, and the schedule of a new round's stages computed from the start date a city admin picks.
 * Pure: the seed (round one) and "start the next round" both take their stages from STAGE_TEMPLATES;
 * TRACK_RULES (contracts/workflow.ts) says what may happen in each stage.
 */
import { addDays, chinaMidnight } from './china-time';
import { workingPeriod, type CalendarData } from './calendar';
import { z } from 'zod';
import { ChinaDate } from './api';
import { decimalInt, publicText } from './input';
import { RoundStatus, TrackKey } from './enums';

/** How long a stage runs where its annex says: working days, or calendar days. */
export type StageDuration = { workingDays: number } | { days: number };

export interface StageTemplate {
  key: string;
  title: string;
  /** The annex's wording, shown on the track page. */
  rule: string;
  /** Absent where the annex sets months or no time at all: such a stage has no computed deadline. */
  duration?: StageDuration;
}

/** Each track's stages in order, as its annex of 临政办发〔2020〕40号 prescribes. */
export const STAGE_TEMPLATES: Record<TrackKey, StageTemplate[]> = {
  trades: [
    {
      key: 'recommend',
      title: '县级推荐',
      rule: '文件下发之日起5个工作日内，各县（市、区）择优推荐1-2个精品工种报送市人社部门。',
      duration: { workingDays: 5 },
    },
    {
      key: 'review',
      title: '市级评审',
      rule: '往后延5个工作日，由市人社部门牵头组织有关部门、专家评审，评选出15个入围工种。',
      duration: { workingDays: 5 },
    },
    {
      key: 'vote',
      title: '公众评选',
      rule: '往后延15天，在临汾电视台、临汾新闻网、市人社局官网、微信平台及快手、抖音等新媒体同步发布投票评选公告，广泛发动群众投票。',
      duration: { days: 15 },
    },
    {
      key: 'decide',
      title: '审核确定',
      rule: '往后延5个工作日，结合县级推荐、市直部门及专家评审、大众评选情况，确定10个精品工种并向社会公布。',
      duration: { workingDays: 5 },
    },
  ],
  brands: [
    {
      key: 'cultivate',
      title: '发掘培育',
      rule: '5月份至10月份，各县（市、区）实施“一县一品”战略，发掘、培育当地劳务品牌。',
    },
    {
      key: 'recommend',
      title: '推荐选送',
      rule: '11月份，各县初审后报送市人社局：每个平川县（市、区）不少于1个，山区县力争每县申报1个。申报条件：2018至2019年品牌培训1000人以上、就业率30%以上，培育创建至少1年。',
    },
    { key: 'review', title: '第三方评审', rule: '12月份，市人社局聘请第三方机构综合评审，拟定入围名单。' },
    { key: 'vote', title: '网络投票和公示', rule: '入围名单进行网络公开投票和公示。' },
    {
      key: 'name',
      title: '命名授予',
      rule: '最终确定获选名单，由市政府统一命名授予“临汾市劳务品牌”称号，并给予10万元奖补资金。',
    },
  ],
  institutions: [
    { key: 'apply', title: '申请备案', rule: '5月份至6月份，各申请单位向市职业技能鉴定指导中心一次性报送备案材料。' },
    { key: 'review', title: '审核认定', rule: '7月份至9月份，初审和专家评估后报省人社厅审核公示。' },
    {
      key: 'publish',
      title: '结果公布',
      rule: '10月份至11月份，列入全省职业技能评价机构目录并向社会公布，资质有效期3年。',
    },
    {
      key: 'evaluate',
      title: '综合评估',
      rule: '12月份，年终综合评估；评估不合格的终止备案，取消技能等级认定资格。',
    },
  ],
  competitions: [
    { key: 'schedule', title: '大赛安排', rule: '公布十场大赛的时间、主办单位和比赛地点。' },
    { key: 'hold', title: '举办比赛', rule: '各承办单位做好资格预审、选拔推荐、赛前辅导等工作。' },
    {
      key: 'award',
      title: '公布获奖',
      rule: '各竞赛工种设一等奖1名、二等奖2名、三等奖3名，奖金分别为5000元、3000元、2000元。',
    },
  ],
  recruitment: [
    { key: 'schedule', title: '活动安排', rule: '公布十场招聘活动的时间、服务对象和内容。' },
    { key: 'hold', title: '组织实施', rule: '线上线下交替发力，组织多种形式的供需见面会。' },
  ],
  // Annex 7 dates its stages (8月15日—8月31日, …); a new round keeps their lengths in days.
  bases: [
    {
      key: 'promote',
      title: '宣传发动',
      rule: '8月15日—8月31日，各县（市、区）加大宣传力度。',
      duration: { days: 17 },
    },
    {
      key: 'apply',
      title: '自主申报',
      rule: '9月1日—9月15日，符合条件的定点培训机构向所在县（市、区）人社部门提出书面申请。',
      duration: { days: 15 },
    },
    {
      key: 'recommend',
      title: '推荐选送',
      rule: '9月16日—9月30日，各县（市、区）择优推荐1所机构；市直定点培训机构直接向市人社部门申报。',
      duration: { days: 15 },
    },
    {
      key: 'review',
      title: '审核确定',
      rule: '10月1日—11月30日，市人社部门组织专家综合评估，确定示范基地名单。',
      duration: { days: 61 },
    },
    {
      key: 'publicity',
      title: '公示',
      rule: '向社会公示5个工作日，无异议的向全市公布。',
      duration: { workingDays: 5 },
    },
    {
      key: 'name',
      title: '命名授予',
      rule: '由市政府统一命名授予“人人持证 技能社会 职业技能培训示范基地”称号，每三年评选一次。',
    },
  ],
};

/** The earliest and latest year of a round (the CHECK of migration 0013). */
export const ROUND_YEAR_MIN = 2000;
export const ROUND_YEAR_MAX = 2100;

/** A stage of a new round with its computed dates (null where its annex gives no duration). */
export interface ScheduledStage {
  seq: number;
  key: string;
  title: string;
  rule: string;
  duration: StageDuration | null;
  startsOn: string | null;
  endsOn: string | null;
  /** The instant submissions close: 00:00 China time after endsOn. */
  deadlineAt: number | null;
}

/**
 * The stages of a new round starting on `startsOn`, in order: each dated stage starts the day
 * after the previous one ends (a working-day stage on the first working day from then) and runs
 * its annex's length. Dates stop at the first stage the annex gives no length: what follows it
 * cannot be computed. Throws CalendarMissingError when a working-day stage reaches a year whose
 * holiday schedule is missing.
 */
export function scheduleStages(track: TrackKey, startsOn: string, cal: CalendarData): ScheduledStage[] {
  let next: string | null = startsOn;
  return STAGE_TEMPLATES[track].map((s, i) => {
    let period: { startsOn: string; endsOn: string } | null = null;
    if (next !== null && s.duration) {
      period =
        'workingDays' in s.duration
          ? workingPeriod(next, s.duration.workingDays, cal)
          : { startsOn: next, endsOn: addDays(next, s.duration.days - 1) };
    }
    next = period ? addDays(period.endsOn, 1) : null;
    return {
      seq: i + 1,
      key: s.key,
      title: s.title,
      rule: s.rule,
      duration: s.duration ?? null,
      startsOn: period?.startsOn ?? null,
      endsOn: period?.endsOn ?? null,
      deadlineAt: period ? chinaMidnight(addDays(period.endsOn, 1)) : null,
    };
  });
}

/**
 * The default deadline of a stage opened on `today`: its annex's length counted from that day (5
 * working days: 24:00 of the fifth working day; 15 days: 24:00 of the fifteenth day), or null
 * where the annex gives no length. Throws CalendarMissingError as scheduleStages does.
 */
export function stageDefaultDeadline(
  track: TrackKey,
  stageKey: string,
  today: string,
  cal: CalendarData,
): number | null {
  const d = STAGE_TEMPLATES[track].find((s) => s.key === stageKey)?.duration;
  if (!d) return null;
  const endsOn = 'workingDays' in d ? workingPeriod(today, d.workingDays, cal).endsOn : addDays(today, d.days - 1);
  return chinaMidnight(addDays(endsOn, 1));
}

/** The years a schedule from `startsOn` may touch (the longest template runs under four months). */
export function scheduleYears(startsOn: string): number[] {
  const y = Number(startsOn.slice(0, 4));
  return [y, y + 1];
}

/** A round's year in a path or query: decimal digits, 2000-2100 (the CHECK of migration 0013). */
export const RoundYear = decimalInt(ROUND_YEAR_MIN, ROUND_YEAR_MAX);

/** A round in the public API: year, title, status, and the public reason when it was closed early. */
export const RoundSummary = z
  .object({
    year: z.number().int(),
    title: z.string(),
    status: RoundStatus.meta({ description: 'open (current), finished (final list published), closed (ended early)' }),
    closedReason: z.string().nullable().optional().meta({ description: 'present when closed early' }),
  })
  .meta({ id: 'RoundSummary' });

/** A round in a track's list of rounds, with its published final list. */
export const RoundListItem = RoundSummary.extend({
  finalList: z.object({ slug: z.string(), title: z.string() }).nullable(),
}).meta({ id: 'RoundListItem' });

const Instant = z.iso.datetime();
const Year = z.number().int().min(ROUND_YEAR_MIN).max(ROUND_YEAR_MAX);

/** POST /api/admin/tracks/{track}/rounds: start the next round. */
export const StartRoundRequest = z
  .object({
    year: Year.meta({ description: 'later than every earlier round of the track' }),
    title: z
      .string()
      .trim()
      .min(1, '请填写标题')
      .max(100, '标题不超过100字')
      .check(publicText())
      .optional()
      .meta({ description: 'default: <year>年度<track title>评选' }),
    startsOn: ChinaDate.optional().meta({ description: 'the China date the first stage starts; default: today' }),
  })
  .meta({ id: 'StartRoundRequest' });
export type StartRoundRequest = z.infer<typeof StartRoundRequest>;

/** GET /api/admin/tracks/{track}/rounds/preview: the same, as a query, without committing. */
export const RoundPreviewQuery = z.object({
  year: decimalInt(ROUND_YEAR_MIN, ROUND_YEAR_MAX),
  startsOn: ChinaDate.optional(),
  title: z.string().trim().min(1).max(100).check(publicText()).optional(),
});

/** POST /api/admin/tracks/{track}/rounds/{year}/close: close an open round early. */
export const CloseRoundRequest = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, '请填写理由')
      .max(500, '理由不超过500字')
      .check(publicText({ multiline: true }))
      .meta({ description: "shown on the round's public page" }),
  })
  .meta({ id: 'CloseRoundRequest' });

export const AdminRoundParam = z.object({ track: TrackKey, year: RoundYear });

/** A round as staff see it. */
export const AdminRound = z
  .object({
    year: z.number().int(),
    title: z.string(),
    status: RoundStatus,
    startsOn: z.string().nullable(),
    finishedAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    closedReason: z.string().nullable(),
  })
  .meta({ id: 'AdminRound' });

export const AdminRoundBody = z.object({ round: AdminRound });

/** The stages a new round would get, with their computed dates. */
export const RoundPreviewBody = z
  .object({
    year: z.number().int(),
    title: z.string(),
    startsOn: ChinaDate,
    stages: z.array(
      z.object({
        seq: z.number().int(),
        key: z.string(),
        title: z.string(),
        rule: z.string(),
        duration: z
          .union([z.strictObject({ workingDays: z.number().int() }), z.strictObject({ days: z.number().int() })])
          .nullable()
          .meta({ description: 'as the annex gives it; null: no length, so no computed dates' }),
        startsOn: ChinaDate.nullable(),
        endsOn: ChinaDate.nullable(),
        deadlineAt: Instant.nullable().meta({ description: '00:00 China time after endsOn' }),
      }),
    ),
  })
  .meta({ id: 'RoundPreview' });
