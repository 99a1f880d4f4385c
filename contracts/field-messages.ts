/**
 * Validation messages written for the people who fill in the forms: each names the field in
 * Chinese and says what to enter ("请填写投票标题", "开始时间应为有效的日期和时间"), instead of zod's
 * generic wording ("数值过小：期望 string >=1 字符", "无效ISO日期时间"). A schema's own message
 * (`.min(1, '请填写理由')`) still wins; this map words every issue that has none. The worker installs
 * it with `z.config({ customError: fieldMessage })` (worker/middleware/validate.ts).
 */
import { CRITERIA } from './workflow';

/** The Chinese label of a request field, by its key (the last named segment of the issue's path). */
export const FIELD_LABELS: Record<string, string> = {
  // polls
  slug: '网址标识',
  title: '标题',
  description: '说明',
  opensAt: '开始时间',
  days: '投票天数',
  maxChoices: '每票最多可选项数',
  liveCounts: '是否实时公开票数',
  weights: '权重',
  county: '县级推荐权重',
  expert: '专家评分权重',
  vote: '大众投票权重',
  lastDay: '延期后的最后一天',
  reason: '理由',
  // recommendations, applications, reviews, decisions, final lists
  countyId: '县（市、区）',
  rank: '推荐顺位',
  note: '备注',
  candidate: '候选项',
  candidateId: '候选项',
  candidateIds: '候选项',
  expertIds: '评审专家',
  name: '名称',
  summary: '简介',
  applicant: '申报单位',
  institutionType: '机构类型',
  occupations: '鉴定职业（工种）',
  score: '评分',
  comment: '评语',
  mode: '确定方式',
  selected: '入选的候选项',
  selectCount: '入选数量',
  body: '正文',
  noticeId: '依据的公示',
  noticeSlug: '依据的公示',
  approve: '认定结果',
  // stages
  deadlineAt: '截止时间',
  deadlineWorkingDays: '截止前的工作日数',
  targetCount: '目标数量',
  // competitions, recruitment
  monthFrom: '起始月份',
  monthTo: '结束月份',
  organisers: '主办单位',
  venueCountyId: '举办地',
  trade: '工种',
  winners: '获奖名单',
  prize: '奖项',
  place: '名次',
  winnerName: '获奖人姓名',
  organisation: '所在单位',
  period: '时间安排',
  heldOn: '举办日期',
  employers: '参会企业数',
  positions: '提供岗位数',
  attendees: '参会人数',
  agreements: '达成意向数',
  outcome: '结果',
  // notices and objections
  track: '赛道',
  source: '公示内容来源',
  items: '公示项目',
  contactName: '联系人',
  contactPhone: '联系电话',
  contactAddress: '通信地址',
  postmarkRule: '邮寄说明',
  workingDays: '公示工作日数',
  replaces: '被替代的公示',
  publishedOn: '发布日期',
  response: '答复',
  removeItemIds: '移除的项目',
  // ballots, accounts, audit, calendar, SMS
  poll: '投票',
  group: '选票分组',
  ids: '选票',
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  code: '动态验证码',
  recoveryCode: '恢复码',
  budget: '今日额度',
  action: '操作',
  entityType: '对象类型',
  from: '起始日期',
  to: '结束日期',
  year: '年份',
  // the public forms
  phone: '手机号码',
  choices: '所选候选项',
  content: '异议内容',
  contact: '联系方式',
  // the annex criteria, with the labels of the recommendation form
  ...Object.fromEntries(
    Object.values(CRITERIA).flatMap((list) => (list ?? []).map((c) => [c.field, c.label.replace(/（%）$/, '')])),
  ),
};

/** The subset of a zod issue this map reads (zod 4's raw issue, before its message is set). */
interface RawIssue {
  code: string;
  path?: PropertyKey[];
  input?: unknown;
  origin?: string;
  expected?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  divisor?: number;
  keys?: string[];
}

/** "第2项的名称" for items.1.name; "标题" for title; "此项" when the field has no label. */
export function fieldLabel(path: readonly PropertyKey[] = []): string {
  const named = [...path].reverse().find((p): p is string => typeof p === 'string');
  const label = (named && FIELD_LABELS[named]) || '此项';
  const index = path.findLast((p): p is number => typeof p === 'number');
  return index === undefined ? label : `第${index + 1}项的${label}`;
}

const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The message of an issue that carries none of its own; undefined leaves it to zod's locale. */
export function fieldMessage(iss: RawIssue): string | undefined {
  const label = fieldLabel(iss.path);
  const min = Number(iss.minimum);
  const max = Number(iss.maximum);
  switch (iss.code) {
    case 'invalid_type':
      if (empty(iss.input)) return iss.expected === 'boolean' ? `请选择${label}` : `请填写${label}`;
      if (iss.expected === 'int') return `${label}应为整数`;
      if (iss.expected === 'number') return `${label}应为数字`;
      if (iss.expected === 'boolean') return `请选择${label}`;
      if (iss.expected === 'array') return `请选择${label}`;
      return `${label}填写有误，请重新填写`;
    case 'too_small':
      if (iss.origin === 'string') return min <= 1 || empty(iss.input) ? `请填写${label}` : `${label}至少${min}个字`;
      if (iss.origin === 'array') return min <= 1 ? `请至少选择一项${label}` : `${label}至少${min}项`;
      return iss.inclusive === false ? `${label}应大于${min}` : `${label}不能小于${min}`;
    case 'too_big':
      if (iss.origin === 'string') return `${label}不能超过${max}个字`;
      if (iss.origin === 'array') return `${label}最多${max}项`;
      return iss.inclusive === false ? `${label}应小于${max}` : `${label}不能大于${max}`;
    case 'invalid_format':
      if (empty(iss.input)) return `请填写${label}`;
      if (iss.format === 'datetime') return `${label}应为有效的日期和时间`;
      if (iss.format === 'date') return `${label}应为有效日期（年-月-日）`;
      return `${label}格式不正确，请按提示填写`;
    case 'invalid_value':
      return empty(iss.input) ? `请选择${label}` : `请从列表中选择${label}`;
    case 'not_multiple_of':
      return `${label}应为${iss.divisor}的倍数`;
    case 'unrecognized_keys':
      return `请求含有表单以外的项：${(iss.keys ?? []).join('、')}`;
    case 'invalid_union':
      return `${label}填写有误，请按提示填写`;
    default:
      return undefined;
  }
}
