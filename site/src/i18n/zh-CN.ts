/** UI strings of the public site (zh-CN), by dotted key. The one dictionary islands and pages use. */
import { SITE_NAME } from '../../../contracts/site';

export const zh = {
  'site.name': SITE_NAME,
  'site.tagline': '人人持证、技能社会',
  'site.source':
    '依据临汾市人民政府办公室《关于实施“六个十”工程推进“人人持证、技能社会”建设的意见》（临政办发〔2020〕40号）',
  'nav.home': '首页',
  'nav.rules': '投票与公示规则',
  'nav.competitions': '技能大赛',
  'nav.recruitment': '招聘活动',
  'nav.institutions': '鉴定机构',
  'footer.organiser': '主办：临汾市人力资源和社会保障局',
  'footer.privacy': '手机号仅用于身份验证和防止重复投票，以加密形式保存，不会公开。',
} as const;

export type UiKey = keyof typeof zh;
export const t = (key: UiKey): string => zh[key];

/** Labels of enumerated values, shared by the Worker-filled pages and the islands. */
export const labels = {
  pollStatus: { scheduled: '未开始', open: '投票中', closed: '已截止', published: '结果已公布' },
  noticeStatus: { scheduled: '即将公示', open: '公示中', ended: '公示期满', withdrawn: '已撤回' },
  stageStatus: { pending: '未开始', active: '进行中', done: '已完成', skipped: '已跳过' },
  ballotStatus: { counted: '已计入', quarantined: '待复核（暂未计入）', void: '已作废' },
  institutionType: { technical_school: '技工院校', enterprise: '企业', social_organisation: '社会评价组织' },
  board: { poverty: '助力脱贫攻坚', brand: '劳务品牌建设', high_skill: '高技能人才', general: '综合' },
  brandLevel: { provincial: '省级劳务品牌', city: '市级劳务品牌', creating: '重点创建中' },
  countyKind: { plain: '平川县', mountain: '山区县', city: '市直' },
} as const;
