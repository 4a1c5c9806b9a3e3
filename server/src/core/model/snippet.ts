import { normalizeSnippetText } from '../text/normalize';
import type { Span } from '../types';

/**
 * A piece of plain text cut out of the Markdown (a sentence, a heading, a table cell) that
 * remembers where each of its characters came from, so anything found in it can be located
 * exactly in the source even when inline markup, escapes or indentation were removed.
 */
export class Snippet {
  /**
   * `offsets[i] + base` is the source offset of `text[i]`; `offsets[text.length] + base` is the
   * end (see offsetAt). Undefined for text copied verbatim from one run of the source — most
   * sentences — whose character `i` is at `first + i` and whose end is `last`: no per-character
   * array (with its buffer, some 4 bytes a character and a hundred an array), which was a third
   * of a model's memory.
   */
  private readonly offsets: Uint32Array | undefined;
  private readonly first: number;
  private readonly last: number;
  /** Added to every offset: a section parsed alone and moved to its place in the document (shifted). */
  private base = 0;
  /** The normalized text and, unless it is the identity, where each of its characters came from in `text`. */
  private normCache: { norm: string; map: Uint32Array | undefined } | undefined;

  /**
   * `offsets` has one entry per character and one more (the end); a number is the offset of the
   * first character of text that runs on uninterrupted in the source, to `end`.
   */
  constructor(
    readonly text: string,
    offsets: Uint32Array | number[] | number,
    end?: number,
  ) {
    if (typeof offsets === 'number') {
      this.offsets = undefined;
      this.last = end ?? offsets + text.length;
      // An empty snippet is where it ends, as one given its offsets ([end]) is.
      this.first = text.length ? offsets : this.last;
      return;
    }
    this.first = offsets[0] ?? 0;
    this.last = offsets[text.length] ?? 0;
    this.offsets = isRun(offsets, text.length) ? undefined : offsets instanceof Uint32Array ? offsets : Uint32Array.from(offsets);
  }

  /**
   * The same text located `base` characters further on, sharing the offsets and the
   * normalization: moving every section after an edit copies no per-character arrays.
   */
  shifted(base: number): Snippet {
    if (base === 0) return this;
    const s = this.offsets ? new Snippet(this.text, this.offsets) : new Snippet(this.text, this.first, this.last);
    s.base = this.base + base;
    s.normCache = this.normalized();
    s.origin = this.origin ?? this;
    return s;
  }

  /** The source offset of plain-text character `i` (`i === text.length`: the end). */
  offsetAt(i: number): number {
    if (this.offsets) return this.offsets[i]! + this.base;
    return (i >= this.text.length ? this.last : this.first + i) + this.base;
  }

  /** The snippet this one was shifted from (caches keyed by text content live there). */
  origin: Snippet | undefined;

  /** The mentions found in this text (mentions.ts), and the lexicon they were found with. */
  mentionLexicon: object | undefined;
  mentions: unknown;

  /** Normalized text for matching (see normalize.ts). */
  get norm(): string {
    return this.normalized().norm;
  }

  private normalized(): { norm: string; map: Uint32Array | undefined } {
    if (!this.normCache) this.normCache = normalizeSnippetText(this.text);
    return this.normCache;
  }

  /** The plain-text index of normalized character `i` (`i === norm.length`: the text's end). */
  private sourceOf(i: number): number {
    const { map } = this.normalized();
    return map ? map[i]! : i;
  }

  /** Normalized characters plus one (the map's length). */
  private get mapLength(): number {
    const { map, norm } = this.normalized();
    return map ? map.length : norm.length + 1;
  }

  /** Source span of normalized characters [start, end). */
  spanOfNorm(start: number, end: number): Span {
    const length = this.mapLength;
    const s = this.offsetAt(this.sourceOf(Math.max(0, start)));
    const lastIdx = Math.max(start, end - 1);
    const lastSource = this.sourceOf(Math.min(lastIdx, length - 1));
    // The end is just past the last character (which may be a surrogate pair in the source).
    const e = end <= start ? s : this.offsetAt(lastSource) + this.charWidthAt(lastSource);
    return { start: s, end: Math.max(s, e) };
  }

