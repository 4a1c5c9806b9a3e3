import type { Assignment, Edge, Unread } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';

/**
 * Plausible evidence beside the strict readers: a sentence that names a role next to an
 * assignment-like word, or a reporting verb next to a recipient, from which no reader read an
 * assignment or an edge. Rules stay silent about a *missing* thing such a sentence may state
 * (checks.md: a statement the analyzer sees but cannot read completely keeps the finding silent),
 * and `kijun inspect` lists it, so the next reader can be written from it.
 */

const ASSIGN_WORD = /充て|あて|指名|任命|選任|指定|とする|とし|担当|務め|兼ね|当たる|あたる|置く|置き|就く|appoint|designat|assign|serves?\s+as|acts?\s+as|is\s+the|are\s+the|held by|filled by|[:：]/iu;
const REPORT_WORD = /報告|連絡|通報|届け?出|一報|通知|エスカレ|report|notif|inform|escalat|contact|alert/iu;
/** A negated statement assigns nothing (「…を兼ねてはならない」, "must not also serve as"). */
const NEGATED = /てはならない|てはいけない|ないものとする|兼ねない|禁止|\b(?:not|never|no one|nobody)\b/iu;
const ROLES_WATCHED = new Set(['csirt-lead', 'contact-point', 'ciso', 'csirt-member']);

export function readUnread(ctx: ReadingContext, u: Unit, assignments: Assignment[], edges: Edge[], out: Unread[]): void {
  if (u.kind === 'heading') return;
  const norm = u.snippet.norm;
  const span = u.snippet.span;
  const here = (x: { span: { start: number; end: number } }): boolean => x.span.start < span.end && span.start < x.span.end;
  const ms = ctx.mentionsOf(u);
  for (const m of ms) {
    if (!m.role || !ROLES_WATCHED.has(m.role)) continue;
    const near = norm.slice(Math.max(0, m.start - 30), m.end + 40);
    if (!ASSIGN_WORD.test(near) || NEGATED.test(near)) continue;
    if (assignments.some((a) => here(a) && a.role.role === m.role)) continue;
    if (out.some((x) => x.span.start === span.start && x.role === m.role)) continue;
    out.push({ about: 'assignment', role: m.role, span, text: u.snippet.text.trim().slice(0, 200) });
  }
  if (REPORT_WORD.test(norm) && ms.some((m) => !m.vague) && !edges.some(here) && !assignments.some(here)) {
    out.push({ about: 'edge', role: undefined, span, text: u.snippet.text.trim().slice(0, 200) });
  }
}
