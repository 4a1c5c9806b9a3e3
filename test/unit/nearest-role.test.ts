import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holderKey } from '../../server/src/core/model/holders';
import { nearestRole } from '../../server/src/core/rules/role-undefined';
import { editDistance } from '../../server/src/standards';
import { normalizeKey } from '../../server/src/core/text/normalize';

/** The suggestion for an undefined title: the search passes over names too far by length alone. */

/** Every candidate's score computed: what the pruned search must answer. */
function everyScore(display: string, names: string[]): string | undefined {
  const key = holderKey(display);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const name of names) {
    const k = normalizeKey(name);
    if (!k || k === key) continue;
    let s = 0;
    while (s < key.length && s < k.length && key[key.length - 1 - s] === k[k.length - 1 - s]) s++;
    const score = editDistance(key, k) / Math.max(key.length, k.length) - s * 0.05;
    if (score < bestScore) {
      bestScore = score;
      best = name;
    }
  }
  return bestScore < 0.6 ? best : undefined;
}
const candidates = (names: string[]) => names.map((name) => ({ name, key: normalizeKey(name) }));

describe('nearestRole', () => {
  it('suggests the closest name, endings weighing more (ja, en)', () => {
    expect(nearestRole({ display: '情報セキュリテイ責任者' }, candidates(['CSIRT責任者', '情報セキュリティ責任者', '最高情報セキュリティ責任者']))).toBe('情報セキュリティ責任者');
    expect(nearestRole({ display: 'Incident Responce Lead' }, candidates(['CSIRT Lead', 'Incident Response Lead', 'Chief Information Security Officer']))).toBe('Incident Response Lead');
    expect(nearestRole({ display: '広報担当者' }, candidates(['最高情報セキュリティアドバイザー']))).toBeUndefined();
    expect(nearestRole({ display: 'Press Officer' }, candidates(['Chief Information Security Officer Deputy']))).toBeUndefined();
  });

  it('answers what scoring every name answers, ties going to the first (random names)', () => {
    const name = fc.array(fc.constantFrom('情', '報', '責', '任', '者', '管', '理', 'C', 'S', 'I', 'R', 'T', ' ', 'l', 'e', 'a', 'd'), { minLength: 1, maxLength: 14 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 30 }), (title, names) => {
        expect(nearestRole({ display: title }, candidates(names))).toBe(everyScore(title, names));
      }),
      { seed: 5, numRuns: 3000 },
    );
  });
});
