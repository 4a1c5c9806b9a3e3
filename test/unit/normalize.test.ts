import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Snippet } from '../../server/src/core/model/snippet';
import { normalizeKey, normalizeSnippetText, normalizeWithMap } from '../../server/src/core/text/normalize';

/**
 * The normalization, defined one character at a time: NFKC + lower case per code point (a high
 * surrogate and whatever follows it count as one), white space runs folded to one space, dropped
 * at both ends and next to a Japanese character. The fast implementation works on code units and
 * tables; it must give this, character for character and source index for source index.
 */
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆〇、。・「」『』【】〔〕〈〉《》：；！？]/u;
const japanese = (ch: string | undefined) => ch !== undefined && ch !== '' && ch.charCodeAt(0) >= 0x3000 && JAPANESE.test(ch);

function reference(input: string): { norm: string; map: number[] } {
  let norm = '';
  const map: number[] = [];
  let pendingSpaceAt = -1;
  let prev = '';
  for (let i = 0; i < input.length; ) {
    const c = input.charCodeAt(i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < input.length ? 2 : 1;
    const raw = input.slice(i, i + width);
    if (/\s/u.test(raw)) {
      if (pendingSpaceAt < 0) pendingSpaceAt = i;
      i += width;
      continue;
    }
    const out = raw.normalize('NFKC').toLowerCase();
    if (pendingSpaceAt >= 0) {
      if (norm !== '' && !(japanese(prev) || japanese([...out][0]))) {
        norm += ' ';
        map.push(pendingSpaceAt);
      }
      pendingSpaceAt = -1;
    }
    for (const ch of out) {
      norm += ch;
      for (let k = 0; k < ch.length; k++) map.push(i);
      prev = ch;
    }
    i += width;
  }
  map.push(input.length);
  return { norm, map };
}

const agree = (input: string) => {
  const got = normalizeWithMap(input);
  expect({ norm: got.norm, map: [...got.map] }).toEqual(reference(input));
};

describe('normalizeWithMap', () => {
  it('folds full-width Latin, half-width katakana and case, and maps every character to its source', () => {
    const r = normalizeWithMap('ＣＳＩＲＴ責任者とｶﾀｶﾅ');
    expect(r.norm).toBe('csirt責任者とカタカナ');
    expect(r.map[0]).toBe(0);
    expect(r.map[r.norm.length]).toBe('ＣＳＩＲＴ責任者とｶﾀｶﾅ'.length);
    agree('ＣＳＩＲＴ責任者とｶﾀｶﾅ');
  });

  it('drops spaces next to Japanese and folds the others to one', () => {
    expect(normalizeWithMap('情報システム課　課長').norm).toBe('情報システム課課長');
    expect(normalizeWithMap('  Chief   Information\tSecurity\nOfficer  ').norm).toBe('chief information security officer');
    expect(normalizeWithMap('CSIRT 責任者').norm).toBe('csirt責任者');
  });

  it('returns an input that needs no change as it is', () => {
    const s = '職員は、報告窓口に報告する。incident report';
    expect(normalizeWithMap(s).norm).toBe(s);
    agree(s);
  });

  it('handles expansions, surrogate pairs and lone surrogates as the definition does', () => {
    for (const s of ['㍻元年', 'ﷺ', '𠀋野家 😀 A', '\ud800', 'a\udc00b', 'x\ud800', 'İstanbul', 'ß ﬁ', 'e\u0301', '①②', ' ', '', '\u200b a']) agree(s);
  });

  it('agrees with the definition on long inputs that outgrow the scratch buffers', () => {
    agree('ＡＢＣ　情報 ㍻ text\u00a0'.repeat(3000));
    agree('ﷺ'.repeat(1000));
  });

  it('agrees with the definition on random strings over a mixed alphabet', () => {
    const alphabet = [' ', '\t', '\n', '\u3000', '\u00a0', 'a', 'Z', 'Ａ', 'ｶ', 'ﾞ', '情', 'ー', '、', '。', '（', '𠀋', '😀', '\ud800', '\udc00', 'ß', 'İ', '①', '㍻', 'ﬁ', 'é', '\u0301', 'Ⅳ', '１', 'K', 'Σ'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const len = Math.floor(next() * 24);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      agree(s);
    }
  });

  it('normalizeKey trims the normalized text', () => {
    expect(normalizeKey('  ＣＩＳＯ ')).toBe('ciso');
  });
});

describe('a snippet whose normalization is the identity keeps no map', () => {
  /** The same questions answered from the full map, as a snippet did before it left the identity out. */
  const byMap = (text: string) => {
    const { norm, map } = normalizeWithMap(text);
    return {
      norm,
      textOfNorm: (a: number, b: number) => text.slice(map[a]!, Math.max(map[a]!, b >= map.length - 1 ? text.length : map[b]!)),
      normIndexOfText: (i: number) => {
        let k = 0;
        while (k < map.length - 1 && map[k]! < i) k++;
        return k;
      },
      gapBefore: (i: number) => i > 0 && i < map.length && /\s/u.test(text.slice(map[i - 1]! + 1, map[i]!)),
      /** Offsets are 100 + the plain index; the end is past the last character (a pair is two units). */
      spanOfNorm: (a: number, b: number) => {
        const start = 100 + map[a]!;
        if (b <= a) return { start, end: start };
        const last = map[Math.min(b - 1, map.length - 1)]!;
        const width = last < text.length && text.charCodeAt(last) >= 0xd800 && text.charCodeAt(last) <= 0xdbff ? 2 : 1;
        return { start, end: Math.max(start, 100 + last + (last < text.length ? width : 0)) };
      },
    };
  };
  const texts = fc.array(fc.constantFrom('a', 'B', ' ', '  ', '報', '告', 'ＣＳ', 'ｶ', '😀', '\u3000', '.', 'Staff ', 'report'), { maxLength: 20 }).map((xs) => xs.join(''));

  it('answers every question as the full map does (plain, Japanese, wide, surrogate pairs)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const s = new Snippet(text, Array.from({ length: text.length + 1 }, (_, i) => 100 + i));
        const r = byMap(text);
        expect(s.norm).toBe(r.norm);
        for (let a = 0; a <= r.norm.length; a++) {
          expect(s.gapBefore(a)).toBe(r.gapBefore(a));
          for (let b = a; b <= r.norm.length; b++) expect(s.textOfNorm(a, b)).toBe(r.textOfNorm(a, b));
        }
        for (let i = 0; i <= text.length; i++) expect(s.normIndexOfText(i)).toBe(r.normIndexOfText(i));
        for (let a = 0; a < r.norm.length; a++) for (let b = a; b <= r.norm.length; b++) expect(s.spanOfNorm(a, b)).toEqual(r.spanOfNorm(a, b));
      }),
      { seed: 3, numRuns: 400 },
    );
  });

  it('leaves the map out only where every character is its own source (kept or folded one for one, no surrogate pairs)', () => {
    expect(normalizeSnippetText('staff report to the desk').map).toBeUndefined();
    // Folded one for one: upper case, full-width letters, digits and brackets.
    expect(normalizeSnippetText('Staff').map).toBeUndefined();
    expect(normalizeSnippetText('ＣＳＩＲＴ（２条）').map).toBeUndefined();
    expect(normalizeSnippetText('ＣＳＩＲＴ（２条）').norm).toBe('csirt(2条)');
    // A space dropped next to Japanese, spaces collapsed or trailing, an expansion, a pair: a map.
    expect(normalizeSnippetText('報告 窓口').map).toBeDefined();
    expect(normalizeSnippetText('staff  report').map).toBeDefined();
    expect(normalizeSnippetText('staff ').map).toBeDefined();
    expect(normalizeSnippetText('㈱').map).toBeDefined();
    expect(normalizeSnippetText('😀 ok').map).toBeDefined();
  });
});
