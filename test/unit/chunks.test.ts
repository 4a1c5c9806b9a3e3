import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUnitsChunked, type ChunkCache } from '../../server/src/core/model/chunkedUnits';
import { buildUnits } from '../../server/src/core/model/units';
import { splitChunks } from '../../server/src/core/parse/chunks';
import { parseMarkdown } from '../../server/src/core/parse/markdown';

/** Section-by-section parsing gives exactly what one parse gives, and reuses unchanged sections. */
const view = (u: ReturnType<typeof buildUnits>) => ({
  units: u.units.map((x) => [x.kind, x.snippet.text, x.snippet.span, x.section?.snippet.text, x.sectionPath.map((h) => h.slug), x.list && [x.list.ordered, x.list.item, x.list.first, x.list.leadIn?.index], x.row?.cells.map((c) => c.text), x.row?.leadIn?.index]),
  headings: u.headings.map((h) => [h.depth, h.slug, h.span]),
  links: u.links,
  comments: u.comments,
});
const whole = (t: string) => view(buildUnits(parseMarkdown(t).tree, t));
const chunked = (t: string, cache?: ChunkCache) => view(buildUnitsChunked(t, cache).units);

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
    const part = fc.constantFrom('# A\n', '## B\n', '### C\n', 'text 報告する。\n', '- item\n  - nested\n', '> quote\n', '| a | b |\n|---|---|\n| 1 | 2 |\n', '```\n# x\n```\n', '<!-- c\n# y\n-->\n', '\n', '1. one\n2. two\n', '[l](./x.md#a)\n', '# A\n');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        const t = parts.join('');
        expect(chunked(t)).toEqual(whole(t));
      }),
      { seed: 7, numRuns: 300 },
    );
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
