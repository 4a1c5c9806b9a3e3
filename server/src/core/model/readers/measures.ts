import { concepts, conceptPattern } from '../../../lexicon';
import type { Unit } from '../units';

/**
 * Targeted-attack measures (6.2.4) a document commits to or lists: entry, early detection of
 * intrusions, making lateral spread harder, detection of unauthorized outbound traffic. Read on
 * the text itself — a role mention never hides a measure (「内部に侵入した攻撃を早期に検知する」).
 * Response steps during an incident are not measures.
 */

export type Measure = 'entry' | 'detection' | 'lateral' | 'outbound';
export const MEASURES: Measure[] = ['entry', 'detection', 'lateral', 'outbound'];

const PATTERNS: Record<Measure, RegExp> = {
  entry: conceptPattern(concepts.targetedAttack.entry),
  detection: conceptPattern(concepts.targetedAttack.detection),
  lateral: conceptPattern(concepts.targetedAttack.lateral),
  outbound: conceptPattern(concepts.targetedAttack.outbound),
};

export function measureIn(u: Unit, measure: Measure): boolean {
  return PATTERNS[measure].test(u.snippet.norm);
}

export function readMeasures(units: Unit[]): Measure[] {
  return MEASURES.filter((m) => units.some((u) => measureIn(u, m)));
}
