import { catchDomainError } from '../errors/catch-domain-error.testing';
import { Role } from './role.dictionary';

describe('Role dictionary', () => {
  it('lists the seven platform roles in declaration order', () => {
    expect(Role.codes).toEqual(['province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor', 'health-liaison', 'system-operator']);
  });

  it.each([
    ['province-admin', '省级管理员'],
    ['city-officer', '市级经办人员'],
    ['county-officer', '县级经办人员'],
    ['reviewer', '审核人员'],
    ['auditor', '审计员'],
    ['health-liaison', '卫健联络员'],
    ['system-operator', '系统运维'],
  ] as const)('labels %s as %s', (code, zh) => {
    expect(Role.label(code, 'zh')).toBe(zh);
    expect(Role.label(code, 'en')).not.toBe('');
  });

  it('parses a known role and refuses anything else, naming the field', () => {
    expect(Role.parse('auditor')).toBe('auditor');
    expect(Role.has('reviewer')).toBe(true);
    expect(Role.has('Reviewer')).toBe(false);
    expect(Role.has('admin')).toBe(false);

    const unknown = catchDomainError(() => Role.parse('admin', 'roles[0]'));
    expect(unknown.code).toBe('VALIDATION');
    expect(unknown.details.field).toBe('roles[0]');
    expect(unknown.details.reason).toMatch(/^unknown role code/);

    expect(catchDomainError(() => Role.parse(undefined)).details).toMatchObject({ field: 'role', reason: 'is required (role)' });
  });
});
