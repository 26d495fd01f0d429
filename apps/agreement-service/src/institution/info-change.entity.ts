import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { InfoChangeItemView } from '@mi/contracts';

/** 重大信息变更 — one approved and applied change application (AGR-06). */
@Entity({ tableName: 'info_change' })
export class InfoChangeEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'uuid', unique: true })
  approvalId: string;

  @Property({ type: 'json' })
  changes: InfoChangeItemView[];

  /** The day the other authority approved the change. */
  @Property({ type: 'date' })
  approvedOn: string;

  @Property({ type: 'text' })
  approvedBy: string;

  @Property({ type: 'date' })
  filedOn: string;

  @Property({ type: 'date' })
  deadline: string;

  @Property({ type: 'boolean' })
  late: boolean;

  @Property({ type: 'integer' })
  workingDaysLate: number;

  @Property({ type: 'json' })
  materials: string[];

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'timestamptz' })
  appliedAt: Date;

  @Property({ type: 'uuid', nullable: true })
  agreementId?: string | null;
}
