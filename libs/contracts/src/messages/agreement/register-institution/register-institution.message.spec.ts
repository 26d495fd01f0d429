import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { usccCheckChar } from '@mi/domain';
import { flattenValidationErrors, STRICT_VALIDATION_OPTIONS } from '../../../validation/strict-dto';
import { RegisterInstitutionRequest } from './register-institution.message';

const first17 = '91430102MA4L12345';
const valid = {
  code: 'H43010200001',
  name: '长沙市第一人民医院',
  type: 'hospital',
  level: '3A',
  admdvs: '430102',
  uscc: `${first17}${usccCheckChar(first17)}`,
};

function errorsOf(input: Record<string, unknown>) {
  const dto = plainToInstance(RegisterInstitutionRequest, input);
  return flattenValidationErrors(validateSync(dto, STRICT_VALIDATION_OPTIONS));
}

describe('RegisterInstitutionRequest', () => {
  it('accepts a valid registration', () => {
    expect(errorsOf(valid)).toEqual([]);
  });

  it.each([
    ['code', 'X43010200001', /H or P/],
    ['code', 'H00010200001', /admdvs/],
    ['type', 'spa', /unknown/],
    ['level', '9Z', /unknown/],
    ['admdvs', '4301', /6 digits/],
    ['uscc', '91430102MA4L123450', /check character/],
    ['name', 'x', /name must be longer/],
  ])('refuses a bad %s (%s) naming the field and reason', (field, value, reason) => {
    const errors = errorsOf({ ...valid, [field]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe(field);
    expect(errors[0].reason).toMatch(reason);
  });

  it('refuses unknown fields', () => {
    expect(errorsOf({ ...valid, hacked: true })).toEqual([{ field: 'hacked', reason: 'unknown field' }]);
  });

  it('reports every missing field', () => {
    expect(
      errorsOf({})
        .map((e) => e.field)
        .sort(),
    ).toEqual(['admdvs', 'code', 'level', 'name', 'name', 'type', 'uscc']);
  });
});
