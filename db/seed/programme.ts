/**
 * The programme's real content, transcribed from 临政办发〔2020〕40号 and its seven annexes (the rules it
 * implements, by annex: docs/product.md). Nothing in this file is demo data.
 */
import type { TrackKey } from '../../contracts/enums';
import { labels } from '../../contracts/labels';
import { STAGE_TEMPLATES, type StageTemplate } from '../../contracts/rounds';

export const SOURCE_DOCUMENT = '临政办发〔2020〕40号';
export const PROGRAMME_YEAR = 2020;

export interface CountySeed {
  id: string;
  name: string;
  kind: 'plain' | 'mountain' | 'city';
}

/** 17 county-level units (7 plain, 10 mountain) plus 市直 as an 18th for applications. */
export const COUNTIES: CountySeed[] = [
  { id: 'yaodu', name: '尧都区', kind: 'plain' },
  { id: 'houma', name: '侯马市', kind: 'plain' },
  { id: 'huozhou', name: '霍州市', kind: 'plain' },
  { id: 'quwo', name: '曲沃县', kind: 'plain' },
  { id: 'yicheng', name: '翼城县', kind: 'plain' },
  { id: 'xiangfen', name: '襄汾县', kind: 'plain' },
  { id: 'hongtong', name: '洪洞县', kind: 'plain' },
  { id: 'guxian', name: '古县', kind: 'mountain' },
  { id: 'anze', name: '安泽县', kind: 'mountain' },
  { id: 'fushan', name: '浮山县', kind: 'mountain' },
  { id: 'jixian', name: '吉县', kind: 'mountain' },
  { id: 'xiangning', name: '乡宁县', kind: 'mountain' },
  { id: 'daning', name: '大宁县', kind: 'mountain' },
  { id: 'xixian', name: '隰县', kind: 'mountain' },
  { id: 'yonghe', name: '永和县', kind: 'mountain' },
  { id: 'puxian', name: '蒲县', kind: 'mountain' },
  { id: 'fenxi', name: '汾西县', kind: 'mountain' },
  { id: 'shizhi', name: '市直', kind: 'city' },
];

/** A stage as its annex prescribes it; the templates live in contracts/rounds.ts, used by "start the next round" too. */
export type StageSeed = StageTemplate;

export interface TrackSeed {
  key: TrackKey;
  title: string;
  goal: string;
  summary: string;
  annex: number;
  stages: StageSeed[];
}

/** The six tracks in the document's order, each with the stages its annex prescribes (contracts/rounds.ts). */
export const TRACKS: TrackSeed[] = [
  {
    key: 'trades',
    title: labels.track.trades,
    goal: '打造十大精品工种',
    annex: 2,
    summary:
      '通过“县推送、市筛选、大众评”的方式，在全市公布的职业技能提升培训工种范围内，选择10个市场需求大、劳务输出广、就业效果好的精品工种进行重点培训。',
    stages: STAGE_TEMPLATES.trades,
  },
  {
    key: 'brands',
    title: labels.track.brands,
    goal: '创建十大劳务品牌',
    annex: 3,
    summary:
      '在巩固现有“襄汾晋襄酥烧饼”省级劳务品牌和浮山厨师、蒲县柳编、曲沃手工编织、华翔工匠四个市级劳务品牌的基础上，重点抓好西山果树工、好帮手家政、尧乡姐妹等劳务品牌的创建，力争市级以上劳务品牌达到10个。',
    stages: STAGE_TEMPLATES.brands,
  },
  {
    key: 'institutions',
    title: labels.track.institutions,
    goal: '认定十所鉴定机构',
    annex: 4,
    summary:
      '支持企业、技工学校、职业培训学校开展职业技能等级评价，择优认定10所硬件设施到位、管理制度完善、工作流程规范的鉴定评价机构。',
    stages: STAGE_TEMPLATES.institutions,
  },
  {
    key: 'competitions',
    title: labels.track.competitions,
    goal: '举办十场技能大赛',
    annex: 5,
    summary: '围绕“助力脱贫攻坚”“劳务品牌建设”和“高技能人才”三大板块，以赛促训，举办十场职业技能大赛。',
    stages: STAGE_TEMPLATES.competitions,
  },
  {
    key: 'recruitment',
    title: labels.track.recruitment,
    goal: '组织十场招聘活动',
    annex: 6,
    summary: '市县两级公共就业人才服务机构针对不同培训对象和就业服务群体，组织十场专场招聘和就业服务活动。',
    stages: STAGE_TEMPLATES.recruitment,
  },
  {
    key: 'bases',
    title: labels.track.bases,
    goal: '选定十个培训示范基地',
    annex: 7,
    summary:
      '在全市范围评选10个培训场地较大、实训设施先进、培训指导健全、精品工种突出、培训管理严格、创业就业带动能力强的“人人持证、技能社会”职业能力建设示范基地。',
    stages: STAGE_TEMPLATES.bases,
  },
];

