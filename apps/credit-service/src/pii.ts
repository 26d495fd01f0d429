import { PiiCipher } from '@mi/platform';
import { assertProductionPiiKeys, type CreditConfig } from './config';

/** The service's cipher for personal identifiers (development keys refused in production). */
export function creditPiiCipher(config: CreditConfig): PiiCipher {
  assertProductionPiiKeys(config);
  return PiiCipher.fromConfig(config.PII_KEYS, config.PII_ACTIVE_KEY, config.PII_HASH_KEY);
}
