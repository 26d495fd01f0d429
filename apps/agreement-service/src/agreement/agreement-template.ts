import type { AgreementArticleView, AgreementIndicators, AgreementTermsView } from '@mi/contracts';
import type { InstitutionLevel, InstitutionType } from '@mi/domain';

/**
 * 协议范本 — the text of a service agreement as data: the province's model agreement (the national
 * 定点医疗机构/零售药店管理暂行办法 structure: parties and term, services, catalogue, settlement,
 * review and deductions, information systems, supervision, breach, change and renewal, disputes),
 * articles that apply only to some categories (hospital, primary care, clinic, pharmacy) or levels,
 * and a city's own articles on top. An agreement gets its articles at signing — numbered in order —
 * with the quantified indicators written into their article; the personalised clauses stay separate.
 */
export interface TemplateArticle {
  key: string;
  title: string;
  text: string;
  /** Only for these institution types (all when absent). */
  types?: readonly InstitutionType[];
  /** Only for these levels' first digit (3, 2, 1, 0 = unrated; all when absent). */
  levels?: readonly string[];
}

export interface AgreementTemplate {
  id: string;
  version: string;
  title: string;
  articles: readonly TemplateArticle[];
}

const MEDICAL: readonly InstitutionType[] = ['hospital', 'primary-care', 'clinic'];

/** The province's model agreement (version as adopted; a new version applies to agreements signed after it). */
export const PROVINCIAL_TEMPLATE: AgreementTemplate = {
  id: 'PROV-MODEL',
  version: '2025.1',
  title: '医疗保障定点医药机构服务协议（省范本）',
  articles: [
    {
      key: 'parties',
      title: '协议双方与期限',
      text: '甲方为统筹地区医疗保障经办机构，乙方为定点医药机构。本协议期限为自然年度，自生效之日起至当年12月31日止；期满前3个月内可申请续签。',
    },
    {
      key: 'scope',
      title: '服务范围',
      text: '乙方为参保人员提供与其执业范围相符的医药服务，执行全市通用的定点资格，不得拒绝或推诿参保人员。',
    },
    {
      key: 'catalogue',
      title: '医保目录与支付政策',
      text: '乙方执行国家和本省医保药品、医用耗材、医疗服务项目目录及限定支付范围，超出限定范围的费用不得纳入基金支付。',
    },
    {
      key: 'settlement',
      title: '结算与拨付',
      text: '甲方按月与乙方结算，扣除经审核确认的违规费用后，于结算申报后30个工作日内拨付；年度终了按总额控制指标进行清算。',
    },
    {
      key: 'review',
      title: '费用审核与扣款',
      text: '甲方对乙方全部结算费用实行智能审核，并按不低于5%的比例抽查复审；乙方对审核结果有异议的，可在规定期限内申诉，逾期视为认可。',
    },
    {
      key: 'systems',
      title: '信息系统与数据上传',
      text: '乙方按国家医保信息业务编码标准和接口规范接入医保信息平台，实时上传就诊、结算、明细及进销存数据，保证数据真实、完整。',
    },
    {
      key: 'inpatient',
      title: '住院管理',
      text: '乙方严格掌握入出院标准，不得分解住院、挂床住院或将不符合入院指征的参保人员收治入院。',
      types: ['hospital', 'primary-care'],
    },
    {
      key: 'physicians',
      title: '医保医师管理',
      text: '乙方对医保医师实行登记备案和记分管理，医保医师被暂停或终止医保支付资格期间，其发生的费用不予结算。',
      types: MEDICAL,
    },
    {
      key: 'payment-reform',
      title: '支付方式改革',
      text: '乙方参加按疾病诊断相关分组（DRG）或按病种分值（DIP）付费，按规定报送医保结算清单，病案首页与结算清单应一致。',
      types: ['hospital'],
      levels: ['3', '2'],
    },
    {
      key: 'primary',
      title: '门诊统筹与家庭医生签约',
      text: '乙方落实门诊统筹和家庭医生签约服务，合理引导参保人员基层首诊、双向转诊。',
      types: ['primary-care', 'clinic'],
    },
    {
      key: 'pharmacy',
      title: '药店经营与处方管理',
      text: '乙方营业时间内执业药师在岗，处方药凭处方销售并留存处方；不得以医保基金支付日用品、保健品等非医保目录商品，不得串换药品。',
      types: ['pharmacy'],
    },
    {
      key: 'indicators',
      title: '考核指标',
      text: '乙方应达到以下量化指标，甲方据此考核并在年度清算中运用：',
    },
    {
      key: 'supervision',
      title: '监督检查',
      text: '甲方可通过智能监控、现场检查、双随机一公开等方式开展监督，乙方应如实提供资料，配合检查。',
    },
    {
      key: 'breach',
      title: '违约责任',
      text: '乙方违反本协议的，甲方可视情节采取约谈、拒付或追回费用、暂停结算、解除协议等处理；情节严重的移交行政部门依法处理，并纳入信用管理。',
    },
    {
      key: 'change',
      title: '协议变更与信息变更',
      text: '乙方名称、法定代表人、地址、性质、等级等重大信息变更的，应在变更后30个工作日内向甲方申请变更。',
    },
    {
      key: 'disputes',
      title: '争议处理',
      text: '双方因履行本协议发生争议的，先行协商；协商不成的，可依法申请行政复议或提起行政诉讼。',
    },
  ],
};

