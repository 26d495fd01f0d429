import type { ClearingBandsView } from '@mi/contracts';
import { Button, Form, Input, Select } from 'antd';
import { useSearchParams } from 'react-router';
import { useAuth } from '../auth/auth';
import { shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { citiesOf, regionName } from '../shell/regions';

export const INSUTYPES = ['310', '390', '510'] as const;
export const YEAR = /^(20\d{2}|2100)$/;
export const INSTITUTION = /^[A-Za-z][0-9]{11}$/;
export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
/** 0–100 with up to 2 decimals (the server's pattern). */
export const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/** A pooling region, year and insurance type: what budgets, indicators and clearings are kept by. */
export interface FundKey {
  admdvs: string;
  year: string;
  insutype: string;
}

/**
 * The key in the page's query string (so a screen can be left and revisited, and linked): the user's
 * first city, this year (or `defaultYear`, e.g. the last one where only an ended year is settled), 310 by default.
 */
export function useFundKey(defaultYear = shanghaiToday().slice(0, 4)): [FundKey, (k: FundKey) => void] {
  const { user, region } = useAuth();
  const [params, setParams] = useSearchParams();
  const cities = citiesOf(user?.scope ?? '');
  const preferred = cities.find((c) => c === region) ?? cities[0] ?? '';
  const key: FundKey = {
    admdvs: params.get('admdvs') ?? preferred,
    year: params.get('year') ?? defaultYear,
    insutype: params.get('insutype') ?? '310',
  };
  return [key, (k) => setParams({ admdvs: k.admdvs, year: k.year, insutype: k.insutype })];
}

/** City, year and insurance type in one line; `onChange` when submitted valid. */
export function FundKeyForm({ value, onChange, withInsutype = true }: { value: FundKey; onChange(k: FundKey): void; withInsutype?: boolean }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const cities = citiesOf(user?.scope ?? '');
  return (
    <Form<FundKey>
      layout="inline"
      name="fund-key"
      data-testid="fund-key"
      initialValues={value}
      key={`${value.admdvs}-${value.year}-${value.insutype}`}
      onFinish={(v) => onChange({ ...value, ...v, year: v.year.trim() })}
    >
      <Form.Item name="admdvs" label={t('fund.city')} rules={[{ required: true }]}>
        <Select style={{ width: 180 }} options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))} />
      </Form.Item>
      <Form.Item name="year" label={t('fund.year')} rules={[{ required: true, pattern: YEAR, message: t('fund.yearInvalid') }]}>
        <Input style={{ width: 90 }} />
      </Form.Item>
      {withInsutype && (
        <Form.Item name="insutype" label={t('fund.insutype')} rules={[{ required: true }]}>
          <Select style={{ width: 240 }} options={INSUTYPES.map((i) => ({ value: i, label: t(`fund.insutypeName.${i}`) }))} />
        </Form.Item>
      )}
      <Button htmlType="submit" type="primary" data-testid="fund-key-submit">
        {t('fund.load')}
      </Button>
    </Form>
  );
}

/** Clearing bands as words: `至指标的 5%: 70%`, `其余部分: 0%`. */
export function BandList({ bands, side }: { bands: ClearingBandsView; side: 'overspend' | 'surplus' }) {
  const { t } = useI18n();
  const rows =
    side === 'overspend'
      ? bands.overspend.map((b) => [b.upToPercent, b.fundSharePercent] as const)
      : bands.surplus.map((b) => [b.upToPercent, b.retainedPercent] as const);
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid={`bands-${side}`}>
      {rows.map(([upTo, share], i) => (
        <li key={i}>
          {upTo === null ? t('band.rest') : t('band.upTo', { p: upTo })}: {share}%
        </li>
      ))}
    </ul>
  );
}