  /** Plain-text slice of normalized characters [start, end) — for display (holders, titles). */
  textOfNorm(start: number, end: number): string {
    const a = this.sourceOf(Math.max(0, start));
    const b = end >= this.mapLength - 1 ? this.text.length : this.sourceOf(end);
    return this.text.slice(a, Math.max(a, b));
  }

  /**
   * Whether white space stood in the text just before normalized character `i` — the spaces
   * normalization drops next to Japanese characters («CSIRT責任者　情報基盤センター長の職にある者»
   * separates a term from its definition).
   */
  gapBefore(i: number): boolean {
    const { map } = this.normalized();
    // The identity drops nothing.
    if (!map || i <= 0 || i >= map.length) return false;
    const a = map[i - 1]!;
    const b = map[i]!;
    for (let k = a + 1; k < b; k++) if (/\s/u.test(this.text[k]!)) return true;
    return false;
  }

  /** False when gapBefore is false everywhere (normalization dropped nothing): callers skip asking. */
  mayHaveGaps(): boolean {
    return this.normalized().map !== undefined;
  }

  /** Index in normalized text of the first normalized character at or after plain index `i`. */
  normIndexOfText(i: number): number {
    const { map } = this.normalized();
    if (!map) return Math.max(0, Math.min(i, this.text.length));
    let lo = 0;
    let hi = map.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (map[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get span(): Span {
    return { start: this.first + this.base, end: this.last + this.base };
  }

  private charWidthAt(textIndex: number): number {
    if (textIndex >= this.text.length) return 0;
    const c = this.text.charCodeAt(textIndex);
    return c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }

  /** A sub-snippet of plain-text characters [start, end). */
  slice(start: number, end: number): Snippet {
    const text = this.text.slice(start, end);
    const s = this.offsets ? new Snippet(text, this.offsets.subarray(start, end + 1)) : new Snippet(text, this.first + start, end >= this.text.length ? this.last : this.first + end);
    s.base = this.base;
    return s;
  }
}

/** Whether `offsets` (for `length` characters, then the end) step by one from the first. */
function isRun(offsets: ArrayLike<number>, length: number): boolean {
  const first = offsets[0] ?? 0;
  for (let i = 1; i < length; i++) if (offsets[i] !== first + i) return false;
  return true;
}

/** Builds snippets by appending text whose characters map to known source offsets. */
export class SnippetBuilder {
  private text = '';
  private readonly offsets: number[] = [];
  private end = 0;

  /**
   * Appends `value` (a node's value) that was written in `source` starting at `base`. Characters
   * are aligned greedily, so escapes, entities, and stripped indentation keep exact positions.
   */
  appendAligned(value: string, source: string, base: number, sourceEnd: number): void {
    let j = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      // Fast path: the source has the character where we expect it (no escape, entity or indent).
      if (source.charCodeAt(j) === c) {
        this.offsets.push(base + j);
        j++;
        continue;
      }
      let k = j;
      while (k < source.length && source.charCodeAt(k) !== c && k - j < 16) k++;
      if (k < source.length && source.charCodeAt(k) === c) {
        this.offsets.push(base + k);
        j = k + 1;
      } else {
        this.offsets.push(base + Math.min(j, Math.max(0, source.length - 1)));
      }
    }
    // One concatenation per node, not per character: per-character += builds a rope of
    // millions of nodes on a large corpus and keeps the garbage collector busy.
    this.text += value;
    this.end = sourceEnd;
  }

  /** Appends synthetic text (a line break or a separator) located at one source offset. */
  appendAt(value: string, offset: number): void {
    for (let i = 0; i < value.length; i++) this.offsets.push(offset);
    this.text += value;
    this.end = Math.max(this.end, offset);
  }

  get length(): number {
    return this.text.length;
  }

  build(): Snippet {
    const n = this.offsets.length;
    if (isRun(this.offsets, n)) return new Snippet(this.text, this.offsets[0] ?? this.end, this.end);
    const offsets = new Uint32Array(n + 1);
    offsets.set(this.offsets);
    offsets[n] = this.end;
    return new Snippet(this.text, offsets);
  }
}
