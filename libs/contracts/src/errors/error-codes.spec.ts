import { httpStatusForCode } from './error-codes';

describe('httpStatusForCode', () => {
  it.each([
    ['VALIDATION', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['RATE_LIMITED', 429],
    ['INTERNAL', 500],
    ['UNAVAILABLE', 503],
    ['TIMEOUT', 504],
    ['AGREEMENT.NOT_ACTIVE', 409],
    ['AGREEMENT.INSTITUTION.NOT_FOUND', 404],
    ['REVIEW.FORBIDDEN', 403],
    ['MONEY.INVALID', 400],
    ['SOMETHING', 500],
    ['FORBIDDEN.REGION', 403],
    ['FORBIDDEN.ROLE', 403],
    ['AUTH.LOCKED', 423],
    ['AUTH.DISABLED', 403],
  ])('%s → %d', (code, status) => {
    expect(httpStatusForCode(code)).toBe(status);
  });
});
