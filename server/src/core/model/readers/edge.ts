import { conditionIn, urgencyIn } from '../grammar';
import type { Mention } from '../mentions';
import type { Edge, EdgeForm, Endpoint } from '../types';
import type { Unit } from '../units';

/** Helpers every edge reader uses. */

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return (a.role !== undefined && a.role === b.role) || (a.title !== undefined && a.title === b.title);
}

export function inside(ms: Mention[], i: number): boolean {
  return ms.some((m) => m.start <= i && i < m.end);
}

export interface EdgeText {
  /** Text the urgency is read from, and where the verb sits in it. */
  urgencyText: string;
  verbAt?: number;
  /** Text the condition is read from (the sentence before the verb). */
  conditionText: string;
  japanese: boolean;
  tableCell?: boolean;
}

/**
 * An edge, or nothing: no edge to oneself, and none to a vague recipient (関係者, 関係機関,
 * "stakeholders") — a report to nobody in particular is no reporting line.
 */
export function makeEdge(u: Unit, from: Endpoint | undefined, to: Endpoint, text: EdgeText, form: EdgeForm): Edge | undefined {
  if (from && sameEndpoint(from, to)) return undefined;
  if (to.generic && to.vague) return undefined;
  const { urgency, deadline } = urgencyIn(text.urgencyText, text.verbAt, text.tableCell);
  return { from, to, urgency, deadline, condition: conditionIn(text.conditionText, text.japanese), span: u.snippet.span, form };
}
