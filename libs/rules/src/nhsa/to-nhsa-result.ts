import { ValidationError, type Money, type Severity, type ViolationItemType } from '@mi/domain';
import type { Finding } from '../evaluator/finding';

/** `judge_result_detail_dtos[]` of a 3101/3102 result (NHSA-INTERFACES.md §7). */
export interface NhsaJudgeResultDetail {
  readonly jrd_id: string;
  readonly patn_id: string;
  readonly mdtrt_id: string;
  readonly rx_id: string;
  readonly vola_item_type: ViolationItemType;
  readonly vola_amt: string | number;
}

/** One `output.result[]` entry of 3101/3102 (NHSA-INTERFACES.md §7). */
export interface NhsaJudgeResult {
  readonly jr_id: string;
  readonly rule_id: string;
  readonly rule_name: string;
  readonly vola_cont: string;
  readonly patn_id: string;
  readonly mdtrt_id: string;
  readonly judge_result_detail_dtos: readonly NhsaJudgeResultDetail[];
  readonly vola_amt: string | number;
  /** `1` 正常, `0` 异常 (the amount could not be computed). */
  readonly vola_amt_stas: '1' | '0';
  readonly sev_deg: Severity;
  readonly vola_evid: string;
  readonly vola_bhvr_type: string;
  readonly task_id?: string;
}

export interface NhsaResultIds {
  /** 违规标识, unique; 3103 `warn_rslt_id` echoes it. The caller generates it (UUIDv7 …). */
  readonly jrId: string;
  /** 参保人标识 as the HIS sent it (`patn_id`). */
  readonly patnId: string;
  /** Echo of the request's `task_id`. */
  readonly taskId?: string;
  /** Detail ids; default `${jrId}-${n}` (1-based). */
  readonly detailId?: (lineId: string, index: number) => string;
}

export interface NhsaResultOptions {
  /**
   * `vola_amt` as a yuan string `'12.50'` (default: exact) or a JSON number `12.5` for HIS
   * clients that insist on numbers; dec(16,2) amounts beyond 15 significant digits refuse `number`.
   */
  readonly amountFormat?: 'string' | 'number';
}

const MAX_TEXT = 500;
const MAX_NAME = 200;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function amountOf(money: Money, format: 'string' | 'number'): string | number {
  const text = money.toYuanString();
  if (format === 'string') return text;
  if (text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length > 15) {
    throw new ValidationError('vola_amt', 'has more significant digits than a JSON number holds exactly; use amountFormat string');
  }
  return Number(text);
}

/**
 * Maps a finding onto the NHSA 3101/3102 `output.result[]` shape. Pure: ids come from the caller.
 * Texts are clipped to the spec lengths (vola_cont/vola_evid 500, rule_name 200 characters).
 */
export function toNhsaResult(finding: Finding, ids: NhsaResultIds, options: NhsaResultOptions = {}): NhsaJudgeResult {
  const format = options.amountFormat ?? 'string';
  const detailId = ids.detailId ?? ((_lineId: string, index: number) => `${ids.jrId}-${index + 1}`);
  return {
    jr_id: ids.jrId,
    rule_id: finding.ruleId,
    rule_name: clip(finding.ruleName, MAX_NAME),
    vola_cont: clip(finding.volaCont, MAX_TEXT),
    patn_id: ids.patnId,
    mdtrt_id: finding.claimId,
    judge_result_detail_dtos: finding.lines.map((line, index) => ({
      jrd_id: detailId(line.lineId, index),
      patn_id: ids.patnId,
      mdtrt_id: finding.claimId,
      rx_id: line.lineId,
      vola_item_type: line.itemType,
      vola_amt: amountOf(line.amount, format),
    })),
    vola_amt: amountOf(finding.amount, format),
    vola_amt_stas: finding.amountStatus === 'computed' ? '1' : '0',
    sev_deg: finding.severity,
    vola_evid: clip(finding.volaEvid, MAX_TEXT),
    vola_bhvr_type: finding.behaviourType,
    ...(ids.taskId !== undefined ? { task_id: ids.taskId } : {}),
  };
}
