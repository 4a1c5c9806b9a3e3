import { PLACEHOLDER } from '../mentions';
import { isJapaneseText } from '../grammar';
import type { Edge } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';
import { makeEdge } from './edge';

/** Arrows: 「職員 → 報告窓口 → CSIRT責任者」, "Staff -> Hotline -> CSIRT lead" (also ⇒ ＞ =>). */

const ARROW = /\s*(?:->|→|⇒|➡|⟶|=>|>|⇨|＞)\s*/gu;

export function hasArrow(u: Unit): boolean {
  ARROW.lastIndex = 0;
  return ARROW.test(u.snippet.norm.replace(PLACEHOLDER, (m) => '_'.repeat(m.length)));
}

export function readArrows(ctx: ReadingContext, u: Unit): Edge[] {
  // The ">" of a placeholder such as <post> is not an arrow.
  const norm = u.snippet.norm.replace(PLACEHOLDER, (m) => '_'.repeat(m.length));
  ARROW.lastIndex = 0;
  if (!ARROW.test(norm)) return [];
  const ms = ctx.mentionsOf(u);
  const parts: Array<{ start: number; end: number }> = [];
  let last = 0;
  ARROW.lastIndex = 0;
  for (const m of norm.matchAll(ARROW)) {
    parts.push({ start: last, end: m.index! });
    last = m.index! + m[0].length;
  }
  parts.push({ start: last, end: norm.length });
  const japanese = isJapaneseText(norm);
  const out: Edge[] = [];
  for (let i = 0; i + 1 < parts.length; i++) {
    const a = parts[i]!;
    const b = parts[i + 1]!;
    // The sender is the last role of its part, the recipient the first of the next.
    const from = [...ms].reverse().find((m) => m.start >= a.start && m.end <= a.end);
    const to = ms.find((m) => m.start >= b.start && m.end <= b.end);
    if (!from || !to) continue;
    const e = makeEdge(u, ctx.endpoint(u, from), ctx.endpoint(u, to), { urgencyText: norm.slice(b.start, b.end), conditionText: norm.slice(0, a.end), japanese }, 'arrow');
    if (e) out.push(e);
  }
  return out;
}
