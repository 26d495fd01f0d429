import { Injectable } from '@nestjs/common';
import { type InstitutionView, Subjects } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';

/** What review needs to know about an institution: its level, type and regions (from the registry). */
export interface InstitutionFacts {
  code: string;
  level: number;
  type: string;
  admdvs: string;
  poolarea: string;
}

/** The registry's view of institutions (agreement-service), cached for a minute per code. */
@Injectable()
export class InstitutionDirectory {
  private readonly cache = new Map<string, { facts: InstitutionFacts; until: number }>();

  constructor(private readonly nats: MiNatsClient) {}

  async get(code: string): Promise<InstitutionFacts> {
    const hit = this.cache.get(code);
    if (hit && hit.until > Date.now()) return hit.facts;
    const view = await this.nats.request<InstitutionView>(Subjects.agreement.getInstitution, { code });
    const level = Number(view.level.charAt(0));
    const facts: InstitutionFacts = {
      code: view.code,
      level: level >= 1 && level <= 3 ? level : 0,
      type: view.type,
      admdvs: view.admdvs,
      poolarea: view.poolarea,
    };
    this.cache.set(code, { facts, until: Date.now() + 60_000 });
    if (this.cache.size > 50_000) this.cache.clear();
    return facts;
  }
}
