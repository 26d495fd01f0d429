import { parseTemplate, placeholderNames, renderTemplate } from './template';

describe('templates', () => {
  it('splits text and placeholders', () => {
    const parsed = parseTemplate('{{line.name}}超出{{ amount }}元');
    expect(parsed).toEqual({ ok: true, parts: [{ name: 'line.name' }, { text: '超出' }, { name: 'amount' }, { text: '元' }] });
    if (!parsed.ok) throw new Error('unreachable');
    expect(placeholderNames(parsed.parts)).toEqual(['line.name', 'amount']);
    expect(renderTemplate(parsed.parts, (n) => `<${n}>`)).toBe('<line.name>超出<amount>元');
  });

  it.each(['{{line.name', 'x }} y', '{{a.b.c}}', '{{ 1 + 1 }}', '{{}}'])('refuses %p', (source) => {
    expect(parseTemplate(source).ok).toBe(false);
  });

  it('accepts plain text', () => {
    expect(parseTemplate('无占位符')).toEqual({ ok: true, parts: [{ text: '无占位符' }] });
  });
});
