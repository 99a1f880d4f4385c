/**
 * Chinese labels of enumerated values, shared by the Worker-filled pages and the site. Each label
 * set covers its whole tuple in contracts/enums.ts, so a new value without a label fails the type check.
 */
import type {
  BallotStatus,
  Board,
  BrandLevel,
  CountyKind,
  InstitutionType,
  NoticeStatus,
  ObjectionStatus,
  PollStatus,
  RoundStatus,
  StageStatus,
  TrackKey,
} from './enums';

export const labels = {
  /** The six tracks' titles (also their seeded `tracks.title`). */
  track: {
    trades: '十大精品工种',
    brands: '十大劳务品牌',
    institutions: '十所鉴定机构',
    competitions: '十场技能大赛',
    recruitment: '十场招聘活动',
    bases: '十个培训示范基地',
  } satisfies Record<TrackKey, string>,
  pollStatus: { scheduled: '未开始', open: '投票中', closed: '已截止', published: '结果已公布' } satisfies Record<
    PollStatus,
    string
  >,
  noticeStatus: { scheduled: '即将公示', open: '公示中', ended: '公示期满', withdrawn: '已撤回' } satisfies Record<
    NoticeStatus,
    string
  >,
  stageStatus: { pending: '未开始', active: '进行中', done: '已完成', skipped: '已跳过' } satisfies Record<
    StageStatus,
    string
  >,
  objectionStatus: {
    received: '已受理',
    under_review: '核查中',
    upheld: '异议成立',
    dismissed: '异议不成立',
  } satisfies Record<ObjectionStatus, string>,
  ballotStatus: { counted: '已计入', quarantined: '待复核（暂未计入）', void: '已作废' } satisfies Record<
    BallotStatus,
    string
  >,
  institutionType: {
    technical_school: '技工院校',
    enterprise: '企业',
    social_organisation: '社会评价组织',
  } satisfies Record<InstitutionType, string>,
  board: { poverty: '助力脱贫攻坚', brand: '劳务品牌建设', high_skill: '高技能人才', general: '综合' } satisfies Record<
    Board,
    string
  >,
  brandLevel: { provincial: '省级劳务品牌', city: '市级劳务品牌', creating: '重点创建中' } satisfies Record<
    BrandLevel,
    string
  >,
  countyKind: { plain: '平川县', mountain: '山区县', city: '市直' } satisfies Record<CountyKind, string>,
  roundStatus: { open: '进行中', finished: '已完成', closed: '已提前结束' } satisfies Record<RoundStatus, string>,
} as const;

/** A round's proposed title: 2027年度十大精品工种评选. */
export function roundTitle(track: TrackKey, year: number): string {
  return `${year}年度${labels.track[track]}评选`;
}
