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
  map: Uint32Array;
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆〇、。・「」『』【】〔〕〈〉《》：；！？]/u;

const japaneseCache = new Map<string, boolean>();
export function isJapaneseChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  if (ch.charCodeAt(0) < 0x3000) return false;
  let v = japaneseCache.get(ch);
  if (v === undefined) {
    v = JAPANESE.test(ch);
    japaneseCache.set(ch, v);
  }
  return v;
}

/** NFKC + lower case of one character, cached: documents reuse a few thousand characters. */
const foldCache = new Map<string, string>();
function fold(raw: string): string {
  const c = raw.charCodeAt(0);
  if (raw.length === 1 && c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : raw;
  let v = foldCache.get(raw);
  if (v === undefined) {
    v = raw.normalize('NFKC').toLowerCase();
    if (foldCache.size < 65_536) foldCache.set(raw, v);
  }
  return v;
}

function isSpace(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(raw);
}

const SPACE = /\s/u;

export function normalizeWithMap(input: string): Normalized {
  // Output is built from slices of the input where folding changes nothing (most Japanese and
  // lower-case text), and single pieces where it does; joined once at the end.
  const parts: string[] = [];
  let empty = true;
  const map = new Uint32Array(input.length * 2 + 1);
  let n = 0;
  let pendingSpaceAt = -1;
  let prev = '';
  let runStart = -1;
  const flush = (end: number) => {
    if (runStart >= 0 && end > runStart) parts.push(input.slice(runStart, end));
    runStart = -1;
  };
  for (let i = 0; i < input.length; ) {
    const c = input.charCodeAt(i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < input.length ? 2 : 1;
    const raw = width === 1 ? input[i]! : input.slice(i, i + 2);
    if (isSpace(raw)) {
      flush(i);
      if (pendingSpaceAt < 0) pendingSpaceAt = i;
      i += width;
      continue;
    }
    const out = fold(raw);
    if (pendingSpaceAt >= 0) {
      flush(i);
      const first = out.codePointAt(0) === undefined ? '' : String.fromCodePoint(out.codePointAt(0)!);
      // Spaces next to a Japanese character are line wrapping or layout, not word breaks
      // (「情報システム課 課長」, 「ＣＳＩＲＴ 責任者」).
      if (!empty && !(isJapaneseChar(prev) || isJapaneseChar(first))) {
        parts.push(' ');
        map[n++] = pendingSpaceAt;
      }
      pendingSpaceAt = -1;
    }
    if (out === raw) {
      if (runStart < 0) runStart = i;
      for (let k = 0; k < width; k++) map[n++] = i;
      empty = false;
      prev = out;
    } else {
      flush(i);
      for (const ch of out) {
        parts.push(ch);
        empty = false;
        for (let k = 0; k < ch.length; k++) map[n++] = i;
        prev = ch;
      }
    }
    i += width;
  }
  flush(input.length);
  map[n++] = input.length;
  return { norm: parts.join(''), map: map.slice(0, n) };
}

/** Normalizes a term or a holder name for comparison (no map needed). */
export function normalizeKey(input: string): string {
  return normalizeWithMap(input).norm.trim();
}
