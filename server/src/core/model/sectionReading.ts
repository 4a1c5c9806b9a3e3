import type { Lexicon } from '../../lexicon';
import type { Span } from '../types';
import type { Section } from './chunkedUnits';
import type { RoleIdentity } from './readers/duties';
import type { Alias } from './readers/titles';
import type { Assignment, ClauseRef, Edge, Endpoint, Responsibility, TitleDefinition } from './types';
import type { Unit } from './units';

/**
 * What the readers read in one section, kept with the section's parse (chunkedUnits.ts) so that
 * after a keystroke only the edited section is read again. A section's reading depends on its
 * own text, the headings above it (a sentence that names nobody speaks of its heading's role) and
 * the lexicon — nothing else: the context a reader consults (the sentence before, the list's
 * lead-in, the article, a table's header) never reaches across a heading, and a section starts
 * at one. The results of each reading phase are kept apart, so that concatenated section by
 * section they come in the order one reading of the whole document gives.
 */
export interface SectionReading {
  /** Assignments read from tables, from the units' sentences, from the sentences of table cells. */
  assignments: [Assignment[], Assignment[], Assignment[]];
  /** Edges read from the units (rows and sentences), from cell sentences, from numbered steps. */
  edges: [Edge[], Edge[], Edge[]];
  /** Title definitions read from tables and from the units. */
  definitions: [TitleDefinition[], TitleDefinition[]];
  /** Identities and responsibilities read from the units' sentences and from cell sentences. */
  identities: [RoleIdentity[], RoleIdentity[]];
  responsibilities: [Responsibility[], Responsibility[]];
  aliases: Alias[];
  clauseRefs: ClauseRef[];
}

/** A section's reading as cached: where the section and the headings above it stood when read. */
export interface CachedReading {
  lexicon: Lexicon;
  /** The headings above the section (depth and text), which its reading may speak of. */
  ancestors: string;
  start: number;
  end: number;
  ancestorSpans: Span[];
  reading: SectionReading;
}

/** The headings above a section: those of its first unit's path that begin before it. */
export function ancestorsOf(section: Section, units: readonly Unit[]): Array<{ key: string; span: Span }> {
  const first = units[section.from];
  if (!first) return [];
  return first.sectionPath
    .filter((h) => h.span.start < section.start)
    .map((h) => ({
      key: `${h.depth} ${h.snippet.text}`,
      span: { start: Math.min(h.span.start, h.snippet.span.start), end: Math.max(h.span.end, h.snippet.span.end) },
    }));
}

/**
 * The cached reading moved to where the section now stands (new objects; itself where nothing
 * moved), or undefined when some span lies neither in the section nor in a heading above it and
 * so cannot be placed.
 */
export function relocated(cached: CachedReading, start: number, ancestorSpans: Span[]): SectionReading | undefined {
  const shift = start - cached.start;
  // Where nothing moved, the reading is used as it is (the extractor copies what it changes).
  if (!shift && ancestorSpans.every((a, i) => a.start === cached.ancestorSpans[i]!.start)) return cached.reading;
  let lost = false;
  const move = (s: Span): Span => {
    if (s.start >= cached.start && s.end <= cached.end) return shift ? { start: s.start + shift, end: s.end + shift } : { ...s };
    for (const [i, a] of cached.ancestorSpans.entries()) {
      if (s.start >= a.start && s.end <= a.end) {
        const d = ancestorSpans[i]!.start - a.start;
        return { start: s.start + d, end: s.end + d };
      }
    }
    lost = true;
    return s;
  };
  const endpoint = (e: Endpoint): Endpoint => ({ ...e, span: move(e.span) });
  const edge = (e: Edge): Edge => ({ ...e, from: e.from && endpoint(e.from), to: endpoint(e.to), span: move(e.span) });
  const assignment = (a: Assignment): Assignment => {
    const c: Assignment = { ...a, role: endpoint(a.role), holder: endpoint(a.holder), span: move(a.span) };
    if (a.designatedBy) c.designatedBy = endpoint(a.designatedBy);
    return c;
  };
  const responsibility = (r: Responsibility): Responsibility => {
    const c: Responsibility = { ...r, post: endpoint(r.post), span: move(r.span) };
    if (r.object) c.object = move(r.object);
    if (r.to) c.to = r.to.map(endpoint);
    return c;
  };
  const spanned = <T extends { span: Span }>(x: T): T => ({ ...x, span: move(x.span) });
  const r = cached.reading;
  const out: SectionReading = {
    assignments: [r.assignments[0].map(assignment), r.assignments[1].map(assignment), r.assignments[2].map(assignment)],
    edges: [r.edges[0].map(edge), r.edges[1].map(edge), r.edges[2].map(edge)],
    definitions: [r.definitions[0].map(spanned), r.definitions[1].map(spanned)],
    // Neither holds a span, and nothing changes them after reading.
    identities: r.identities,
    responsibilities: [r.responsibilities[0].map(responsibility), r.responsibilities[1].map(responsibility)],
    aliases: r.aliases,
    clauseRefs: r.clauseRefs.map(spanned),
  };
  return lost ? undefined : out;
}
