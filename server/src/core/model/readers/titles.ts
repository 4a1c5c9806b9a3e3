import { afterMention } from '../grammar';
import { holderKey } from '../holders';
import type { TitleDefinition } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';

/**
 * Titles the text defines as roles of the organization — a heading that is a title
 * (「### 情報セキュリティ監査責任者」), a title established (「…監査責任者を置く」) — and short names
 * (「大臣官房情報セキュリティ対策推進室（以下「推進室」という。）」, 'Incident Response Lead ("IRT Lead")').
 */

export interface Alias {
  short: string;
  long: string;
}

const ALIAS_JA = /\(以下「([^」]{1,30})」という。?\)/gu;
const ALIAS_EN = /\((?:hereinafter\s+)?(?:the\s+)?["“]([^"”]{1,40})["”]\)/giu;
const ESTABLISH = /^(?:を|は)?(?:置く|置き|設置|設け|新設|置かれ)|^\s*(?:is|are|shall be|will be)\s+(?:established|appointed|set up|created)/u;

export function readTitleDefinitions(ctx: ReadingContext, u: Unit, out: TitleDefinition[], aliases: Alias[]): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  if (u.kind === 'heading') {
    const stripped = norm.replace(/^[\s\d.()第条章節:：\-]+/u, '');
    const offset = norm.length - stripped.length;
    // "External or Customer Liaison": a title with an alternative first word is a title too.
    const m = ms.find((x) => x.title && (x.end - x.start >= stripped.length * 0.6 || (x.end >= norm.trimEnd().length && /^[a-z][\w-]*\s*(?:or|\/)\s*$/iu.test(norm.slice(offset, x.start)))));
    if (m) out.push({ key: m.title!, display: m.display, span: u.snippet.spanOfNorm(m.start, m.end) });
    return;
  }
  for (const m of ms) {
    if (m.title && ESTABLISH.test(afterMention(norm, m))) out.push({ key: m.title, display: m.display, span: u.snippet.spanOfNorm(m.start, m.end) });
  }
  for (const pattern of [ALIAS_JA, ALIAS_EN]) {
    pattern.lastIndex = 0;
    for (const a of norm.matchAll(pattern)) {
      const at = a.index! + a[0].indexOf(a[1]!);
      const inner = ms.find((m) => m.start >= at && m.end <= at + a[1]!.length);
      const key = inner?.title ?? holderKey(a[1]!);
      out.push({ key, display: a[1]!, span: u.snippet.spanOfNorm(at, at + a[1]!.length) });
      // The phrase being abbreviated is defined too.
      const prev = [...ms].reverse().find((m) => m.end <= a.index! && m.title);
      if (prev) {
        out.push({ key: prev.title!, display: prev.display, span: u.snippet.spanOfNorm(prev.start, prev.end) });
        aliases.push({ short: holderKey(key), long: holderKey(prev.title!) });
      }
    }
  }
}
