import { LineIndex } from '../text/lineIndex';
import type { Fix, FixApplicability, Finding, TextEdit } from '../types';

/**
 * Applying fixes to text. Edits of one pass must not overlap (two insertions at the same place
 * count as overlapping: their order would be a guess); the ones that do wait for the next pass,
 * after re-analysis, the way ESLint's --fix loops.
 */

export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** Picks, from findings in one document, fixes that can be applied together in one pass. */
export function selectFixes(text: string, findings: Finding[], allowed: FixApplicability[]): Fix[] {
  const lines = new LineIndex(text);
  const taken: Array<{ start: number; end: number }> = [];
  const chosen: Fix[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => allowed.includes(x.applicability));
    if (!fix) continue;
    const spans = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }));
    const clash = spans.some((s) => taken.some((t) => overlaps(s, t)));
    if (clash) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  return chosen;
}

interface Span {
  start: number;
  end: number;
}

/** Overlapping ranges, two insertions at one point, or an insertion inside a replacement. */
function overlaps(s: Span, t: Span): boolean {
  if (s.start < t.end && t.start < s.end) return true;
  if (s.start === t.start) return true;
  const inside = (p: number, r: Span) => p > r.start && p < r.end;
  return (s.start === s.end && inside(s.start, t)) || (t.start === t.end && inside(t.start, s));
}
