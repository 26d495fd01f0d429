import { Migration } from '@mikro-orm/migrations';

/**
 * Three more knowledge tables kept as effective-dated documents beside diagnoses, drug classes and
 * code sets: the ICD-10 医保版 diagnosis code table (疾病诊断编码异常), ICD-9-CM-3 operation
 * constraints by gender (手术操作编码与性别不符) and the restricted disease lists of 门诊慢特病 / 两病
 * (药品超限定病种目录范围使用).
 */
export class Migration20261210000000CodingKnowledge extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "kb"."knowledge_misc" drop constraint "knowledge_misc_kind_check"`);
    this.addSql(
      `alter table "kb"."knowledge_misc" add constraint "knowledge_misc_kind_check" check ("kind" in ('diagnoses', 'drugClasses', 'codeSets', 'diagnosisCodes', 'operations', 'diseaseLists'))`,
    );
  }
}
