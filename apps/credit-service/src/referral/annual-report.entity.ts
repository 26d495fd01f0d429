import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ReferralAnnualReport, ReferralDepartment } from '@mi/contracts';

type Snapshot = Omit<ReferralAnnualReport, 'submissions' | 'reportOverdue'>;

/** 年度移送情况报告 — a department's report of a year for a region: submitted (with its snapshot) or overdue. */
@Entity({ tableName: 'referral_annual_report' })
export class ReferralAnnualReportEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'integer' })
  year: number;

  @Property({ type: 'text' })
  issuer: ReferralDepartment;

  @Property({ type: 'date' })
  dueBy: string;

  @Property({ type: 'timestamptz', nullable: true })
  submittedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  submittedBy?: string | null;

  @Property({ type: 'boolean' })
  late: boolean;

  /** The report as submitted: what the department answered for, whatever changes later. */
  @Property({ type: 'json', nullable: true })
  snapshot?: Snapshot | null;

  @Property({ type: 'timestamptz', nullable: true })
  overdueNotifiedAt?: Date | null;
}
