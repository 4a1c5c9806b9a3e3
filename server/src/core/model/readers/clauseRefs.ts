import type { ClauseRef } from '../types';
import type { Unit } from '../units';

/** Explicit clause references: 「統一基準2.2.4(1)(a)」, `２．２．４（１）（ａ）`, "Unified Standard 2.2.4(1)(a)". */

const CLAUSE = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{1,2})((?:\(\d{1,2}\))(?:\([a-z]\))?)?(?![\d]|\.\d)/gu;

export function findClauseRefs(u: Unit): ClauseRef[] {
  const norm = u.snippet.norm;
  const out: ClauseRef[] = [];
  for (const m of norm.matchAll(CLAUSE)) {
    const section = `${m[1]}.${m[2]}.${m[3]}`;
    out.push({ id: section + (m[4] ?? ''), section, raw: u.snippet.textOfNorm(m.index!, m.index! + m[0].length), span: u.snippet.spanOfNorm(m.index!, m.index! + m[0].length) });
  }
  return out;
}
