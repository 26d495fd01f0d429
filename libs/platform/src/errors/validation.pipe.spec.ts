import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { INTAKE_MAX_BATCH, SettlementIntakeRequest, STRICT_VALIDATION_OPTIONS } from '@mi/contracts';
import { DomainError } from '@mi/domain';
import { createValidationPipe } from './validation.pipe';

/** What the pipe answers: the value it hands on, or the fields of its VALIDATION error. */
async function outcome(pipe: ValidationPipe, value: unknown): Promise<unknown> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: SettlementIntakeRequest };
  try {
    // A fresh copy each time, as a message is decoded (the copying pipe strips keys in place).
    const out = await pipe.transform(value === undefined ? undefined : JSON.parse(JSON.stringify(value)), metadata);
    return { ok: out instanceof SettlementIntakeRequest, value: JSON.parse(JSON.stringify(out)) as unknown };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { code: e.code, message: e.message, details: e.details };
  }
}

describe('validation pipe — DTOs that carry raw records (@CarriesRawRecords)', () => {
  // The pipe as it was: Nest's ValidationPipe with class-transformer copying the whole payload.
  const stock = new ValidationPipe({
    ...STRICT_VALIDATION_OPTIONS,
    exceptionFactory: (errors) => (createValidationPipe() as unknown as { exceptionFactory: (e: unknown) => unknown }).exceptionFactory(errors),
  });
  const sut = createValidationPipe();
  const record = { setl_id: 'S1', fee_list: [{ feedetl_sn: '1', cnt: 2, nested: { deep: [null, '', 0] } }], n: null, 数: '项目' };

  it.each([
    ['a batch', { settlements: [record, record, 'not a record', 7, null, []] }],
    ['an empty batch', { settlements: [] }],
    ['an oversized batch', { settlements: Array.from({ length: INTAKE_MAX_BATCH + 1 }, () => ({})) }],
    ['settlements not an array', { settlements: { setl_id: 'S1' } }],
    ['settlements missing', {}],
    ['settlements null', { settlements: null }],
    ['an unknown field', { settlements: [record], extra: 1 }],
    [
      'prototype keys beside settlements',
      JSON.parse('{"settlements": [{"setl_id": "S1"}], "__proto__": {"a": 1}, "constructor": 2, "prototype": 3}') as unknown,
    ],
    ['an array', [record]],
    ['a string', 'settlements'],
    ['null', null],
    ['nothing', undefined],
  ])('answers %s exactly as the copying pipe did', async (_name, value) => {
    const expected = await outcome(stock, value);
    await expect(outcome(sut, value)).resolves.toEqual(expected);
  });

  // The one difference: keys named __proto__, prototype or constructor inside a record are no
  // longer deleted (the copying pipe walked every record for them). The settlement mapper reads
  // only the NHSA fields it names and never merges a record into another object.
  it('hands the records on without copying them', async () => {
    const settlements = [record];
    const out = (await sut.transform({ settlements }, { type: 'body', metatype: SettlementIntakeRequest })) as SettlementIntakeRequest;
    expect(out).toBeInstanceOf(SettlementIntakeRequest);
    expect(out.settlements).toBe(settlements);
  });
});
