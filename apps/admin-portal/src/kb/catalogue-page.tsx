import type { ImportReport } from '@mi/contracts';
import { Space, Typography } from 'antd';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { FileImport, type ImportValues } from './file-import';

/** 知识库目录导入: a catalogue as CSV or Excel (drugs, services, consumables with their limits) for a province or city from a date; the report lists each rejected row. */
export function CataloguePage() {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.catalogue')}</Typography.Title>
      <FileImport<ImportValues, ImportReport> title={t('catalogue.title')} send={(body) => api.post('/api/v1/kb/catalogue/import', { body })} />
    </Space>
  );
}
