import { type SuspensionKind, TERMINATION_GROUNDS, type TerminationGround } from '@mi/contracts';

/** The Chinese title and text of each published decision (公示/公告). */
export interface NoticeText {
  title: string;
  text: string;
}

const who = (name: string, code: string) => `${name}（机构编码${code}）`;

export function evaluationNotice(name: string, code: string, e: { passed: boolean; team: number; inFavour: number }): NoticeText {
  return e.passed
    ? {
        title: '定点医药机构评估结果公示',
        text: `经评估小组评估（${e.team}人，赞成${e.inFavour}票），${who(name, code)}评估结果为合格，拟纳入医疗保障定点管理并签订医疗保障服务协议。`,
      }
    : {
        title: '定点医药机构评估结果公示',
        text: `经评估小组评估（${e.team}人，赞成${e.inFavour}票），${who(name, code)}评估结果为不合格，整改期满后可重新申请评估。`,
      };
}

const SUSPENSION_KIND: Record<SuspensionKind, string> = { MANDATORY: '', VOLUNTARY: '（机构申请中止）', POINTS: '（12分制记分达到中止情形）' };

export function suspensionNotice(
  name: string,
  code: string,
  s: { kind: SuspensionKind; reason: string; legalBasis: string; startsOn: string; endsOn: string },
): NoticeText {
  return {
    title: '中止医疗保障服务协议公告',
    text: `${who(name, code)}自${s.startsOn}起至${s.endsOn}止中止医疗保障服务协议${SUSPENSION_KIND[s.kind]}。原因：${s.reason}。依据：${s.legalBasis}。中止期间发生的医保费用，医保基金不予结算。`,
  };
}

export function terminationNotice(name: string, code: string, t: { ground: TerminationGround; effectiveOn: string }): NoticeText {
  return {
    title: '解除医疗保障服务协议公告',
    text: `${who(name, code)}的医疗保障服务协议自${t.effectiveOn}起解除。情形：${TERMINATION_GROUNDS[t.ground]}（第${t.ground}项）。解除后发生的医保费用，医保基金不予结算。`,
  };
}

export function expiryNotice(name: string, code: string, e: { validTo: string; effectiveOn: string }): NoticeText {
  return {
    title: '医疗保障服务协议到期终止公告',
    text: `${who(name, code)}的医疗保障服务协议有效期至${e.validTo}，期满未续签，自${e.effectiveOn}起终止。`,
  };
}
