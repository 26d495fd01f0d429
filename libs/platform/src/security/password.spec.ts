import { argon2Sync } from 'node:crypto';
import { checkPasswordPolicy, hashPassword, PasswordPolicyRule, verifyPassword } from './password';

/** phc-winner-argon2 src/test.c reference vectors (argon2id, v=19, salt "somesalt", password "password"). */
const REFERENCE_PHC = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
const SMALL_REFERENCE_PHC = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4';

describe('password hashing', () => {
  describe('hashPassword', () => {
    it('writes an argon2id PHC string with the configured parameters and unpadded base64', async () => {
      const sut = await hashPassword('Correct-Horse-9-Battery');
      const match = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/.exec(sut);
      expect(match).not.toBeNull();
      const [salt, hash] = [Buffer.from(match![1], 'base64'), Buffer.from(match![2], 'base64')];
      expect(salt).toHaveLength(16);
      expect(hash).toHaveLength(32);
      // Independent recomputation with the synchronous API and the same parameters.
      const expected = argon2Sync('argon2id', { message: 'Correct-Horse-9-Battery', nonce: salt, parallelism: 1, tagLength: 32, memory: 19456, passes: 2 });
      expect(hash.equals(expected)).toBe(true);
    });

    it('salts randomly, so the same password hashes differently', async () => {
      expect(await hashPassword('Correct-Horse-9-Battery')).not.toBe(await hashPassword('Correct-Horse-9-Battery'));
    });

    it.each([[''], [undefined]])('refuses %p with VALIDATION', async (password) => {
      await expect(hashPassword(password as string)).rejects.toMatchObject({
        code: 'VALIDATION',
        details: { field: 'password', reason: 'must be a non-empty string' },
      });
    });
  });

  describe('verifyPassword', () => {
    it('accepts the right password and refuses a wrong one for a fresh hash', async () => {
      const phc = await hashPassword('Correct-Horse-9-Battery');
      await expect(verifyPassword('Correct-Horse-9-Battery', phc)).resolves.toBe(true);
      await expect(verifyPassword('correct-Horse-9-Battery', phc)).resolves.toBe(false);
      await expect(verifyPassword('Correct-Horse-9-Battery ', phc)).resolves.toBe(false);
    });

    it.each([REFERENCE_PHC, SMALL_REFERENCE_PHC])('verifies the argon2 reference vector %s, reading parameters from the string', async (phc) => {
      await expect(verifyPassword('password', phc)).resolves.toBe(true);
      await expect(verifyPassword('passwore', phc)).resolves.toBe(false);
    });

    it.each([
      ['a tampered hash', SMALL_REFERENCE_PHC.replace('nf65', 'nf66')],
      ['a tampered salt', SMALL_REFERENCE_PHC.replace('c29tZXNhbHQ', 'c29tZXNhbHR')],
      ['changed parameters', SMALL_REFERENCE_PHC.replace('t=2', 't=3')],
      ['argon2i', SMALL_REFERENCE_PHC.replace('argon2id', 'argon2i')],
      ['version 16', SMALL_REFERENCE_PHC.replace('v=19', 'v=16')],
      ['padded base64', `${SMALL_REFERENCE_PHC}=`],
      ['non-canonical base64 (stray bits)', SMALL_REFERENCE_PHC.replace('c29tZXNhbHQ', 'c29tZXNhbHR')],
      ['a missing hash', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ'],
      ['a short salt (< 8 bytes)', '$argon2id$v=19$m=256,t=2,p=1$c2FsdA$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
      ['a short hash (< 16 bytes)', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR'],
      ['memory beyond the bound (DoS from a doctored row)', '$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
      ['passes beyond the bound', '$argon2id$v=19$m=256,t=999,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
      ['zero passes', '$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
      ['memory below 8 × lanes', '$argon2id$v=19$m=8,t=2,p=2$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
      ['a bcrypt hash', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'],
      ['the plain password', 'password'],
      ['an empty string', ''],
    ])('is false, not an error, for %s', async (_name, phc) => {
      await expect(verifyPassword('password', phc)).resolves.toBe(false);
    });

    it('is false for an empty or non-string password or hash', async () => {
      await expect(verifyPassword('', SMALL_REFERENCE_PHC)).resolves.toBe(false);
      await expect(verifyPassword(undefined as unknown as string, SMALL_REFERENCE_PHC)).resolves.toBe(false);
      await expect(verifyPassword('password', null as unknown as string)).resolves.toBe(false);
    });
  });

  describe('on a runtime without crypto.argon2', () => {
    afterEach(() => jest.dontMock('node:crypto'));

    it('refuses hashing and verifying with a clear CONFIG.INVALID error', async () => {
      let isolated: typeof import('./password') | undefined;
      jest.isolateModules(() => {
        jest.doMock('node:crypto', () => ({ ...jest.requireActual<typeof import('node:crypto')>('node:crypto'), argon2: undefined }));
        isolated = jest.requireActual<typeof import('./password')>('./password');
      });
      const error = await isolated!.hashPassword('Correct-Horse-9-Battery').catch((e: unknown) => e);
      // isolateModules loads its own copy of @mi/domain, so the class is compared by name.
      expect(error).toMatchObject({ name: 'DomainError', code: 'CONFIG.INVALID', details: { field: 'runtime', reason: 'crypto.argon2 is unavailable' } });
      expect((error as Error).message).toMatch(/needs Node\.js 24\.7 or later/);
      await expect(isolated!.verifyPassword('password', SMALL_REFERENCE_PHC)).rejects.toMatchObject({ code: 'CONFIG.INVALID' });
    });
  });
});

describe('checkPasswordPolicy', () => {
  const context = { username: 'zhangsan' };

  it.each(['Correct-Horse-9', 'longpassword12!', 'LONGPASSWORD12!', 'Xiangtan#Audit', '长沙市医保局Audit2024', 'aaab-Bccc-1ddd'])('accepts %p', (password) => {
    expect(checkPasswordPolicy(password, context)).toEqual([]);
  });

  it.each([
    ['Short-9a', [PasswordPolicyRule.minLength]],
    ['12-char-ok', [PasswordPolicyRule.minLength]],
    ['alllowercaseletters', [PasswordPolicyRule.characterClasses]],
    ['lowercase-and-symbols', [PasswordPolicyRule.characterClasses]],
    ['MixedCaseLetters', [PasswordPolicyRule.characterClasses]],
    ['123456789012', [PasswordPolicyRule.characterClasses]],
    ['Hi-ZhangSan-2024', [PasswordPolicyRule.containsUsername]],
    ['ZHANGSAN#2024!x', [PasswordPolicyRule.containsUsername]],
    ['Password123!', [PasswordPolicyRule.common]],
    ['admin@123456', [PasswordPolicyRule.common]],
    ['1qaz2wsx3edc', [PasswordPolicyRule.characterClasses, PasswordPolicyRule.common]],
    ['Good-Pass-1111', [PasswordPolicyRule.repeated]],
    ['Good-Pass-aaaa', [PasswordPolicyRule.repeated]],
    ['aaaa', [PasswordPolicyRule.minLength, PasswordPolicyRule.characterClasses, PasswordPolicyRule.repeated]],
    ['', [PasswordPolicyRule.minLength, PasswordPolicyRule.characterClasses]],
  ])('refuses %p', (password, rules) => {
    expect(checkPasswordPolicy(password, context)).toEqual(rules);
  });

  it('allows exactly three identical characters in a row', () => {
    expect(checkPasswordPolicy('Good-Pass-111', context)).toEqual([]);
  });

  it('counts characters, not UTF-16 units, for the length rule', () => {
    expect(checkPasswordPolicy('医保基金监管平台Ab1', context)).toEqual([PasswordPolicyRule.minLength]);
  });

  it('skips the username rule for an empty username', () => {
    expect(checkPasswordPolicy('Correct-Horse-9', { username: '  ' })).toEqual([]);
  });

  it('states every rule in English and Chinese', () => {
    for (const rule of Object.values(PasswordPolicyRule)) expect(rule).toMatch(/^[ -~]+ \/ .*[\u4e00-\u9fff]/u);
  });
});
