import { isJapaneseText } from '../grammar';
import type { Edge } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';
import { makeEdge } from './edge';

/**
 * Colon lists of where to report, one case a line, under a lead about contacts:
 * 「②関係公機関への連絡先 / 盗難 :警察 / 忘れもの :駅等」 — the case is the condition, the
 * recipient follows the colon, the reporter is whoever the section speaks of.
 */

const CONTACT_LEAD = /連絡先|報告先|通報先|届出先|届け出先|連絡窓口|contacts?\b|report(?:ing)? to\b|notify\b/iu;
const LINE = /^[ \t\u3000・*-]*([^:：\n]{1,20}?)[ \t\u3000]*[:：][ \t\u3000]*([^\n]{1,60})$/u;

export function readColonLists(ctx: ReadingContext, u: Unit): Edge[] {
  const text = u.snippet.text;
  if (!text.includes('\n') || !/[:：]/u.test(text)) return [];
  const lines = text.split('\n');
  const lead = lines[0]!;
  if (!CONTACT_LEAD.test(lead) && !(u.section && CONTACT_LEAD.test(u.section.snippet.norm))) return [];
  const ms = ctx.mentionsOf(u);
  const japanese = isJapaneseText(u.snippet.norm);
  const out: Edge[] = [];
  let at = 0;
  for (const line of lines) {
    const start = at;
    at += line.length + 1;
    const m = LINE.exec(line);
    if (!m) continue;
    const valueStart = u.snippet.normIndexOfText(start + line.indexOf(m[2]!, line.indexOf(m[1]!) + m[1]!.length));
    const valueEnd = u.snippet.normIndexOfText(start + line.length);
    const to = ms.find((x) => x.start >= valueStart && x.end <= valueEnd);
    if (!to) continue;
    const from = ctx.contextSubject(u);
    const condition = m[1]!.trim();
    const e = makeEdge(u, from, ctx.endpoint(u, to), { urgencyText: m[2]!, conditionText: '', japanese }, 'colon');
    if (e) out.push({ ...e, condition: { text: condition, cyber: /サイバー|攻撃|不正アクセス|cyber|attack|malware/iu.test(condition) } });
  }
  return out;
}
