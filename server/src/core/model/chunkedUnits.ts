import { slug as baseSlug } from 'github-slugger';
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

/**
 * A section's units as the last merge placed them. When the section stands where it stood — the
 * same offset, unit, heading, list and table numbering, the same headings above it and the same
 * slugs (which count the headings before) — they are used again as they are: an edit leaves the
 * sections before it untouched, and building their units anew was a tenth of a keystroke.
 */
interface Placed {
  base: number;
  unitStart: number;
  headingStart: number;
  listBase: number;
  tableBase: number;
  pathIn: HeadingInfo[];
  slugs: string[];
  units: Unit[];
  headings: HeadingInfo[];
  links: DocumentUnits['links'];
  comments: DocumentUnits['comments'];
  codes: DocumentUnits['codes'];
  tags: DocumentUnits['tags'];
  pathOut: HeadingInfo[];
  snapshotOut: HeadingInfo[];
  lists: number;
  tables: number;
}
const placements = new WeakMap<ChunkResult, Placed>();

function merge(parts: Array<{ base: number; r: ChunkResult }>): DocumentUnits {
  const units: Unit[] = [];
  const headings: HeadingInfo[] = [];
  const links: DocumentUnits['links'] = [];
  const comments: DocumentUnits['comments'] = [];
  const anchors: string[] = [];
  const codes: DocumentUnits['codes'] = [];
  const tags: DocumentUnits['tags'] = [];
  const slugger = new Slugs();
  let path: HeadingInfo[] = [];
  let pathSnapshot: HeadingInfo[] = [];
  let listBase = 0;
  let tableBase = 0;
  for (const { base, r } of parts) {
    // Every heading's slug, in order, whether the section is placed anew or again.
    let bases = baseSlugs.get(r);
    if (!bases) {
      bases = [];
      for (const u of r.units.units) if (u.heading) bases.push(baseSlug(u.heading.snippet.text));
      baseSlugs.set(r, bases);
    }
    const slugs = bases.map((b) => slugger.next(b));
    anchors.push(...r.units.anchors);
    const before = placements.get(r);
    if (before && samePlace(before, base, units.length, headings.length, listBase, tableBase, path, slugs)) {
      for (const u of before.units) units.push(u);
      for (const h of before.headings) headings.push(h);
      for (const l of before.links) links.push(l);
      for (const c of before.comments) comments.push(c);
      for (const c of before.codes) codes.push(c);
      for (const t of before.tags) tags.push(t);
      path = [...before.pathOut];
      pathSnapshot = before.snapshotOut;
      listBase += before.lists;
      tableBase += before.tables;
      continue;
    }
    const placed: Placed = {
      base,
      unitStart: units.length,
      headingStart: headings.length,
      listBase,
      tableBase,
      pathIn: [...path],
      slugs,
      units: [],
      headings: [],
      links: [],
      comments: [],
      codes: [],
      tags: [],
      pathOut: [],
      snapshotOut: [],
      lists: 0,
      tables: 0,
    };
    const shift = (s: Span): Span => ({ start: s.start + base, end: s.end + base });
    const unitMap = new Map<Unit, Unit>();
    let maxList = -1;
    let maxTable = -1;
    let slug = 0;
    for (const u of r.units.units) {
      let heading: HeadingInfo | undefined;
      if (u.heading) {
        const h = u.heading;
        const snippet = h.snippet.shifted(base);
        heading = { index: headings.length, depth: h.depth, snippet, slug: slugs[slug++]!, span: shift(h.span) };
        headings.push(heading);
        placed.headings.push(heading);
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
      placed.units.push(nu);
      unitMap.set(u, nu);
      if (u.article) nu.article = unitMap.get(u.article);
      if (u.quote) nu.quote = true;
      if (heading) {
        path.push(heading);
        pathSnapshot = [...path];
      }
    }
    for (const l of r.units.links) placed.links.push({ url: l.url, span: shift(l.span), urlSpan: shift(l.urlSpan) });
    for (const c of r.units.comments) placed.comments.push({ value: c.value, span: shift(c.span) });
    for (const c of r.units.codes) placed.codes.push({ value: c.value, span: shift(c.span) });
    for (const t of r.units.tags) placed.tags.push({ value: t.value, span: shift(t.span) });
    links.push(...placed.links);
    comments.push(...placed.comments);
    codes.push(...placed.codes);
    tags.push(...placed.tags);
    placed.pathOut = [...path];
    placed.snapshotOut = pathSnapshot;
    placed.lists = maxList + 1;
    placed.tables = maxTable + 1;
    placements.set(r, placed);
    listBase += maxList + 1;
    tableBase += maxTable + 1;
  }
  return { units, headings, links, comments, anchors, codes, tags };
}

/** Each section's headings' slugs before numbering, made once per parse (a regex over each heading). */
const baseSlugs = new WeakMap<ChunkResult, string[]>();

/**
 * GitHub's anchors for a document's headings: the base slug, numbered from its second use on
 * ("a", "a-1", …) exactly as github-slugger's class numbers them, given base slugs kept per section.
 */
class Slugs {
  private readonly occurrences = new Map<string, number>();
  next(base: string): string {
    let result = base;
    while (this.occurrences.has(result)) {
      const n = this.occurrences.get(base)! + 1;
      this.occurrences.set(base, n);
      result = `${base}-${n}`;
    }
    this.occurrences.set(result, 0);
    return result;
  }
}

function samePlace(p: Placed, base: number, unitStart: number, headingStart: number, listBase: number, tableBase: number, path: HeadingInfo[], slugs: string[]): boolean {
  return (
    p.base === base &&
    p.unitStart === unitStart &&
    p.headingStart === headingStart &&
    p.listBase === listBase &&
    p.tableBase === tableBase &&
    p.pathIn.length === path.length &&
    p.pathIn.every((h, i) => h === path[i]) &&
    p.slugs.length === slugs.length &&
    p.slugs.every((x, i) => x === slugs[i])
  );
}
