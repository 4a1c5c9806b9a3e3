import type { DocumentModel } from './model/document';
import { withoutPlaceholders } from './model/placeholders';
import type { Finding, Range, Span } from './types';

/**
 * In-source suppressions, written as HTML comments so they do not render:
 *   <!-- kijun-disable-next-line ciso-reporting -- 例外措置申請 2026-014 により承認 -->
 *   <!-- kijun-disable ciso-reporting -- reason -->  …  <!-- kijun-enable ciso-reporting -->
 *   <!-- kijun-disable-file rule -- reason -->
 * The text after `--` is the justification (the standard's exception process requires a
 * recorded reason). No rule list means every rule. A justification that is only a placeholder
 * (〔理由〕, `<reason>`, [TBD] — what the quick fix writes for the author to fill) records no
 * reason: the suppression still applies, but it is not a justified exception.
 */
export interface Suppression {
  kind: 'next-line' | 'range' | 'file';
  rules: string[];
  justification: string;
  /** The justification says something: not empty, not only placeholders or punctuation. */
  justified: boolean;
  /** The placeholders the justification consists of, when that is all it has (〔理由〕). */
  placeholders: string[];
  /** Where the comment is. */
  span: Span;
  range: Range;
  /** Lines covered, 0-based inclusive. */
  fromLine: number;
  toLine: number;
  used: boolean;
}

export interface SuppressedFinding {
  finding: Finding;
  suppression: Suppression;
}

const DIRECTIVE = /^<!--\s*kijun-(disable-next-line|disable-file|disable|enable)\b([\s\S]*?)-->$/u;

export function readSuppressions(doc: DocumentModel): Suppression[] {
  const out: Suppression[] = [];
  const open = new Map<string, Suppression>();
  const lastLine = doc.lines.lineCount - 1;
  for (const c of doc.comments) {
    const m = DIRECTIVE.exec(c.value.trim());
    if (!m) continue;
    const [head, ...rest] = m[2]!.split(/\s--(?:\s|$)/u);
    const rules = head!.split(/[\s,]+/u).filter(Boolean);
    const justification = rest.join(' -- ').trim();
    const left = withoutPlaceholders(justification);
    const justified = /[\p{L}\p{N}]/u.test(left.rest);
    const range = doc.lines.range(c.span);
    if (m[1] === 'enable') {
      for (const key of rules.length ? rules : [...open.keys()]) {
        const s = open.get(key);
        if (s) {
          s.toLine = range.start.line;
          open.delete(key);
        }
      }
      continue;
    }
    const kind = m[1] === 'disable-next-line' ? 'next-line' : m[1] === 'disable-file' ? 'file' : 'range';
    const s: Suppression = {
      kind,
      rules,
      justification,
      justified,
      placeholders: justified ? [] : left.found,
      span: c.span,
      range,
      fromLine: kind === 'file' ? 0 : kind === 'next-line' ? range.end.line + 1 : range.start.line,
      toLine: kind === 'next-line' ? range.end.line + 1 : lastLine,
      used: false,
    };
    if (kind === 'next-line') {
      // The next line that has text: a blank line between comment and target is allowed.
      let line = range.end.line + 1;
      while (line < lastLine && doc.text.slice(doc.lines.lineStart(line), doc.lines.lineEnd(line)).trim() === '') line++;
      s.fromLine = line;
      s.toLine = line;
    }
    if (kind === 'range') for (const key of rules.length ? rules : ['*']) open.set(key, s);
    out.push(s);
  }
  return out;
}

export function suppressionFor(finding: Finding, suppressions: Suppression[]): Suppression | undefined {
  const line = finding.range.start.line;
  return suppressions.find((s) => (s.rules.length === 0 || s.rules.includes(finding.rule)) && line >= s.fromLine && line <= s.toLine);
}
