import type { CaseOutcome, CaseStage } from '@mi/contracts';
import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';

const COLORS: Record<CaseStage, string> = {
  INITIAL: 'blue',
  RE_REVIEW: 'geekblue',
  APPEAL: 'gold',
  VERIFY: 'orange',
  DISPOSAL: 'volcano',
  CLOSED: 'default',
};

/** A case's stage (and, once closed, its outcome). */
export function StageTag({ stage, outcome }: { stage: CaseStage; outcome?: CaseOutcome | null }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[stage]} data-testid="stage">
      {t(`stage.${stage}`)}
      {outcome ? ` · ${t(`outcome.${outcome}`)}` : ''}
    </Tag>
  );
}
