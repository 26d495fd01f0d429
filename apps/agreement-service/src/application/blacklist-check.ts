import { type BlacklistStatusReply, CreditBlacklistSubjects } from '@mi/contracts';
import type { MiNatsClient } from '@mi/platform';

/**
 * One subject to look up: an institution (USCC and code), a practitioner, or a person by ID number
 * (a legal representative or controller; credit-service matches it by its lookup hash).
 */
export type BlacklistQuery = { uscc: string; institutionCode: string } | { practitionerCode: string } | { idNumber: string };

/** Is a subject on a dishonesty (black) list today? (AGR-04; #8: listed practitioners cannot be bound) */
export abstract class BlacklistCheck {
  abstract isListed(query: BlacklistQuery): Promise<boolean>;
}

/**
 * Asks credit-service over NATS (`mi.v1.credit.blacklist-status`). Fails closed: if credit-service
 * does not answer, the request fails (UNAVAILABLE/TIMEOUT) and nothing is accepted unchecked.
 */
export class CreditServiceBlacklistCheck extends BlacklistCheck {
  constructor(private readonly nats: MiNatsClient) {
    super();
  }

  async isListed(query: BlacklistQuery): Promise<boolean> {
    const reply = await this.nats.request<BlacklistStatusReply>(CreditBlacklistSubjects.blacklistStatus, query);
    return reply.listed;
  }
}

/** No lists at all (`BLACKLIST_SOURCE=none`: tests and deployments without credit-service); `add` lists a code or ID number. */
export class NoBlacklist extends BlacklistCheck {
  private readonly listed = new Set<string>();

  add(code: string): void {
    this.listed.add(code);
  }

  isListed(query: BlacklistQuery): Promise<boolean> {
    return Promise.resolve(Object.values(query).some((v: string) => this.listed.has(v)));
  }
}
