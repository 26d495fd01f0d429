import { maskText, maskValue } from './pii-mask';
import { JsonLogger } from './json-logger';

describe('PII masking', () => {
  it('masks 18-character ID numbers inside text, keeping 4 + 4', () => {
    expect(maskText('certno=43010219900101123X ok')).toBe('certno=4301**********123X ok');
    expect(maskText('43010219900101123x')).toBe('4301**********123x');
  });

  it('leaves longer digit runs (e.g. institution ids, amounts) alone', () => {
    expect(maskText('4301021990010112345')).toBe('4301021990010112345');
    expect(maskText('H43010200001')).toBe('H43010200001');
  });

  it('masks mobile numbers', () => {
    expect(maskText('tel 13912345678.')).toBe('tel 139****5678.');
  });

  it('masks name fields and redacts secrets in nested objects', () => {
    expect(maskValue({ psn_name: '张三丰', patient: { patn_name: '李四' }, password: 'x', list: [{ certno: '43010219900101123X' }] })).toEqual({
      psn_name: '张**',
      patient: { patn_name: '李*' },
      password: '[redacted]',
      list: [{ certno: '4301**********123X' }],
    });
  });

  it('the JSON logger writes one masked object per line', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('svc', 'log', (l) => lines.push(l));
    logger.log({ msg: 'settled', certno: '43010219900101123X' }, 'Ctx');
    logger.debug('not written at level log');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'log', service: 'svc', context: 'Ctx', msg: 'settled', certno: '4301**********123X' });
  });
});
