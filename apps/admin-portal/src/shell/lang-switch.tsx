import { Button } from 'antd';
import { useI18n } from '../i18n/i18n';

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button size="small" type="text" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-switch">
      {t('lang.switch')}
    </Button>
  );
}
