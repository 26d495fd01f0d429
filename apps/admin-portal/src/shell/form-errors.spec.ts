import type { FormInstance } from 'antd';
import { ApiError } from '../api/problem';
import { applyFieldErrors, fieldPath } from './form-errors';

function aForm(values: Record<string, unknown>) {
  const set: { name: (string | number)[]; errors: string[] }[][] = [];
  const form = { getFieldsValue: () => values, setFields: (f: { name: (string | number)[]; errors: string[] }[]) => set.push(f) } as unknown as FormInstance;
  return { form, set };
}
const refused = (...fields: string[]) =>
  new ApiError({ status: 400, code: 'VALIDATION', detail: 'invalid', details: { fields: fields.map((field) => ({ field, reason: `bad ${field}` })) } });

describe('server field errors next to the fields', () => {
  it('reads nested names and maps server names to the form’s', () => {
    expect(fieldPath('invoices[1].amountFen', { amountFen: 'amount' })).toEqual(['invoices', 1, 'amount']);
  });

  it('puts a list item’s error on that item, and an error below a one-text field on that field', () => {
    const { form, set } = aForm({ invoices: [{ invoiceNo: 'a' }, { invoiceNo: 'b' }], evidence: '行政处罚决定书' });
    expect(applyFieldErrors(form, refused('invoices[1].invoiceNo', 'evidence[0].title'))).toBe(true);
    expect(set[0]).toEqual([
      { name: ['invoices', 1, 'invoiceNo'], errors: ['bad invoices[1].invoiceNo'] },
      { name: ['evidence'], errors: ['bad evidence[0].title'] },
    ]);
  });

  it('leaves an error of a field the form does not have to the caller', () => {
    const { form, set } = aForm({ note: '' });
    expect(applyFieldErrors(form, refused('claimId'))).toBe(false);
    expect(set).toEqual([]);
  });
});
