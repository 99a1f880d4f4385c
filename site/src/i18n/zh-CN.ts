/**
 * UI strings of the public site (zh-CN), by dotted key. Labels of enumerated values, which the
 * Worker-filled pages use too, are in contracts/labels.ts.
 */
import { SITE_NAME } from '../../../contracts/site';

export const zh = {
  'site.name': SITE_NAME,
  'site.tagline': '人人持证、技能社会',
  'site.source':
    '依据临汾市人民政府办公室《关于实施“六个十”工程推进“人人持证、技能社会”建设的意见》（临政办发〔2020〕40号）',
  'nav.home': '首页',
  'nav.polls': '投票',
  'nav.notices': '公示',
  'nav.lists': '名单',
  'nav.rules': '投票与公示规则',
  'nav.competitions': '技能大赛',
  'nav.recruitment': '招聘活动',
  'nav.institutions': '鉴定机构',
  'footer.organiser': '主办：临汾市人力资源和社会保障局',
  'footer.receipts': '查询选票',
  'footer.objections': '查询异议',
  'footer.privacy': '手机号仅用于身份验证和防止重复投票，以加密形式保存，不会公开。',
} as const;

export type UiKey = keyof typeof zh;
export const t = (key: UiKey): string => zh[key];
