/**
 * Matching text. Lexicon terms and document text are compared after the same normalization:
 * NFKC (full-width digits and Latin letters become ASCII, half-width katakana becomes full-width),
 * lower case, white space folded to one space, and no space at all next to a Japanese
 * character (authors write 「情報システム課 課長」 and wrap Japanese lines anywhere).
 *
 * `map[i]` is the index in the input of normalized character i, so a match found in normalized
 * text can be located exactly in the source; `map[norm.length]` is the input's length.
 */

export interface Normalized {
  norm: string;
  map: number[];
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆〇、。・「」『』【】〔〕〈〉《》：；！？]/u;

export function isJapaneseChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && JAPANESE.test(ch);
}

const SPACE = /\s/u;

export function normalizeWithMap(input: string): Normalized {
  let norm = '';
  const map: number[] = [];
  let pendingSpaceAt = -1;
  let prev = '';
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const raw = input.slice(i, i + width);
    if (SPACE.test(raw)) {
      if (pendingSpaceAt < 0) pendingSpaceAt = i;
      i += width;
      continue;
    }
    const out = raw.normalize('NFKC').toLowerCase();
    if (pendingSpaceAt >= 0) {
      const first = out.codePointAt(0) === undefined ? '' : String.fromCodePoint(out.codePointAt(0)!);
      // Spaces next to a Japanese character are line wrapping or layout, not word breaks
      // (「情報システム課 課長」, 「ＣＳＩＲＴ 責任者」).
      if (norm !== '' && !(isJapaneseChar(prev) || isJapaneseChar(first))) {
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

/** Normalizes a term or a holder name for comparison (no map needed). */
export function normalizeKey(input: string): string {
  return normalizeWithMap(input).norm.trim();
}
