import type { InstitutionStatementView, StatementLineView } from '@mi/contracts';
import { Workbook } from 'exceljs';
import { toXlsx } from '../http/table-export';
import { statementCsv, statementTable } from './statement-csv';

const line = (code: StatementLineView['code'], label: string, amountFen: string, count?: number): StatementLineView => ({
  code,
  label,
  ...(count === undefined ? {} : { count }),
  amount: 'not used by the export',
  amountFen,
});

const aStatement = (): InstitutionStatementView => ({
  admdvs: '430100',
  period: '2026-04',
  institutionCode: 'H43010200001',
  status: 'SETTLED',
  settlementId: '01a20000-0000-7000-8000-00000000cafe',
  totalNet: '900.05',
  items: [
    {
      institutionCode: 'H43010200001',
      insutype: '310',
      dueFen: '90005',
      carriedInFen: '1',
      carriedOutFen: '0',
      prepaymentOffsetFen: '0',
      heldFen: '0',
      netFen: '90005',
      lines: [
        line('SETTLEMENTS', '本月结算 2 笔 统筹基金支付', '101000', 2),
        line('DEDUCTIONS', '本月确认扣款 1 笔', '-9994', 1),
        line('LATE_SETTLEMENTS', '往月结算后补报结算/冲正 1 笔（所属月份 2026-02,2026-03）', '0', 1),
        line('INDICATOR_DEDUCTIONS', '指标性扣款（次均费用超标）1 笔（所属月份 2026-03）', '-1000', 1),
        line('CARRIED_IN', '上期应付为负结转本期抵扣', '-1'),
        line('AMOUNT_DUE', '本期应付', '90005'),
        line('NET_PAYABLE', '本期实际拨付', '90005'),
      ],
    },
    {
      institutionCode: 'H43010200001',
      insutype: '390',
      dueFen: '7',
      carriedInFen: '0',
      carriedOutFen: '0',
      prepaymentOffsetFen: '0',
      heldFen: '7',
      netFen: '0',
      lines: [line('HELD', '协议中止/解除期间暂缓拨付（挂账，"恢复"后拨付）', '-7'), line('NET_PAYABLE', '本期实际拨付', '0')],
    },
  ],
});

describe('statement CSV for Excel', () => {
  const csv = statementCsv(aStatement());
  const rows = csv.slice(1).split('\r\n');

  it('starts with a UTF-8 byte-order mark and ends every row with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows.at(-1)).toBe('');
  });

  it('writes one row per line and insurance type, amounts in yuan with 2 decimals from fen, then the total paid', () => {
    expect(rows[0]).toBe('统筹区,结算月份,机构编码,状态,结算批次,险种,项目代码,项目,笔数,金额（元）');
    const head = '430100,2026-04,H43010200001,已结算,01a20000-0000-7000-8000-00000000cafe';
    expect(rows.slice(1, -1)).toEqual([
      `${head},310,SETTLEMENTS,本月结算 2 笔 统筹基金支付,2,1010.00`,
      `${head},310,DEDUCTIONS,本月确认扣款 1 笔,1,-99.94`,
      `${head},310,LATE_SETTLEMENTS,"往月结算后补报结算/冲正 1 笔（所属月份 2026-02,2026-03）",1,0.00`,
      `${head},310,INDICATOR_DEDUCTIONS,指标性扣款（次均费用超标）1 笔（所属月份 2026-03）,1,-10.00`,
      `${head},310,CARRIED_IN,上期应付为负结转本期抵扣,,-0.01`,
      `${head},310,AMOUNT_DUE,本期应付,,900.05`,
      `${head},310,NET_PAYABLE,本期实际拨付,,900.05`,
      `${head},390,HELD,"协议中止/解除期间暂缓拨付（挂账，""恢复""后拨付）",,-0.07`,
      `${head},390,NET_PAYABLE,本期实际拨付,,0.00`,
      `${head},,TOTAL_NET_PAYABLE,合计实际拨付,,900.05`,
    ]);
  });

  it('formats a provisional statement with no run', () => {
    const p = statementCsv({ ...aStatement(), status: 'PROVISIONAL', settlementId: null, items: [] });
    expect(p.slice(1).split('\r\n')[1]).toBe('430100,2026-04,H43010200001,预估（未结算）,,,TOTAL_NET_PAYABLE,合计实际拨付,,0.00');
  });

  it('writes the same rows to XLSX: the CSV’s text, amounts as numbers with 2 decimals, in a sheet named after the month', async () => {
    const wb = new Workbook();
    await wb.xlsx.load((await toXlsx(statementTable(aStatement()))) as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('结算单 2026-04');
    const text: string[] = [];
    ws.eachRow((row) => {
      const cells = Array.from({ length: 10 }, (_, i) => row.getCell(i + 1));
      text.push(cells.map((c) => (typeof c.value === 'number' && c.numFmt === '#,##0.00' ? c.value.toFixed(2) : String(c.value ?? ''))).join('|'));
    });
    expect(text).toEqual(rows.slice(0, -1).map((r) => parseCsvLine(r).join('|')));
    expect(ws.getCell('J3').value).toBe(-99.94);
  });
});

/** One CSV line's fields (quotes undone), to compare with the sheet. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/("((?:[^"]|"")*)"|[^,]*)(,|$)/g)) {
    out.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]);
    if (m[3] === '') break;
  }
  return out;
}
