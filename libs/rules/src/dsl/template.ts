/**
 * `vola_cont` / `vola_evid` templates: literal text with `{{name}}` placeholders filled from the
 * finding's facts. No expressions, filters or code — a placeholder is a name, nothing more.
 */
export type TemplatePart = { readonly text: string } | { readonly name: string };

export type TemplateParse = { readonly ok: true; readonly parts: readonly TemplatePart[] } | { readonly ok: false; readonly reason: string };

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)\s*\}\}/g;

export function parseTemplate(source: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    const index = match.index;
    const literal = source.slice(last, index);
    if (literal.includes('{{') || literal.includes('}}')) return { ok: false, reason: `malformed placeholder near "${literal.slice(-20)}"` };
    if (literal !== '') parts.push({ text: literal });
    parts.push({ name: match[1] });
    last = index + match[0].length;
  }
  const tail = source.slice(last);
  if (tail.includes('{{') || tail.includes('}}')) return { ok: false, reason: `malformed placeholder near "${tail.slice(0, 20)}"` };
  if (tail !== '') parts.push({ text: tail });
  return { ok: true, parts };
}

export function placeholderNames(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((p) => ('name' in p ? [p.name] : []));
}

export function renderTemplate(parts: readonly TemplatePart[], lookup: (name: string) => string): string {
  return parts.map((p) => ('name' in p ? lookup(p.name) : p.text)).join('');
}
