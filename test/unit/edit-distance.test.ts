import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editDistance } from '../../server/src/standards';

/** The textbook recurrence, a full matrix: what the two-row version must agree with. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'csirt')).toBe(5);
    expect(editDistance('ciso', '')).toBe(4);
    expect(editDistance('情報セキュリティ責任者', '情報セキュリティ管理者')).toBe(2);
    expect(editDistance('2.2.4(1)', '2.2.4(1)')).toBe(0);
  });

  it('agrees with the full-matrix recurrence on generated strings', () => {
    const s = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '責', '任', '者', ' '), maxLength: 12 });
    fc.assert(fc.property(s, s, (a, b) => editDistance(a, b) === reference(a, b)), { numRuns: 2000 });
  });
});
