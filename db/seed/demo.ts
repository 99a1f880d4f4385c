/**
 * Demo data, clearly marked (is_demo = 1, names end in no real claim), so a newcomer sees every
 * state on first start: an open trades poll, a scheduled brands poll, an open 公示 notice for
 * training bases and one published final list. None of it comes from the source document.
 */
export const DEMO_TRADES = [
  { name: '焊工', countyId: 'yicheng', summary: '依托“桐封”焊工培训，面向装备制造企业输出。' },
  { name: '中式烹调师', countyId: 'fushan', summary: '对接“浮山厨师”劳务品牌，省内外餐饮企业需求大。' },
  { name: '中式面点师', countyId: 'xiangfen', summary: '对接“晋襄酥烧饼”省级劳务品牌，带动创业就业。' },
  { name: '果树修剪工', countyId: 'xixian', summary: '服务西山果业，助力贫困劳动力增收。' },
  { name: '家政服务员', countyId: 'yonghe', summary: '对接“好帮手家政”，面向京津及省内家庭服务市场。' },
  { name: '柳编工', countyId: 'puxian', summary: '对接“蒲县柳编”劳务品牌，居家灵活就业。' },
  { name: '手工编织工', countyId: 'quwo', summary: '对接“曲沃手工编织”劳务品牌，订单式生产。' },
  { name: '养老护理员', countyId: 'yaodu', summary: '养老机构和居家养老服务需求持续增长。' },
  { name: '育婴员', countyId: 'hongtong', summary: '母婴服务市场需求大，持证上岗率高。' },
  { name: '电工', countyId: 'houma', summary: '制造业和建筑业通用工种，就业面广。' },
  { name: '汽车维修工', countyId: 'huozhou', summary: '汽车后市场岗位多，技能等级晋升通道清晰。' },
  { name: '电子商务师', countyId: 'jixian', summary: '助力苹果等特色农产品线上销售。' },
  { name: '农业经理人', countyId: 'daning', summary: '培养新型农业经营主体带头人。' },
  { name: '保健按摩师', countyId: 'anze', summary: '康养产业配套工种，适合灵活就业。' },
  { name: '美发师', countyId: 'xiangning', summary: '门槛低、见效快，适合城乡劳动力转移就业。' },
];

/**
 * Demo experts (评审专家) who scored the demo trades, so a decision can be confirmed on a fresh
 * start. They have no password and are disabled: nobody can sign in as them. Marked demo by the
 * `demo-` username and （演示） in the name (accounts have no is_demo column).
 */
export const DEMO_EXPERTS = [
  { username: 'demo-expert-1', displayName: '演示专家甲（演示）' },
  { username: 'demo-expert-2', displayName: '演示专家乙（演示）' },
  { username: 'demo-expert-3', displayName: '演示专家丙（演示）' },
];

/**
 * The demo experts' scores for the i-th demo trade: means 92.00, 90.50, … 71.00, all distinct,
 * so the top 10 has no tie at the cut whatever the votes.
 */
export function demoTradeScores(i: number): number[] {
  const mean = 92 - i * 1.5;
  return [mean + 1, mean, mean - 1];
}

export const DEMO_BRANDS = [
  {
    name: '翼城桐封焊工',
    countyId: 'yicheng',
    summary: '焊工培训与劳务输出一体化品牌（演示）。',
    trainedCount: 1500,
    employmentRatePct: 62,
    cultivatedSince: '2018-03-01',
  },
  {
    name: '洪洞大槐树月嫂',
    countyId: 'hongtong',
    summary: '母婴护理劳务品牌（演示）。',
    trainedCount: 1200,
    employmentRatePct: 55,
    cultivatedSince: '2018-09-01',
  },
  {
    name: '侯马电工',
    countyId: 'houma',
    summary: '电工培训劳务品牌（演示）。',
    trainedCount: 1100,
    employmentRatePct: 48,
    cultivatedSince: '2019-01-01',
  },
  {
    name: '吉县苹果电商',
    countyId: 'jixian',
    summary: '农产品电商劳务品牌（演示）。',
    trainedCount: 1050,
    employmentRatePct: 35,
    cultivatedSince: '2019-04-01',
  },
];

