/**
 * Matching text. Lexicon terms and document text are compared after the same normalization:
 * NFKC (full-width digits and Latin letters become ASCII, half-width katakana becomes full-width),
 * lower case, white space folded to one space, and no space at all next to a Japanese
 * character (authors write 「情報システム課 課長」 and wrap Japanese lines anywhere).
 *
 * `map[i]` is the index in the input of normalized character i, so a match found in normalized
 * text can be located exactly in the source; `map[norm.length]` is the input's length.
 *
 * Every snippet of every document goes through here, so the loop works on character codes and
 * per-code tables: no string per character, nothing for the collector (test/unit/normalize.test.ts
 * holds it to the plain per-character definition).
 */

export interface Normalized {
  norm: string;
  map: Uint32Array;
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆〇、。・「」『』【】〔〕〈〉《》：；！？]/u;
const SPACE = /\s/u;

/** What normalization does to one character. */
interface Folding {
  space: boolean;
  /** The NFKC + lower-case form; the character itself when `same`. */
  text: string;
  same: boolean;
  /** Whether the first and the last character of `text` are Japanese (spaces next to them go). */
  firstJapanese: boolean;
  lastJapanese: boolean;
}

const japaneseStrings = new Map<string, boolean>();
function japaneseString(ch: string): boolean {
  let v = japaneseStrings.get(ch);
  if (v === undefined) {
    v = JAPANESE.test(ch);
    if (japaneseStrings.size < 65_536) japaneseStrings.set(ch, v);
  }
  return v;
}

export function isJapaneseChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  if (ch.charCodeAt(0) < 0x3000) return false;
  return japaneseString(ch);
}

function folding(raw: string): Folding {
  if (SPACE.test(raw)) return { space: true, text: raw, same: true, firstJapanese: false, lastJapanese: false };
  const text = raw.normalize('NFKC').toLowerCase();
  const points = [...text];
  return { space: false, text, same: text === raw, firstJapanese: isJapaneseChar(points[0]), lastJapanese: isJapaneseChar(points[points.length - 1]) };
}

/** Foldings of the Basic Multilingual Plane, filled as characters are met; pairs in a map. */
const byCode: Array<Folding | undefined> = new Array(0x10000);
const byPair = new Map<string, Folding>();
for (let c = 0; c < 0x80; c++) byCode[c] = folding(String.fromCharCode(c));

function foldingAt(input: string, i: number, c: number, pair: boolean): Folding {
  if (!pair) {
    let f = byCode[c];
    if (f === undefined) byCode[c] = f = folding(String.fromCharCode(c));
    return f;
  }
  const raw = input.slice(i, i + 2);
  let f = byPair.get(raw);
  if (f === undefined) {
    f = folding(raw);
    if (byPair.size < 65_536) byPair.set(raw, f);
  }
  return f;
}

/** Scratch output, reused by every call (normalizing is synchronous): code units and their sources. */
let out = new Uint16Array(4096);
let sources = new Uint32Array(4097);

function grow(): void {
  const codes = new Uint16Array(out.length * 2);
  codes.set(out);
  out = codes;
  const from = new Uint32Array(out.length + 1);
  from.set(sources);
  sources = from;
}

export function normalizeWithMap(input: string): Normalized {
  const { norm, n } = normalizeIntoScratch(input);
  return { norm, map: sources.slice(0, n + 1) };
}

/**
 * normalizeWithMap for snippets: the map is left out (undefined) when it is the identity — no
 * surrogate pairs, and every character folded one for one or kept, as in most English text and
 * Japanese text whose only changes are full-width letters, digits and brackets — so that such a
 * snippet allocates no second per-character array (typed arrays cost about a microsecond each).
 */
export function normalizeSnippetText(input: string): { norm: string; map: Uint32Array | undefined } {
  const { norm, n, identity } = normalizeIntoScratch(input);
  return { norm, map: identity ? undefined : sources.slice(0, n + 1) };
}

/** Normalizes into the scratch buffers: `sources[0..n]` is the map (see Normalized). */
function normalizeIntoScratch(input: string): { norm: string; n: number; identity: boolean } {
  const length = input.length;
  let n = 0;
  let pairs = false;
  // Whether the output differs from the input: an unchanged input is returned as it is.
  let changed = false;
  // Whether some output character came from elsewhere than its own index (a space dropped, a
  // character expanded): a changed text of the same length, folded one for one (全角 to ASCII),
  // still maps each character to itself.
  let moved = false;
  let empty = true;
  let pendingSpaceAt = -1;
  let prevJapanese = false;
  for (let i = 0; i < length; ) {
    const c = input.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < length;
    if (pair) pairs = true;
    const width = pair ? 2 : 1;
    const f = foldingAt(input, i, c, pair);
    if (f.space) {
      if (pendingSpaceAt < 0) pendingSpaceAt = i;
      i += width;
      continue;
    }
    // At most one space and the folded text of this character (NFKC expands to 18 at most).
    if (n + 20 >= out.length) grow();
    if (pendingSpaceAt >= 0) {
      // Spaces next to a Japanese character are line wrapping or layout, not word breaks
      // (「情報システム課 課長」, 「ＣＳＩＲＴ 責任者」).
      if (!empty && !(prevJapanese || f.firstJapanese)) {
        out[n] = 32;
        if (pendingSpaceAt !== n) moved = true;
        sources[n++] = pendingSpaceAt;
        if (i - pendingSpaceAt !== 1 || input.charCodeAt(pendingSpaceAt) !== 32) changed = true;
      } else changed = true;
      pendingSpaceAt = -1;
    }
    if (f.same) {
      out[n] = c;
      if (i !== n) moved = true;
      sources[n++] = i;
      if (pair) {
        out[n] = input.charCodeAt(i + 1);
        sources[n++] = i;
      }
      empty = false;
      prevJapanese = f.lastJapanese;
    } else {
      changed = true;
      const text = f.text;
      for (let k = 0; k < text.length; k++) {
        out[n] = text.charCodeAt(k);
        if (i !== n) moved = true;
        sources[n++] = i;
      }
      if (text !== '') {
        empty = false;
        prevJapanese = f.lastJapanese;
      }
    }
    i += width;
  }
  if (pendingSpaceAt >= 0) changed = true;
  sources[n] = length;
  // Without pairs (whose second half maps to the first), nothing moved and nothing dropped,
  // every character is its own source.
  return { norm: changed ? fromCodes(out, n) : input, n, identity: !moved && !pairs && n === length };
}

/** The string of the first `n` code units (lone surrogates included, as they were). */
function fromCodes(codes: Uint16Array, n: number): string {
  if (n <= 8192) return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < n; i += 8192) parts.push(String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 8192)) as unknown as number[]));
  return parts.join('');
}

/** Normalizes a term or a holder name for comparison (no map needed). */
export function normalizeKey(input: string): string {
  return normalizeIntoScratch(input).norm.trim();
}
