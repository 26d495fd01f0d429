import { Migration } from '@mikro-orm/migrations';

/**
 * Each credit-file entry names the subject of the event it came from (with `source`, the emitting
 * context, and `source_event_id`). Entries written before are back-filled from their kind.
 */
export class Migration20261123000900EntrySource extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credit"."credit_file_entry" add column "source_subject" text`);
    this.addSql(`update "credit"."credit_file_entry" set "source_subject" = case "kind"
      when 'REGISTERED' then 'evt.agreement.InstitutionRegistered'
      when 'SUSPENDED' then 'evt.agreement.AgreementSuspended'
      when 'TERMINATED' then 'evt.agreement.AgreementTerminated'
      when 'POINTS' then 'evt.agreement.PointsDeducted'
      when 'VIOLATION' then 'evt.review.ViolationConfirmed'
      when 'DEDUCTION' then 'evt.review.DeductionConfirmed'
    end`);
  }
}
