import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUnitsChunked, type ChunkCache } from '../../server/src/core/model/chunkedUnits';
import { buildUnits } from '../../server/src/core/model/units';
import type { Snippet } from '../../server/src/core/model/snippet';
import { splitChunks } from '../../server/src/core/parse/chunks';
import { parseMarkdown } from '../../server/src/core/parse/markdown';

/** Section-by-section parsing gives exactly what one parse gives, and reuses unchanged sections. */
/** Where every character of a snippet came from, and its normalized text's span. */
const located = (s: Snippet) => [Array.from({ length: s.text.length + 1 }, (_, i) => s.offsetAt(i)), s.spanOfNorm(0, s.norm.length)];
/** Which units share a list or a table: ids numbered in order of appearance (their values may differ). */
const grouped = (ids: Array<number | undefined>) => {
  const seen = new Map<number, number>();
  return ids.map((id) => (id === undefined ? undefined : (seen.get(id) ?? (seen.set(id, seen.size), seen.size - 1))));
};
const view = (u: ReturnType<typeof buildUnits>) => ({
  units: u.units.map((x) => [x.kind, x.snippet.text, x.snippet.span, located(x.snippet), x.section?.snippet.text, x.sectionPath.map((h) => h.slug), x.list && [x.list.ordered, x.list.item, x.list.first, x.list.leadIn?.index], x.row?.cells.map((c) => [c.text, located(c)]), x.row?.leadIn?.index, x.article?.index]),
  lists: grouped(u.units.map((x) => x.list?.listId)),
  tables: grouped(u.units.map((x) => x.row?.tableId)),
  headings: u.headings.map((h) => [h.depth, h.slug, h.span]),
  links: u.links,
  comments: u.comments,
});
const whole = (t: string) => view(buildUnits(parseMarkdown(t).tree, t));
/** Section by section: only with a cache does buildUnitsChunked split the text. */
const chunked = (t: string, cache: ChunkCache = new Map()) => view(buildUnitsChunked(t, cache).units);

describe('splitChunks', () => {
  it('splits before headings, not inside fences, comments or front matter', () => {
    const text = '---\ntitle: x\n# not a heading\n---\n# A\ntext\n```\n# code\n```\n<!--\n# comment\n-->\n## B\n# C\n';
    expect(splitChunks(text).map((c) => c.text.split('\n')[0])).toEqual(['---', '# A', '## B', '# C']);
  });
  it('does not split a document with link reference definitions', () => {
    expect(splitChunks('# A\n[x][r]\n# B\n[r]: ./a.md\n')).toHaveLength(1);
  });
});

