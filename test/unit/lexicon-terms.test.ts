import { describe, expect, it } from 'vitest';
import { defaultLexicon } from '../../server/src/lexicon';
import { normalizeKey } from '../../server/src/core/text/normalize';

/** Where the lexicon finds a term in normalized text, and which role it names. */
const at = (text: string, i: number) => defaultLexicon().termAt(normalizeKey(text), i)?.role;

describe('lexicon terms in normalized text (termAt)', () => {
  it('finds English terms at word starts only, with a plural "s" and nothing else after them', () => {
    expect(at('Notify the CSIRT lead.', 11)).toBe('csirt-lead');
    expect(at('Notify the CSIRT leads.', 11)).toBe('csirt-lead');
    expect(at('Notify the CSIRT leadership.', 11)).not.toBe('csirt-lead');
    expect(at('xcsirt lead', 1)).toBeUndefined();
    expect(at('9csirt lead', 1)).toBeUndefined();
    expect(at('(csirt lead)', 1)).toBe('csirt-lead');
  });

  it('finds Japanese terms anywhere, and nothing at characters no term starts with', () => {
    expect(at('職員はCSIRT責任者に報告する', 3)).toBe('csirt-lead');
    expect(at('ＣＳＩＲＴ責任者', 0)).toBe('csirt-lead');
    expect(at('職員はCSIRT責任者に報告する', 1)).toBeUndefined();
    expect(at('', 0)).toBeUndefined();
  });

  it('has title suffix lists without empty entries (a suffix is matched by its last character)', () => {
    const { jaRoleSuffixes, jaUnitSuffixes } = defaultLexicon().titles;
    for (const x of [...jaRoleSuffixes, ...jaUnitSuffixes]) expect(x.length).toBeGreaterThan(0);
  });
});
