import { articleNo, termsFor } from './agreement-template';

describe('the agreement text from the model agreement (协议范本)', () => {
  it('numbers articles in Chinese', () => {
    expect([1, 9, 10, 11, 19, 20, 21].map(articleNo)).toEqual(['第一条', '第九条', '第十条', '第十一条', '第十九条', '第二十条', '第二十一条']);
  });

  it('gives a pharmacy the pharmacy articles, not the hospital ones, numbered without gaps', () => {
    const sut = termsFor('430100', 'pharmacy', '0', { westernStockingRatePct: 80, selfPayRatioPct: 10 });
    const keys = sut.articles.map((a) => a.key);
    expect(keys).toContain('pharmacy');
    expect(keys).not.toContain('inpatient');
    expect(keys).not.toContain('physicians');
    expect(sut.articles.map((a) => a.no)).toEqual(sut.articles.map((_, i) => articleNo(i + 1)));
    expect(sut.articles.find((a) => a.key === 'indicators')?.text).toContain('西药备药率不低于80%；个人自费比例不高于10%。');
    expect(sut).toMatchObject({ templateId: 'PROV-MODEL', version: '2025.1' });
  });

  it('gives a level-3 hospital the DRG/DIP article and money indicators in yuan; a level-1 hospital not the DRG/DIP one', () => {
    const big = termsFor('430100', 'hospital', '3A', { costPerAdmissionFen: '1234500', averageStayDays: 9 });
    expect(big.articles.map((a) => a.key)).toEqual(expect.arrayContaining(['inpatient', 'physicians', 'payment-reform']));
    expect(big.articles.find((a) => a.key === 'indicators')?.text).toContain('次均住院费用不高于12345.00元；平均住院日不高于9天');
    expect(termsFor('430100', 'hospital', '1B', {}).articles.map((a) => a.key)).not.toContain('payment-reform');
  });

  it('leaves out the indicator article when none were agreed, and puts a city’s article before the breach article', () => {
    const qz = termsFor('350521', 'pharmacy', '0', {});
    const keys = qz.articles.map((a) => a.key);
    expect(keys).not.toContain('indicators');
    expect(keys.indexOf('qz-24h')).toBe(keys.indexOf('breach') - 1);
    expect(termsFor('350521', 'hospital', '2A', {}).articles.map((a) => a.key)).not.toContain('qz-24h');
  });
});
