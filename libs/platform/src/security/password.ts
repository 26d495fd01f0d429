import * as crypto from 'node:crypto';
import { promisify } from 'node:util';
import { DomainError } from '@mi/domain';

/**
 * Argon2id parameters: OWASP's minimum configuration (19 MiB, 2 passes, 1 lane). Stored in every
 * hash, so raising them later only affects new hashes.
 */
const PARAMS = { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 } as const;
const SALT_BYTES = 16;
/** Bounds on parameters read back from a stored hash, so a doctored row cannot exhaust memory or CPU. */
const LIMITS = {
  memory: { min: 8, max: 262144 },
  passes: { min: 1, max: 16 },
  parallelism: { min: 1, max: 16 },
  tag: { min: 16, max: 64 },
  salt: { min: 8, max: 64 },
};
const PHC = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

type Argon2Async = (algorithm: 'argon2id', parameters: crypto.Argon2Parameters) => Promise<Buffer>;
let argon2Async: Argon2Async | undefined;

function argon2(): Argon2Async {
  if (argon2Async === undefined) {
    if (typeof crypto.argon2 !== 'function') {
      throw new DomainError('CONFIG.INVALID', `node:crypto has no argon2 in Node.js ${process.version}; password hashing needs Node.js 24.7 or later`, {
        field: 'runtime',
        reason: 'crypto.argon2 is unavailable',
      });
    }
    argon2Async = promisify(crypto.argon2) as Argon2Async;
  }
  return argon2Async;
}

/** Standard base64 without padding, as PHC strings write salt and hash. */
function b64(buffer: Buffer): string {
  return buffer.toString('base64').replace(/=+$/, '');
}

function unb64(text: string): Buffer | null {
  if (text.length % 4 === 1) return null;
  const buffer = Buffer.from(text, 'base64');
  return b64(buffer) === text ? buffer : null;
}

/**
 * Hashes a password with Argon2id and a random 16-byte salt, returning the PHC string
 * `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (base64, no padding).
 */
export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string' || password === '') {
    throw new DomainError('VALIDATION', 'password: must be a non-empty string', { field: 'password', reason: 'must be a non-empty string' });
  }
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await argon2()('argon2id', { message: password, nonce: salt, ...PARAMS });
  return `$argon2id$v=19$m=${PARAMS.memory},t=${PARAMS.passes},p=${PARAMS.parallelism}$${b64(salt)}$${b64(hash)}`;
}

function within(value: number, bounds: { min: number; max: number }): boolean {
  return Number.isSafeInteger(value) && value >= bounds.min && value <= bounds.max;
}

/**
 * True when `password` matches the PHC string `phc`, re-deriving with the parameters stored in
 * it and comparing in constant time. False (never an error) for a malformed or out-of-bounds
 * hash, so a corrupt row fails the login instead of crashing it.
 */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  if (typeof password !== 'string' || password === '' || typeof phc !== 'string') return false;
  const match = PHC.exec(phc);
  if (match === null) return false;
  const [memory, passes, parallelism] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const salt = unb64(match[4]);
  const expected = unb64(match[5]);
  if (salt === null || expected === null) return false;
  if (!within(memory, LIMITS.memory) || !within(passes, LIMITS.passes) || !within(parallelism, LIMITS.parallelism)) return false;
  if (memory < 8 * parallelism || !within(salt.length, LIMITS.salt) || !within(expected.length, LIMITS.tag)) return false;
  const derive = argon2(); // outside the try: a runtime without argon2 is a loud error, not a failed login
  let actual: Buffer;
  try {
    actual = await derive('argon2id', { message: password, nonce: salt, memory, passes, parallelism, tagLength: expected.length });
  } catch {
    return false;
  }
  return crypto.timingSafeEqual(actual, expected);
}

/** The policy rules, as `checkPasswordPolicy` reports them (English / 中文). */
export const PasswordPolicyRule = {
  minLength: 'at least 12 characters / 至少 12 个字符',
  characterClasses: 'at least 3 of: lower-case, upper-case, digit, symbol / 至少包含小写字母、大写字母、数字、符号中的 3 类',
  containsUsername: 'must not contain the username / 不得包含用户名',
  common: 'must not be a common password / 不得使用常见密码',
  repeated: 'no more than 3 identical characters in a row / 同一字符不得连续出现超过 3 次',
} as const;

/** Passwords that satisfy the other rules yet top every leaked-password list (compared case-insensitively). */
const COMMON_PASSWORDS = new Set(
  [
    'Password123!',
    'Password@123',
    'P@ssw0rd1234',
    'P@ssword1234',
    'Admin@123456',
    'Admin123456!',
    'Admin@12345678',
    'Abc@12345678',
    'Abcd@1234567',
    'Qwer@1234567',
    'Qwerty@12345',
    '1qaz2wsx3edc',
    '1qaz@WSX3edc',
    '1qaz!QAZ2wsx',
    'Aa123456789!',
    'Aa@123456789',
    'Welcome@2024',
    'Welcome@2025',
    'Huawei@12345',
    'Root@1234567',
  ].map((password) => password.toLowerCase()),
);

/**
 * Checks a new password against the platform policy (等保 2.0 口令复杂度). Returns the violated
 * rules (see {@link PasswordPolicyRule}); an empty array means the password is acceptable.
 */
export function checkPasswordPolicy(password: string, context: { username: string }): string[] {
  const violations: string[] = [];
  const characters = [...password];
  if (characters.length < 12) violations.push(PasswordPolicyRule.minLength);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) violations.push(PasswordPolicyRule.characterClasses);
  const username = context.username.trim().toLowerCase();
  if (username !== '' && password.toLowerCase().includes(username)) violations.push(PasswordPolicyRule.containsUsername);
  if (COMMON_PASSWORDS.has(password.toLowerCase())) violations.push(PasswordPolicyRule.common);
  if (/(.)\1{3}/su.test(password)) violations.push(PasswordPolicyRule.repeated);
  return violations;
}