export interface BrandSeed {
  name: string;
  countyId: string | null;
  level: 'provincial' | 'city' | 'creating';
  summary: string;
}

/** The five existing brands and the three in creation named by the document (annex 3). */
export const BRANDS: BrandSeed[] = [
  { name: '襄汾晋襄酥烧饼', countyId: 'xiangfen', level: 'provincial', summary: '现有省级劳务品牌。' },
  { name: '浮山厨师', countyId: 'fushan', level: 'city', summary: '现有市级劳务品牌。' },
  { name: '蒲县柳编', countyId: 'puxian', level: 'city', summary: '现有市级劳务品牌。' },
  { name: '曲沃手工编织', countyId: 'quwo', level: 'city', summary: '现有市级劳务品牌。' },
  { name: '华翔工匠', countyId: null, level: 'city', summary: '现有市级劳务品牌。' },
  { name: '西山果树工', countyId: null, level: 'creating', summary: '重点创建中的劳务品牌。' },
  { name: '好帮手家政', countyId: null, level: 'creating', summary: '重点创建中的劳务品牌。' },
  { name: '尧乡姐妹', countyId: null, level: 'creating', summary: '重点创建中的劳务品牌。' },
];

export interface CompetitionSeed {
  name: string;
  board: 'poverty' | 'brand' | 'high_skill' | 'general';
  months: [number, number] | null;
  organisers: string;
  venueCountyId: string;
}

/** The ten competitions of annex 5, in the document's order. */
export const COMPETITIONS: CompetitionSeed[] = [
  {
    name: '临汾市职业院校创业创新职业技能大赛',
    board: 'general',
    months: [6, 7],
    organisers: '市人社局、市教育局、市总工会',
    venueCountyId: 'yaodu',
  },
  {
    name: '临汾市杞柳编织职业技能大赛',
    board: 'brand',
    months: [6, 7],
    organisers: '市人社局、蒲县人民政府',
    venueCountyId: 'puxian',
  },
  {
    name: '临汾市“桐封杯”焊接职业技能大赛',
    board: 'high_skill',
    months: [6, 7],
    organisers: '市人社局、翼城县人民政府',
    venueCountyId: 'yicheng',
  },
  {
    name: '临汾市“浮山厨师”厨艺职业技能大赛',
    board: 'brand',
    months: [7, 8],
    organisers: '市人社局、浮山县人民政府',
    venueCountyId: 'fushan',
  },
  {
    name: '临汾市医疗护理职业技能大赛',
    board: 'general',
    months: [7, 8],
    organisers: '市人社局、市卫健委',
    venueCountyId: 'yaodu',
  },
  {
    name: '临汾市“尧京杯”晋襄酥烧饼创业创新职业技能大赛',
    board: 'brand',
    months: [10, 10],
    organisers: '市人社局、襄汾县人民政府',
    venueCountyId: 'xiangfen',
  },
  {
    name: '贫困劳动力西山果树工职业技能大赛',
    board: 'poverty',
    months: null,
    organisers: '市人社局、市扶贫办、隰县人民政府',
    venueCountyId: 'xixian',
  },
  {
    name: '贫困劳动力好帮手家政服务业职业技能大赛',
    board: 'poverty',
    months: [7, 7],
    organisers: '市人社局、市扶贫办、市妇联、永和县人民政府',
    venueCountyId: 'yonghe',
  },
  {
    name: '临汾市家政服务业、旅游服务业职业技能大赛',
    board: 'general',
    months: [8, 9],
    organisers: '市人社局、市文化和旅游局、市商务局、市妇联、洪洞县人民政府',
    venueCountyId: 'hongtong',
  },
  {
    name: '临汾市高技能人才职业技能大赛',
    board: 'high_skill',
    months: [9, 10],
    organisers: '市人社局、市商务局、市总工会',
    venueCountyId: 'yaodu',
  },
];