describe('chunked units', () => {
  it('equal the units of one parse (policies/)', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    for (const dir of ['conforming-ja', 'conforming-en', 'flawed-ja', 'flawed-ja-partial']) {
      for (const f of readdirSync(`policies/${dir}`).filter((n) => n.endsWith('.md'))) {
        const t = readFileSync(`policies/${dir}/${f}`, 'utf8');
        expect(chunked(t), `${dir}/${f}`).toEqual(whole(t));
      }
    }
  });

  it('equal the units of one parse (random documents)', () => {
    const part = fc.constantFrom('# A\n', '## B\n', '### C\n', 'text 報告する。\n', '- item\n  - nested\n', '> quote\n', '| a | b |\n|---|---|\n| 1 | 2 |\n', '```\n# x\n```\n', '<!-- c\n# y\n-->\n', '\n', '1. one\n2. two\n', '[l](./x.md#a)\n', '# A\n', '# A-1\n', '## a 1\n');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        const t = parts.join('');
        expect(chunked(t)).toEqual(whole(t));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('equal the units of one parse over a run of edits with one cache (random documents)', () => {
    const part = fc.constantFrom('# A\n', '## B\n', '### C\n', 'text 報告する。\n', '- item\n  - nested\n', '> quote\n', '| a | b |\n|---|---|\n| 1 | 2 |\n', '```\n# x\n```\n', '\n', '1. one\n2. two\n', '第1条 職員は報告する。\n', '# A\n', '# A-1\n');
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 2 }), insert: fc.array(part, { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 25 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (parts, edits) => {
        const cache: ChunkCache = new Map();
        let doc = [...parts];
        expect(chunked(doc.join(''), cache)).toEqual(whole(doc.join('')));
        for (const e of edits) {
          const at = e.at % (doc.length + 1);
          doc = [...doc.slice(0, at), ...e.insert, ...doc.slice(at + e.remove)];
          const t = doc.join('');
          expect(chunked(t, cache)).toEqual(whole(t));
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('places the sections before an edit again as they were, and no others', () => {
    const cache: ChunkCache = new Map();
    const before = '# A\n\ntext 報告する。\n\n## B\n\n- item\n\n# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## C\n\nmore.\n';
    const first = buildUnitsChunked(before, cache).units;
    // A heading renamed in place (same length): the later duplicate '# A' changes its slug.
    const after = before.replace('## B', '## A').replace('# A\n\n|', '# A\n\n|');
    const second = buildUnitsChunked(after, cache).units;
    expect(view(second)).toEqual(whole(after));
    expect(second.units[0]).toBe(first.units[0]);
    expect(second.units[1]).toBe(first.units[1]);
    expect(second.headings.map((h) => h.slug)).toEqual(['a', 'a-1', 'a-2', 'c']);
    // An edit that moves what follows: the sections after it are placed anew.
    const third = buildUnitsChunked(after.replace('more.', 'more text.'), cache).units;
    expect(view(third)).toEqual(whole(after.replace('more.', 'more text.')));
    expect(third.units[0]).toBe(first.units[0]);
    const moved = buildUnitsChunked('x\n\n' + after, cache).units;
    expect(view(moved)).toEqual(whole('x\n\n' + after));
    expect(moved.units.some((u) => second.units.includes(u))).toBe(false);
  });

  it('re-parses only the edited section', () => {
    const sections = Array.from({ length: 20 }, (_, i) => `## Section ${i}\n\nStaff report incidents to the security hotline.\n`);
    const cache: ChunkCache = new Map();
    const before = sections.join('\n');
    chunked(before, cache);
    const reused = new Map(cache);
    const after = before.replace('Section 7\n\nStaff', 'Section 7\n\nAll staff');
    expect(chunked(after, cache)).toEqual(whole(after));
    const parsedAgain = [...cache.keys()].filter((k) => !reused.has(k));
    expect(parsedAgain).toHaveLength(1);
    expect(parsedAgain[0]).toContain('All staff');
  });
});

describe('a snippet moved to its place (Snippet.shifted)', () => {
  const { units } = buildUnits(parseMarkdown('# 体制\n\n職員は、**直ちに**報告窓口に報告する。\n').tree, '# 体制\n\n職員は、**直ちに**報告窓口に報告する。\n');
  const sentence = units.find((u) => u.kind === 'sentence')!.snippet;

  it('locates every character, its slices and its normalized text that much further on', () => {
    const moved = sentence.shifted(1000).shifted(20);
    for (let i = 0; i <= sentence.text.length; i++) expect(moved.offsetAt(i)).toBe(sentence.offsetAt(i) + 1020);
    expect(moved.span).toEqual({ start: sentence.span.start + 1020, end: sentence.span.end + 1020 });
    const at = moved.norm.indexOf('報告窓口');
    expect(moved.spanOfNorm(at, at + 4)).toEqual({ start: sentence.spanOfNorm(at, at + 4).start + 1020, end: sentence.spanOfNorm(at, at + 4).end + 1020 });
    const slice = moved.slice(4, 10);
    expect(slice.text).toBe(sentence.slice(4, 10).text);
    expect(slice.span).toEqual({ start: sentence.slice(4, 10).span.start + 1020, end: sentence.slice(4, 10).span.end + 1020 });
    expect(slice.offsetAt(2)).toBe(sentence.offsetAt(6) + 1020);
  });

  it('is itself when moved by nothing', () => {
    expect(sentence.shifted(0)).toBe(sentence);
  });
});