export const DEMO_BASES = [
  {
    name: '尧都区职业技能培训示范中心（演示）',
    countyId: 'yaodu',
    score: 92.5,
    facilities: '实训场地约3000平方米，设焊接、电工、烹饪实训室。',
    fullTimeTeacherPct: 68,
  },
  {
    name: '侯马市技工培训学校（演示）',
    countyId: 'houma',
    score: 90.0,
    facilities: '电工、汽修实训车间两处。',
    fullTimeTeacherPct: 61,
  },
  {
    name: '翼城县桐封焊工培训基地（演示）',
    countyId: 'yicheng',
    score: 89.5,
    facilities: '焊接工位120个，配备视频监控。',
    fullTimeTeacherPct: 72,
  },
  {
    name: '襄汾县晋襄面点培训学校（演示）',
    countyId: 'xiangfen',
    score: 88.0,
    facilities: '面点实训室4间。',
    fullTimeTeacherPct: 55,
  },
  {
    name: '洪洞县家政服务培训中心（演示）',
    countyId: 'hongtong',
    score: 87.5,
    facilities: '家政、育婴模拟实训室。',
    fullTimeTeacherPct: 58,
  },
  {
    name: '浮山县厨师培训学校（演示）',
    countyId: 'fushan',
    score: 87.0,
    facilities: '中餐烹饪实训室6间。',
    fullTimeTeacherPct: 64,
  },
  {
    name: '蒲县柳编技艺传习所（演示）',
    countyId: 'puxian',
    score: 86.0,
    facilities: '柳编工坊及展销厅。',
    fullTimeTeacherPct: 52,
  },
  {
    name: '隰县果树技术培训基地（演示）',
    countyId: 'xixian',
    score: 85.5,
    facilities: '果园实训基地200亩。',
    fullTimeTeacherPct: 57,
  },
  {
    name: '永和县好帮手家政培训学校（演示）',
    countyId: 'yonghe',
    score: 85.0,
    facilities: '家政实训室3间。',
    fullTimeTeacherPct: 53,
  },
  {
    name: '临汾市高级技工学校（演示）',
    countyId: 'shizhi',
    score: 91.0,
    facilities: '市直定点培训机构，综合实训楼一栋。',
    fullTimeTeacherPct: 75,
  },
];

export const DEMO_INSTITUTIONS = [
  {
    name: '临汾市技师学院评价站（演示）',
    countyId: 'shizhi',
    type: 'technical_school',
    occupations: ['电工', '焊工', '车工'],
  },
  {
    name: '临汾高级技工学校评价站（演示）',
    countyId: 'shizhi',
    type: 'technical_school',
    occupations: ['汽车维修工', '中式烹调师'],
  },
  {
    name: '华翔集团职业技能等级认定中心（演示）',
    countyId: 'hongtong',
    type: 'enterprise',
    occupations: ['铸造工', '机床装调维修工'],
  },
  { name: '侯马经济开发区企业评价中心（演示）', countyId: 'houma', type: 'enterprise', occupations: ['电工', '钳工'] },
  {
    name: '霍州煤电职业技能评价中心（演示）',
    countyId: 'huozhou',
    type: 'enterprise',
    occupations: ['矿井维修电工', '采煤机司机'],
  },
  {
    name: '临汾市家政服务协会评价中心（演示）',
    countyId: 'yaodu',
    type: 'social_organisation',
    occupations: ['家政服务员', '育婴员', '养老护理员'],
  },
  {
    name: '临汾市烹饪协会评价中心（演示）',
    countyId: 'yaodu',
    type: 'social_organisation',
    occupations: ['中式烹调师', '中式面点师'],
  },
  {
    name: '襄汾县职业培训学校评价站（演示）',
    countyId: 'xiangfen',
    type: 'social_organisation',
    occupations: ['中式面点师'],
  },
  { name: '翼城县焊接培训评价中心（演示）', countyId: 'yicheng', type: 'social_organisation', occupations: ['焊工'] },
  {
    name: '洪洞县职业技能评价中心（演示）',
    countyId: 'hongtong',
    type: 'social_organisation',
    occupations: ['电工', '美发师', '保健按摩师'],
  },
] as const;

export const DEMO_CONTACT = {
  name: '市人社局职业能力建设科（演示联系人）',
  phone: '0357-0000000（演示号码）',
  address: '山西省临汾市人力资源和社会保障局（演示地址，异议信件请注明“示范基地公示异议”）',
};
