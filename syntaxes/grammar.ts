import rolesData from '../server/src/lexicon/roles.json';

/** The injection grammar as data: clause ids and the lexicon's role terms inside Markdown text. */
export function buildGrammar(): Record<string, unknown> {
  const terms = new Set<string>();
  for (const r of rolesData.roles) {
    for (const t of [...r.ja, ...r.en] as Array<string | { term: string; contextual?: boolean }>) {
      const term = typeof t === 'string' ? t : t.contextual ? undefined : t.term;
      if (term && term.length >= 2) terms.add(term);
    }
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/ /gu, '\\s+');
  const sorted = [...terms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const ascii = sorted.filter((t) => /^[\x20-\x7e]+$/u.test(t)).map(escape);
  const japanese = sorted.filter((t) => !/^[\x20-\x7e]+$/u.test(t)).map(escape);
  // Full-width forms are matched too: ２．２．４（１）（ａ）.
  const d = '[0-9０-９]';
  const dot = '[.．]';
  const open = '[(（]';
  const close = '[)）]';
  const clause = `(?:統一基準|政府統一基準|Unified\\s+Standard\\s+)?(?<![0-9０-９.．])${d}${dot}${d}${dot}${d}(?:${open}${d}{1,2}${close})?(?:${open}[a-zａ-ｚ]${close})?(?![0-9０-９]|[.．][0-9０-９])`;
  const patterns = [
    { name: 'constant.other.reference.clause.kijun', match: clause },
    { name: 'entity.name.type.role.kijun', match: `(?:${japanese.join('|')})` },
    { name: 'entity.name.type.role.kijun', match: `(?i)\\b(?:${ascii.join('|')})\\b` },
  ];
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Kijun clause and role highlighting',
    scopeName: 'kijun.markdown.injection',
    injectionSelector: 'L:text.html.markdown -markup.fenced_code -markup.inline.raw -meta.embedded',
    patterns: [{ include: '#kijun' }],
    repository: { kijun: { patterns } },
  };
}
