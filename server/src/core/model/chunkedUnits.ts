import GithubSlugger from 'github-slugger';
import { splitChunks } from '../parse/chunks';
import { parseMarkdown, type FrontMatter } from '../parse/markdown';
import type { Span } from '../types';
import type { CachedReading } from './sectionReading';
import { buildUnits, listContext, newUnit, rowContext, type DocumentUnits, type HeadingInfo, type Unit } from './units';

/**
 * Text units built section by section (see parse/chunks.ts), each section's parse cached by
 * its text: after a keystroke only the edited section is parsed again; the others are reused
 * and moved to their new place. The result is the same as building units from one parse.
 */
export interface ChunkResult {
  units: DocumentUnits;
  frontMatter: FrontMatter;
  /** What the readers read in this section when it was last read (extract.ts), kept with its parse. */
  reading?: CachedReading;
}

/**
 * One section of the built units: its place in the text, its units (`from` ≤ index < `to`) and
 * its cached parse, where extract keeps what it read there so that an edit re-reads only the
 * section it touched.
 */
export interface Section {
  start: number;
  end: number;
  from: number;
  to: number;
  chunk: ChunkResult;
}

export type ChunkCache = Map<string, ChunkResult>;

export function buildUnitsChunked(text: string, cache?: ChunkCache): { units: DocumentUnits; frontMatter: FrontMatter; sections?: Section[] } {
  // Without a cache there is nothing to reuse: one parse is cheaper than one per section.
  const chunks = cache ? splitChunks(text) : [{ start: 0, text }];
  const parsed = chunks.map((c) => {
    let r = cache?.get(c.text);
    if (!r) {
      const { tree, frontMatter } = parseMarkdown(c.text);
      r = { units: buildUnits(tree, c.text), frontMatter };
      cache?.set(c.text, r);
    }
    return { base: c.start, r };
  });
  if (cache) {
    // Keep only the sections of the current text: the cache follows the document.
    const live = new Set(chunks.map((c) => c.text));
    for (const k of cache.keys()) if (!live.has(k)) cache.delete(k);
  }
  if (!cache) return { units: parsed[0]!.r.units, frontMatter: parsed[0]!.r.frontMatter };
  const sections: Section[] = [];
  let from = 0;
  for (const [i, p] of parsed.entries()) {
    const to = from + p.r.units.units.length;
    sections.push({ start: p.base, end: p.base + chunks[i]!.text.length, from, to, chunk: p.r });
    from = to;
  }
  const units = parsed.length === 1 ? parsed[0]!.r.units : merge(parsed);
  return { units, frontMatter: parsed[0]!.r.frontMatter, sections };
}

function merge(parts: Array<{ base: number; r: ChunkResult }>): DocumentUnits {
  const units: Unit[] = [];
  const headings: HeadingInfo[] = [];
  const links: DocumentUnits['links'] = [];
  const comments: DocumentUnits['comments'] = [];
  const anchors: string[] = [];
  const codes: DocumentUnits['codes'] = [];
  const tags: DocumentUnits['tags'] = [];
  const slugger = new GithubSlugger();
  const path: HeadingInfo[] = [];
  let pathSnapshot: HeadingInfo[] = [];
  let listBase = 0;
  let tableBase = 0;
  for (const { base, r } of parts) {
    const shift = (s: Span): Span => ({ start: s.start + base, end: s.end + base });
    const headingMap = new Map<HeadingInfo, HeadingInfo>();
    const unitMap = new Map<Unit, Unit>();
    let maxList = -1;
    let maxTable = -1;
    for (const u of r.units.units) {
      let heading: HeadingInfo | undefined;
      if (u.heading) {
        const h = u.heading;
        const snippet = h.snippet.shifted(base);
        heading = { index: headings.length, depth: h.depth, snippet, slug: slugger.slug(snippet.text), span: shift(h.span) };
        headings.push(heading);
        headingMap.set(h, heading);
        while (path.length && path[path.length - 1]!.depth >= heading.depth) path.pop();
        pathSnapshot = [...path];
      }
      const l = u.list;
      const list = l ? listContext(l.listId + listBase, l.ordered, l.item, l.depth, l.leadIn ? unitMap.get(l.leadIn) : undefined, l.first) : undefined;
      const row = u.row
        ? rowContext(
            u.row.tableId + tableBase,
            u.row.leadIn ? unitMap.get(u.row.leadIn) : undefined,
            u.row.header.map((c) => c.shifted(base)),
            u.row.cells.map((c) => c.shifted(base)),
          )
        : undefined;
      if (u.list) maxList = Math.max(maxList, u.list.listId);
      if (u.row) maxTable = Math.max(maxTable, u.row.tableId);
      const nu = newUnit(units.length, u.kind, u.snippet.shifted(base), path[path.length - 1], pathSnapshot, list, row, u.sentence, heading);
      units.push(nu);
      unitMap.set(u, nu);
      if (u.article) nu.article = unitMap.get(u.article);
      if (u.quote) nu.quote = true;
      if (heading) {
        path.push(heading);
        pathSnapshot = [...path];
      }
    }
    for (const l of r.units.links) links.push({ url: l.url, span: shift(l.span), urlSpan: shift(l.urlSpan) });
    for (const c of r.units.comments) comments.push({ value: c.value, span: shift(c.span) });
    anchors.push(...r.units.anchors);
    for (const c of r.units.codes) codes.push({ value: c.value, span: shift(c.span) });
    for (const t of r.units.tags) tags.push({ value: t.value, span: shift(t.span) });
    listBase += maxList + 1;
    tableBase += maxTable + 1;
  }
  return { units, headings, links, comments, anchors, codes, tags };
}
