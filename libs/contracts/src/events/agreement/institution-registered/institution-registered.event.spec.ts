import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, STRICT_VALIDATION_OPTIONS } from '../../../validation/strict-dto';
import { InstitutionRegisteredEvent } from './institution-registered.event';

const event = {
  id: '01a206ef-8368-75e7-ae5a-68b830ca9ee0',
  type: 'InstitutionRegistered',
  version: 1,
  occurredAt: '2026-11-23T05:44:49.768Z',
  admdvs: '430102',
  aggregateId: 'H43010200001',
  payload: { code: 'H43010200001', name: '长沙市第一人民医院', type: 'hospital', level: '3A', admdvs: '430102', poolarea: '430100' },
};

const check = (e: unknown) => flattenValidationErrors(validateSync(plainToInstance(InstitutionRegisteredEvent, e), STRICT_VALIDATION_OPTIONS));

describe('InstitutionRegisteredEvent', () => {
  it('accepts a well-formed envelope', () => {
    expect(check(event)).toEqual([]);
  });

  it('refuses a non-v7 id, a wrong type and a bad nested payload field with its path', () => {
    const errors = check({ ...event, id: 'not-a-uuid', type: 'Other', payload: { ...event.payload, poolarea: '12' } });
    expect(errors.map((e) => e.field).sort()).toEqual(['id', 'payload.poolarea', 'type']);
  });

  it('refuses unknown payload fields', () => {
    expect(check({ ...event, payload: { ...event.payload, extra: 1 } })).toEqual([{ field: 'payload.extra', reason: 'unknown field' }]);
  });
});
