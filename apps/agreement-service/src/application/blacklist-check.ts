import { type BlacklistStatusReply, CreditBlacklistSubjects } from '@mi/contracts';
import type { MiNatsClient } from '@mi/platform';

/** Is an applicant on a dishonesty (black) list today? (AGR-04) */
export abstract class BlacklistCheck {
  abstract isBlacklisted(uscc: string, institutionCode: string): Promise<boolean>;
}

/**
 * Asks credit-service over NATS (`mi.v1.credit.blacklist-status`). Fails closed: if credit-service
 * does not answer, the request fails (UNAVAILABLE/TIMEOUT) and no application is accepted unchecked.
 */
export class CreditServiceBlacklistCheck extends BlacklistCheck {
  constructor(private readonly nats: MiNatsClient) {
    super();
  }

  async isBlacklisted(uscc: string, institutionCode: string): Promise<boolean> {
    const reply = await this.nats.request<BlacklistStatusReply>(CreditBlacklistSubjects.blacklistStatus, { uscc, institutionCode });
    return reply.listed;
  }
}

/** No lists at all (`BLACKLIST_SOURCE=none`: tests and deployments without credit-service); `add` lists a code. */
export class NoBlacklist extends BlacklistCheck {
  private readonly listed = new Set<string>();

  add(code: string): void {
    this.listed.add(code);
  }

  isBlacklisted(uscc: string, institutionCode: string): Promise<boolean> {
    return Promise.resolve(this.listed.has(uscc) || this.listed.has(institutionCode));
  }
}
