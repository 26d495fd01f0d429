import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export type HisSignatureMode = 'compatible' | 'strong';
export type HisClientAlgorithm = 'SHA256' | 'HMAC-SHA256' | 'HMAC-SM3';

/**
 * A HIS client credential of one designated institution: the `x-tif-paasid` and its secret
 * (the paas token), stored encrypted because verifying an HMAC needs the secret itself.
 */
@Entity({ tableName: 'his_client' })
export class HisClientEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  paasId: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  admdvs: string;

  /** compatible = national x-tif SHA-256 as HIS clients compute it today; strong = HMAC over a canonical request. */
  @Property({ type: 'text' })
  mode: HisSignatureMode;

  @Property({ type: 'text' })
  algorithm: HisClientAlgorithm;

  @Property({ type: 'text', hidden: true })
  secretEnc: string;

  @Property({ type: 'text' })
  status: 'active' | 'revoked';

  @Property({ type: 'int' })
  ratePerMinute: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  rotatedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