/** A city's articles, appended before the breach article (as the province allows local additions). */
export const CITY_ARTICLES: Record<string, readonly TemplateArticle[]> = {
  // Quanzhou (001_…): the pharmacy conditions it adopts are also obligations of the agreement.
  '350500': [
    {
      key: 'qz-24h',
      title: '24小时服务（泉州）',
      text: '承诺提供24小时服务的定点零售药店，应保证夜间有执业药师在岗并可正常医保结算。',
      types: ['pharmacy'],
    },
  ],
};

const INDICATOR_TEXT: { key: keyof AgreementIndicators; label: string; unit: (v: string | number) => string }[] = [
  { key: 'westernStockingRatePct', label: '西药备药率不低于', unit: (v) => `${v}%` },
  { key: 'patentChineseStockingRatePct', label: '中成药备药率不低于', unit: (v) => `${v}%` },
  { key: 'drugSharePct', label: '药占比不高于', unit: (v) => `${v}%` },
  { key: 'selfPayRatioPct', label: '个人自费比例不高于', unit: (v) => `${v}%` },
  { key: 'costPerAdmissionFen', label: '次均住院费用不高于', unit: (v) => `${yuan(String(v))}元` },
  { key: 'costPerBedDayFen', label: '床日费用不高于', unit: (v) => `${yuan(String(v))}元` },
  { key: 'averageStayDays', label: '平均住院日不高于', unit: (v) => `${v}天` },
  { key: 'transferRatePct', label: '转诊转院率不高于', unit: (v) => `${v}%` },
];

function yuan(fen: string): string {
  const f = BigInt(fen);
  return `${f / 100n}.${(f % 100n).toString().padStart(2, '0')}`;
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 第一条, 12 → 第十二条, 20 → 第二十条 (articles stay below 100). */
export function articleNo(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const t = tens === 0 ? '' : `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十`;
  return `第${t}${ones === 0 && tens > 0 ? '' : CHINESE_DIGITS[ones]}条`;
}

/**
 * The articles of an agreement for an institution of `type` and `level` in `poolarea`: the
 * province's articles that apply, the city's before the breach article, numbered in order, the
 * indicator article listing the agreed figures (left out when none were agreed).
 */
export function termsFor(poolarea: string, type: InstitutionType, level: InstitutionLevel, indicators: AgreementIndicators): AgreementTermsView {
  const applies = (a: TemplateArticle) => (!a.types || a.types.includes(type)) && (!a.levels || a.levels.includes(String(level).charAt(0)));
  const city = (CITY_ARTICLES[`${poolarea.slice(0, 4)}00`] ?? []).filter(applies);
  const province = PROVINCIAL_TEMPLATE.articles.filter(applies);
  const breach = province.findIndex((a) => a.key === 'breach');
  const ordered = [...province.slice(0, breach), ...city, ...province.slice(breach)];
  const agreed = INDICATOR_TEXT.filter((i) => indicators[i.key] !== undefined && indicators[i.key] !== null).map(
    (i) => `${i.label}${i.unit(indicators[i.key] as string | number)}`,
  );
  const articles: AgreementArticleView[] = ordered
    .filter((a) => a.key !== 'indicators' || agreed.length > 0)
    .map((a, i) => ({
      no: articleNo(i + 1),
      key: a.key,
      title: a.title,
      text: a.key === 'indicators' ? `${a.text}${agreed.join('；')}。` : a.text,
    }));
  return { templateId: PROVINCIAL_TEMPLATE.id, version: PROVINCIAL_TEMPLATE.version, title: PROVINCIAL_TEMPLATE.title, articles };
}
