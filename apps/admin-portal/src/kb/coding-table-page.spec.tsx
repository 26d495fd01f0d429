import type { CodingTableImportReport } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { renderAt } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { CodingTablePage } from './coding-table-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

const importPath = '/api/v1/kb/coding-tables/import';

/** A CSV file as jsdom lacks File.text(). */
function csvFile(name: string, text: string): File {
  const file = new File([text], name, { type: 'text/csv' });
  return Object.assign(file, { text: async () => text });
}

async function chooseKind(label: string) {
  fireEvent.mouseDown(within(screen.getByTestId('coding-table-kind')).getByRole('combobox'));
  fireEvent.click(await screen.findByTitle(label));
}

describe('编码表导入', () => {
  it('sends a diagnosis code table as CSV with its kind, region and date, and lists each row the server rejected', async () => {
    signInAs('cs.officer', ['city-officer']);
    const rejected = [
      { line: 3, field: 'code', reason: 'must be an ICD-10 code such as K29.700' },
      { line: 5, field: 'code', reason: 'duplicates line 2' },
      { line: 5, field: 'name', reason: 'required' },
    ];
    const { calls } = fakeFetch([
      {
        method: 'POST',
        path: importPath,
        status: 400,
        body: problem(400, 'VALIDATION', 'icd10.csv: 3 problem(s), nothing imported', { field: 'csv', reason: 'rows rejected', rejected, rows: 6 }),
      },
    ]);
    renderAt(<CodingTablePage />, '/kb/coding-tables');
    // The layout of the table chosen (diagnosis codes first).
    expect((await screen.findByTestId('coding-table-header', {}, slow)).textContent).toBe('code,name');
    fireEvent.click(screen.getByTestId('import'));
    expect(await screen.findByText('请选择 CSV 或 Excel（.xlsx）文件', {}, slow)).toBeTruthy();
    expect(calls).toHaveLength(0);

    const csv = 'code,name\nK29.700,慢性胃炎\nK29,胃炎\n';
    fireEvent.change(screen.getByTestId('csv-file'), { target: { files: [csvFile('icd10.csv', csv)] } });
    fireEvent.click(screen.getByTestId('import'));
    const report = await screen.findByTestId('import-report', {}, slow);
    expect(report.textContent).toContain('导入结果 · icd10.csv');
    expect(report.textContent).toContain('共 6 行，导入 0 行，拒收 2 行');
    expect(report.textContent).toContain('有拒收行时整个文件不导入');
    const rows = [...within(report).getByTestId('rejected-rows').querySelectorAll('tbody tr[data-row-key]')].map((r) => r.textContent);
    expect(rows).toEqual(['3codemust be an ICD-10 code such as K29.700', '5codeduplicates line 2', '5namerequired']);
    expect(calls[0].body).toMatchObject({ kind: 'diagnosisCodes', region: '430100', fileName: 'icd10.csv', csv });
    expect((calls[0].body as { validFrom: string }).validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('imports a disease list workbook as base64: the layout follows the kind, the report counts lists, not rows', async () => {
    signInAs('cs.officer', ['city-officer']);
    const reply: CodingTableImportReport = {
      batchId: '0190a0b0-0000-7000-8000-0000000006b1',
      kind: 'diseaseLists',
      region: '430100',
      validFrom: '2026-12-05',
      rows: 12,
      imported: 3,
      rejected: [],
    };
    const { calls } = fakeFetch([{ method: 'POST', path: importPath, status: 200, body: reply }]);
    renderAt(<CodingTablePage />, '/kb/coding-tables');
    await chooseKind('限定病种目录（门诊慢特病、两病）');
    await waitFor(() => expect(screen.getByTestId('coding-table-header').textContent).toBe('list_code,list_name,benefit,diagnosis_prefix'), slow);
    expect(screen.getByTestId('coding-table-layout').textContent).toContain('LB-DM,糖尿病（两病）,两病门诊用药保障,E11');
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x80]);
    const file = new File([bytes], 'lists.xlsx', { type: '' });
    Object.assign(file, { arrayBuffer: async () => bytes.buffer });
    fireEvent.change(screen.getByTestId('csv-file'), { target: { files: [file] } });
    fireEvent.click(screen.getByTestId('import'));
    const report = await screen.findByTestId('import-report', {}, slow);
    expect(report.textContent).toContain('限定病种目录已导入：共 12 行，3 个病种目录，自 2026-12-05 起生效');
    expect(within(report).queryByTestId('rejected-rows')).toBeNull();
    expect(calls[0].body).toMatchObject({ kind: 'diseaseLists', region: '430100', fileName: 'lists.xlsx', xlsx: 'UEsDBP8AgA==' });
    expect(calls[0].body).not.toHaveProperty('csv');
  });

  it('shows a disease list still named by catalogue items as a rejected header row, and a file that cannot be read under the file field', async () => {
    signInAs('cs.officer', ['city-officer']);
    const post = {
      method: 'POST',
      path: importPath,
      status: 400,
      body: problem(400, 'VALIDATION', 'lists.csv: 1 problem(s), nothing imported', {
        rejected: [{ line: 1, field: 'list_code', reason: 'LB-HBP is named by 4 catalogue items in force (e.g. XC09AAK), import them without it first' }],
        rows: 2,
      }) as unknown,
    };
    const { calls } = fakeFetch([post]);
    renderAt(<CodingTablePage />, '/kb/coding-tables');
    await chooseKind('限定病种目录（门诊慢特病、两病）');
    fireEvent.change(await screen.findByTestId('csv-file', {}, slow), {
      target: { files: [csvFile('lists.csv', 'list_code,list_name,diagnosis_prefix\nLB-DM,糖尿病,E11\n')] },
    });
    fireEvent.click(screen.getByTestId('import'));
    const report = await screen.findByTestId('import-report', {}, slow);
    expect(within(report).getByTestId('rejected-rows').textContent).toContain('1list_codeLB-HBP is named by 4 catalogue items in force');

    post.body = problem(400, 'VALIDATION', 'lists.xlsx: not an XLSX workbook; nothing imported', {
      field: 'file',
      reason: 'not an XLSX workbook (an old .xls? save it as .xlsx)',
    });
    fireEvent.click(screen.getByTestId('import'));
    const error = await screen.findByText('not an XLSX workbook (an old .xls? save it as .xlsx)', {}, slow);
    expect(error.closest('.ant-form-item')?.textContent).toContain('CSV 或 Excel 文件');
    expect(screen.queryByTestId('import-report')).toBeNull();
    expect(calls.map((c) => (c.body as { kind: string }).kind)).toEqual(['diseaseLists', 'diseaseLists']);
  });
});
