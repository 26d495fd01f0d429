import { Migration } from '@mikro-orm/migrations';

/**
 * Schema `credit`: listed persons' ID numbers leave the clear. `subject_code` keeps what may be
 * shown (the code, or a masked ID number), `subject_key` what is matched on (the code, or the
 * HMAC lookup hash of the ID number), `subject_code_enc` the ID number encrypted (PiiCipher).
 */
export class Migration20261123000700ListSubjectKey extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credit"."list_decision" add column "subject_key" text, add column "subject_code_enc" text`);
    this.addSql(`update "credit"."list_decision" set "subject_key" = "subject_code" where "subject_key" is null`);
    this.addSql(`alter table "credit"."list_decision" alter column "subject_key" set not null`);
    this.addSql(`alter table "credit"."list_decision" drop constraint "list_decision_admdvs_decision_no_subject_type_subject_code_key"`);
    this.addSql(
      `alter table "credit"."list_decision" add constraint "list_decision_subject_unique" unique ("admdvs", "decision_no", "subject_type", "subject_key")`,
    );
    this.addSql(`drop index "credit"."list_decision_subject_index"`);
    this.addSql(`create index "list_decision_subject_index" on "credit"."list_decision" ("subject_type", "subject_key")`);
    this.addSql(
      `alter table "credit"."list_decision" add constraint "list_decision_person_encrypted" check (("subject_type" in ('legal-representative', 'controller')) = ("subject_code_enc" is not null))`,
    );
  }
}
