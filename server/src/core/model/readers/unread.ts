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
const POST_CREATED_ONLY = /^(?:を|は)(?:置く|設置する|設ける|新設する)(?:ものとする)?[。.]?\s*$/u;
const ROLES_WATCHED = new Set(['csirt-lead', 'contact-point', 'ciso', 'csirt-member']);

/**
 * Whether any of `items` overlaps a span, in O(log n) per question: sorted by start, with the
 * running maximum of their ends (every unit asking about every edge was quadratic — 1.5 s of a
 * 512 Ki-character policy).
 */
export function overlapIndex(items: Array<{ span: { start: number; end: number } }>): (span: { start: number; end: number }) => boolean {
  const sorted = items.map((x) => x.span).sort((a, b) => a.start - b.start);
  const maxEnd = new Float64Array(sorted.length);
  let m = -Infinity;
  sorted.forEach((x, i) => (maxEnd[i] = m = Math.max(m, x.end)));
  return (span) => {
    // Items starting before the span ends; one of them overlaps if it ends after the span starts.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < span.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && maxEnd[lo - 1]! > span.start;
  };
}

/** What readUnread asks of the strict readers' results, indexed once per document. */
export interface ReadIndex {
  edgeOrAssignment: (span: { start: number; end: number }) => boolean;
  assignmentOf: (role: string) => (span: { start: number; end: number }) => boolean;
}

export function readIndex(assignments: Assignment[], edges: Edge[]): ReadIndex {
  const any = overlapIndex([...edges, ...assignments]);
  const byRole = new Map<string, (span: { start: number; end: number }) => boolean>();
  return {
    edgeOrAssignment: any,
    assignmentOf: (role) => {
      let f = byRole.get(role);
      if (!f) {
        f = overlapIndex(assignments.filter((a) => a.role.role === role));
        byRole.set(role, f);
      }
      return f;
    },
  };
}

export function readUnread(ctx: ReadingContext, u: Unit, read: ReadIndex, out: Unread[], seen: Set<string>): void {
  if (u.kind === 'heading') return;
  const norm = u.snippet.norm;
  const span = u.snippet.span;
  const ms = ctx.mentionsOf(u);
  for (const m of ms) {
    if (!m.role || !ROLES_WATCHED.has(m.role)) continue;
    const near = norm.slice(Math.max(0, m.start - 30), m.end + 40);
    if (!ASSIGN_WORD.test(near) || NEGATED.test(near)) continue;
    // 「CSIRTに、CSIRT責任者を置く。」 creates the post and ends there: it names no holder to miss.
    if (POST_CREATED_ONLY.test(norm.slice(m.end))) continue;
    if (read.assignmentOf(m.role)(span)) continue;
    const key = `${span.start}|${m.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ about: 'assignment', role: m.role, span, text: u.snippet.text.trim().slice(0, 200) });
  }
  // The pattern last: most sentences that name someone were read.
  if (ms.some((m) => !m.vague) && !read.edgeOrAssignment(span) && REPORT_WORD.test(norm)) {
    out.push({ about: 'edge', role: undefined, span, text: u.snippet.text.trim().slice(0, 200) });
  }
}
