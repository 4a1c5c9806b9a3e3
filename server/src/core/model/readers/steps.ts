import { isJapaneseText } from '../grammar';
import type { Mention } from '../mentions';
import type { Edge } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';
import { makeEdge } from './edge';

/**
 * Numbered escalation steps: an ordered list whose items each start with a role
 * (「1. 報告窓口」「2. CSIRT責任者」…) under a heading or lead-in about reporting. Consecutive
 * items that state no edge of their own are chained.
 */

const ESCALATION_CONTEXT = /報告|連絡|通報|エスカレーション|経路|フロー|escalat|report|notif|chain|path/iu;

/** The steps among `units` (the document's, or one section's: a list never spans two). */
export function readSteps(ctx: ReadingContext, edgesByUnit: Map<number, number>, units: readonly Unit[] = ctx.units): Edge[] {
  const byList = new Map<number, Unit[]>();
  for (const u of units) {
    if (u.kind !== 'sentence' || !u.list?.ordered || !u.list.first) continue;
    const list = byList.get(u.list.listId) ?? [];
    list.push(u);
    byList.set(u.list.listId, list);
  }
  const out: Edge[] = [];
  for (const items of byList.values()) {
    if (items.length < 2) continue;
    const first = items[0]!;
    const context = [first.list?.leadIn?.snippet.norm ?? '', first.section?.snippet.norm ?? ''].join(' ');
    if (!ESCALATION_CONTEXT.test(context)) continue;
    for (let i = 0; i + 1 < items.length; i++) {
      const a = items[i]!;
      const b = items[i + 1]!;
      if ((edgesByUnit.get(a.index) ?? 0) > 0) continue;
      const ma = leadingMention(ctx, a);
      const mb = leadingMention(ctx, b);
      if (!ma || !mb) continue;
      const japanese = isJapaneseText(b.snippet.norm);
      const e = makeEdge(b, ctx.endpoint(a, ma), ctx.endpoint(b, mb), { urgencyText: b.snippet.norm, conditionText: a.snippet.norm, japanese }, 'steps');
      if (e) out.push({ ...e, span: { start: a.snippet.span.start, end: b.snippet.span.end } });
    }
  }
  return out;
}

function leadingMention(ctx: ReadingContext, u: Unit): Mention | undefined {
  const m = ctx.mentionsOf(u)[0];
  if (!m) return undefined;
  const lead = u.snippet.norm.slice(0, m.start);
  if (!/^(?:\s|まず|次に|最後に|then|first|finally|step\s*\d+[:.]?|\d+[.)]|\(\d+\)|[*_])*$/iu.test(lead)) return undefined;
  // A step that is a whole sentence says more than a name: it is read by the prose readers.
  const rest = u.snippet.norm.slice(m.end).trim();
  return rest.length <= 20 || /^[(（:：\-–—]/u.test(rest) ? m : undefined;
}
