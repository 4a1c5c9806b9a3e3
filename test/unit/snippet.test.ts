import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Snippet, SnippetBuilder } from '../../server/src/core/model/snippet';

/** Where each character of a snippet is, as offsetAt says, and its span. */
const located = (s: Snippet) => ({ offsets: Array.from({ length: s.text.length + 1 }, (_, i) => s.offsetAt(i)), span: s.span });

describe('a snippet of text that runs on in the source (no offset array)', () => {
  it('locates every character, its end, slices and shifted copies as the offsets say', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(10_000), fc.nat(5), fc.nat(40), fc.nat(40), fc.nat(500), (text, first, extra, a, b, by) => {
        const end = first + text.length + extra;
        const offsets = [...Array.from({ length: text.length }, (_, i) => first + i), end];
        const run = new Snippet(text, first, end);
        expect(located(run)).toEqual({ offsets, span: { start: text.length ? first : end, end } });
        // The same snippet given its offsets as an array, which it recognizes as a run.
        expect(located(new Snippet(text, offsets))).toEqual(located(run));
        const [s, e] = [Math.min(a, b, text.length), Math.min(Math.max(a, b), text.length)];
        const part = run.slice(s, e);
        expect(part.text).toBe(text.slice(s, e));
        expect(located(part).offsets).toEqual(offsets.slice(s, e + 1));
        expect(located(run.shifted(by)).offsets).toEqual(offsets.map((o) => o + by));
        expect(located(run.shifted(by).slice(s, e)).offsets).toEqual(offsets.slice(s, e + 1).map((o) => o + by));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('is what the builder makes of text appended as written, and not of text with markup taken out', () => {
    const plain = new SnippetBuilder();
    plain.appendAligned('Staff report to the hotline.', 'Staff report to the hotline.', 100, 128);
    expect(located(plain.build())).toEqual({ offsets: [...Array.from({ length: 28 }, (_, i) => 100 + i), 128], span: { start: 100, end: 128 } });
    // 「**CSIRT**は」: the emphasis markers are not text; the characters after them are further on.
    const marked = new SnippetBuilder();
    marked.appendAligned('CSIRT', 'CSIRT', 2, 7);
    marked.appendAligned('は', 'は', 9, 10);
    expect(located(marked.build()).offsets).toEqual([2, 3, 4, 5, 6, 9, 10]);
    expect(located(new SnippetBuilder().build())).toEqual({ offsets: [0], span: { start: 0, end: 0 } });
  });
});
