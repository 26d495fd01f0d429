import { defineDictionary, type CodeOf } from './define-dictionary';

/** Review stage: 事前 `pre` (before charging/settling, 3101) or 事中 `in` (at settlement, 3102). */
export type ReviewStage = 'pre' | 'in';

/**
 * 触发场景 (`trig_scen`) — the moment a smart-review call (3101/3102) is made. 1–5 are 事前,
 * 6–10 事中. The stage is informative: one HIS sends 8/9 through 3101, so the interface is
 * not inferred from it.
 */
export const TriggerScene = defineDictionary('trig_scen', {
  '1': { zh: '门诊挂号', en: 'Outpatient registration', stage: 'pre' },
  '2': { zh: '门诊收费登记', en: 'Outpatient charge entry', stage: 'pre' },
  '3': { zh: '住院登记', en: 'Inpatient admission', stage: 'pre' },
  '4': { zh: '住院收费登记', en: 'Inpatient charge entry', stage: 'pre' },
  '5': { zh: '住院执行医嘱', en: 'Inpatient order execution', stage: 'pre' },
  '6': { zh: '门诊结算', en: 'Outpatient settlement', stage: 'in' },
  '7': { zh: '门诊预结算', en: 'Outpatient pre-settlement', stage: 'in' },
  '8': { zh: '住院结算', en: 'Inpatient settlement', stage: 'in' },
  '9': { zh: '住院预结算', en: 'Inpatient pre-settlement', stage: 'in' },
  '10': { zh: '购药划卡', en: 'Pharmacy card payment', stage: 'in' },
} satisfies Record<string, { zh: string; en: string; stage: ReviewStage }>);
export type TriggerScene = CodeOf<typeof TriggerScene>;