/** Prizes per competition trade (annex 5, 三、奖项设置). */
export const AWARD_RULES = [
  {
    prize: 'first',
    title: '一等奖',
    placesPerTrade: 1,
    amountYuan: 5000,
    benefit: '颁发荣誉证书，奖励5000元，符合条件的按程序晋升技师职业资格。',
  },
  {
    prize: 'second',
    title: '二等奖',
    placesPerTrade: 2,
    amountYuan: 3000,
    benefit: '颁发荣誉证书，奖励3000元，核发相应职业工种的高级工职业资格证书。',
  },
  {
    prize: 'third',
    title: '三等奖',
    placesPerTrade: 3,
    amountYuan: 2000,
    benefit: '颁发荣誉证书，奖励2000元，核发相应职业工种的高级工职业资格证书。',
  },
  {
    prize: 'organisation',
    title: '优秀组织奖',
    placesPerTrade: null,
    amountYuan: null,
    benefit: '各项赛事设优秀组织奖若干名，获奖单位颁发奖牌。',
  },
] as const;

export interface RecruitmentSeed {
  name: string;
  period: string;
  months: [number, number] | null;
  audience: string;
  description: string;
}

/** The ten recruitment events of annex 6, in the document's order. */
export const RECRUITMENT_EVENTS: RecruitmentSeed[] = [
  {
    name: '春风行动暨就业援助月招聘活动',
    period: '春节期间',
    months: null,
    audience: '高校毕业生、就业困难人员、零就业家庭成员、登记失业残疾人、贫困劳动力等',
    description: '提供有针对性的援助服务，按规定落实就业扶持政策措施，努力帮助其实现就业。',
  },
  {
    name: '百日千万网络招聘专项行动',
    period: '3月份至6月份',
    months: [3, 6],
    audience: '高校毕业生、农民工、城镇失业人员、贫困劳动力等各类劳动者',
    description: '集中开展以线上为主的系列特色专场招聘，为有招聘需求的各类用人单位搭建用工平台。',
  },
  {
    name: '公共就业人才服务进校园',
    period: '4月份',
    months: [4, 4],
    audience: '应届高校毕业生',
    description: '依托高校毕业生精准招聘平台，采取线上智能匹配、线下精准对接模式，开展网络招聘会及系列配套服务活动。',
  },
  {
    name: '民营企业招聘周',
    period: '4月份',
    months: [4, 4],
    audience: '民营企业及求职者',
    description: '开展线上线下、形式多样的供需对接活动，提供政策咨询、职业介绍、职业指导、权益维护等服务。',
  },
  {
    name: '临汾市夏季人才招聘大会暨农村贫困残疾人就业帮扶活动',
    period: '6月份',
    months: [6, 6],
    audience: '农村建档立卡贫困人口中的残疾人及有就业意愿的各类求职者',
    description: '通过开展政策宣讲、上门送岗、专场招聘等服务活动，帮扶有劳动能力和就业意愿的实现就业。',
  },
  {
    name: '高校毕业生就业服务行动',
    period: '7月份至10月份',
    months: [7, 10],
    audience: '离校未就业高校毕业生及往届未就业高校毕业生',
    description: '多渠道开展实名登记，落实实名制就业服务，组织职业指导、职业培训、就业见习，举办多种形式的招聘活动。',
  },
  {
    name: '临汾市秋季人才招聘大会暨金秋招聘月活动',
    period: '10月份',
    months: [10, 10],
    audience: '离校未就业高校毕业生、城镇失业人员等重点群体求职者',
    description: '面向各类企业特别是民营企业、中小微企业，开展行业性、专业化的线上线下专场招聘活动。',
  },
  {
    name: '就业扶贫专项行动',
    period: '7月份至10月份',
    months: [7, 10],
    audience:
      '国家级贫困县吉县、大宁县、隰县、永和县、汾西县和省级贫困县安泽县、浮山县、古县、蒲县、乡宁县的建档立卡贫困劳动力',
    description:
      '10月中旬，市人社局在大宁县、永和县、隰县组织现场招聘、网络招聘等线上线下专场活动，送政策、送信息、送服务、送岗位。',
  },
  {
    name: '高校毕业生就业服务周',
    period: '11月份至12月份',
    months: [11, 12],
    audience: '应届高校毕业生及往届有就业意愿的离校未就业高校毕业生',
    description: '举办高校毕业生专场招聘会、就业创业指导、就业创业政策措施宣传等活动。',
  },
  {
    name: '全民技能培训未就业系列专场招聘活动',
    period: '4月份至12月份',
    months: [4, 12],
    audience: '全民技能提升打造“临汾技工”品牌培训未就业人员',
    description: '开展针对培训工种的系列专场招聘活动，提供“面对面”咨询和服务，帮助“临汾技工”实现劳务对接。',
  },
];
