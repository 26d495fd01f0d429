import { DomainError } from '@mi/domain';
import { refuseUnstorable } from './nhsa-parse';

describe('refuseUnstorable', () => {
  it.each([
    ['a NUL', '张三\u0000'],
    ['a bell', 'x\u0007y'],
    ['DEL', 'x\u007f'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
  ])('refuses text with %s, naming the field', (_what, text) => {
    try {
      refuseUnstorable(text, 'settlements[0].fee_list[1].hilist_name');
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details.field).toBe('settlements[0].fee_list[1].hilist_name');
    }
  });

  it.each([
    ['Chinese', '阿莫西林胶囊'],
    ['an emoji (a surrogate pair)', '药😀'],
    ['tab and newline', 'a\tb\nc'],
    ['empty', ''],
  ])('accepts %s', (_what, text) => {
    expect(() => refuseUnstorable(text, 'f')).not.toThrow();
  });
});
