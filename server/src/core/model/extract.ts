import type { Lexicon } from '../../lexicon';
import { isJapaneseSentence } from './grammar';
import { holderKey } from './holders';
import { findMentions, type Mention } from './mentions';
import { readArrows, hasArrow } from './readers/arrows';
import { readJapaneseAssignments } from './readers/assignJa';
import { readEnglishAssignments } from './readers/assignEn';
import { findClauseRefs } from './readers/clauseRefs';
import { readColonLists } from './readers/colonLists';
import { ReadingContext } from './readers/context';
import { readCsirt, type CsirtReading } from './readers/csirt';
import { readContactDuties, readRoleIdentities, type RoleIdentity } from './readers/duties';
import { readEnglishProse } from './readers/enProse';
import { readResponsibilities } from './readers/responsibilities';
import { readJapaneseProse } from './readers/jaProse';
import { readMeasures, type Measure } from './readers/measures';
import { readSteps } from './readers/steps';
import { readTables } from './readers/tables';
import { readTitleDefinitions, type Alias } from './readers/titles';
import { readIndex, readUnread } from './readers/unread';
import type { Assignment, ClauseRef, Edge, Endpoint, Responsibility, TitleDefinition, Unread } from './types';
import type { Section } from './chunkedUnits';
import { ancestorsOf, relocated, type SectionReading } from './sectionReading';
import type { Unit } from './units';

/**
 * The extractor: runs each reader — one per written form, see readers/ — over a document's text
 * units and gathers what they read: assignments, reporting edges, title definitions, aliases,
 * clause references, the CSIRT's establishment and tasks, targeted-attack measures, and the
 * sentences that plausibly state something no reader could read. Everything here is a pure
 * function of the units and the lexicon; nothing is resolved across documents (set/resolve.ts).
 */

export interface Extraction {
  /** 「X（以下「Y」という。）」 / X ("Y"): Y is another name of X (both title keys). */
  aliases: Alias[];
  mentions: Mention[][];
  edges: Edge[];
  assignments: Assignment[];
  definitions: TitleDefinition[];
  clauseRefs: ClauseRef[];
  csirt: CsirtReading;
  measures: Measure[];
  /** What posts are said to do: operate the systems, lead the response, liaise, stay independent. */
  responsibilities: Responsibility[];
  unread: Unread[];
}

/**
 * A unit longer than this is no sentence anyone wrote (a line of 40,000 names, 50,000 arrows):
 * the readers pass over it, so that reading stays linear in the document.
 */
export const MAX_READABLE_UNIT = 4000;

export function extract(units: Unit[], lexicon: Lexicon, sections?: Section[]): Extraction {
  if (!sections) {
    const mentions = units.map((u) => findMentions(u.snippet, lexicon));
    const ctx = new ReadingContext(units, mentions, lexicon);
    return finish(ctx, [readSection(ctx, units)]);
  }
  // Section by section, each read again only when its text, the headings above it or the
  // lexicon changed (sectionReading.ts); the others are moved to where they now stand.
  // Mentions are kept with each snippet's parse (mentions.ts): an unchanged section finds them there.
  const mentions = units.map((u) => findMentions(u.snippet, lexicon));
  const ctx = new ReadingContext(units, mentions, lexicon);
  const readings = sections.map((s) => {
    const ancestors = ancestorsOf(s, units);
    const key = ancestors.map((a) => a.key).join('\n');
    const spans = ancestors.map((a) => a.span);
    const cached = s.chunk.reading;
    const moved = cached && cached.lexicon === lexicon && cached.ancestors === key && relocated(cached, s.start, spans);
    if (moved) return moved;
    const reading = readSection(ctx, units.slice(s.from, s.to));
    s.chunk.reading = { lexicon, ancestors: key, start: s.start, end: s.end, ancestorSpans: spans, reading };
    return reading;
  });
  return finish(ctx, readings);
}

/** Every reader that reads within a section, over that section's units (or the whole document's). */
function readSection(ctx: ReadingContext, units: readonly Unit[]): SectionReading {
  const edges: Edge[] = [];
  const assignments: Assignment[] = [];
  const definitions: TitleDefinition[] = [];
  const clauseRefs: ClauseRef[] = [];
  const aliases: Alias[] = [];
  const identities: RoleIdentity[] = [];
  const responsibilities: Responsibility[] = [];
  const edgesByUnit = new Map<number, number>();

  const tables = readTables(ctx, units);
  assignments.push(...tables.assignments);
  definitions.push(...tables.definitions);
  const proseOf = (u: Unit): Edge[] => {
    if (u.snippet.norm.length > MAX_READABLE_UNIT) return [];
    if (hasArrow(u)) {
      const arrows = readArrows(ctx, u);
      if (arrows.length) return arrows;
    }
    const colon = readColonLists(ctx, u);
    if (colon.length) return colon;
    return isJapaneseSentence(u.snippet.norm) ? readJapaneseProse(ctx, u) : readEnglishProse(ctx, u);
  };
  const assignmentsOf = (u: Unit): void => {
    if (u.snippet.norm.length > MAX_READABLE_UNIT) return;
    if (isJapaneseSentence(u.snippet.norm)) readJapaneseAssignments(ctx, u, assignments);
    else readEnglishAssignments(ctx, u, assignments);
    readContactDuties(ctx, u, assignments);
    readRoleIdentities(ctx, u, identities);
    readResponsibilities(ctx, u, responsibilities);
  };

  for (const u of units) {
    const before = edges.length;
    if (u.kind === 'row') {
      edges.push(...tables.edges.filter((e) => e.span.start === u.snippet.span.start && e.span.end === u.snippet.span.end));
    } else if (u.kind === 'sentence') {
      edges.push(...proseOf(u));
      assignmentsOf(u);
    }
    if (u.kind !== 'row' && u.snippet.norm.length <= MAX_READABLE_UNIT) readTitleDefinitions(ctx, u, definitions, aliases);
    edgesByUnit.set(u.index, edges.length - before);
    clauseRefs.push(...findClauseRefs(u));
  }
  const unitAssignments = assignments.length;
  const unitEdges = edges.length;
  const unitIdentities = identities.length;
  const unitResponsibilities = responsibilities.length;
  for (const cell of tables.cellSentences) {
    edges.push(...proseOf(cell));
    assignmentsOf(cell);
  }
  const cellEdges = edges.length;
  edges.push(...readSteps(ctx, edgesByUnit, units));
  const t = tables.assignments.length;
  return {
    assignments: [assignments.slice(0, t), assignments.slice(t, unitAssignments), assignments.slice(unitAssignments)],
    edges: [edges.slice(0, unitEdges), edges.slice(unitEdges, cellEdges), edges.slice(cellEdges)],
    definitions: [definitions.slice(0, tables.definitions.length), definitions.slice(tables.definitions.length)],
    identities: [identities.slice(0, unitIdentities), identities.slice(unitIdentities)],
    responsibilities: [responsibilities.slice(0, unitResponsibilities), responsibilities.slice(unitResponsibilities)],
    aliases,
    clauseRefs,
  };
}

/** The sections' readings in document order, and what only the whole document can tell. */
function finish(ctx: ReadingContext, readings: SectionReading[]): Extraction {
  const assignments: Assignment[] = [];
  const edges: Edge[] = [];
  const definitions: TitleDefinition[] = [];
  const identities: RoleIdentity[] = [];
  const responsibilities: Responsibility[] = [];
  const aliases: Alias[] = [];
  const clauseRefs: ClauseRef[] = [];
  /** Appends one phase's results of every section (pushed one by one: a spread of each was a quarter of this). */
  const gather = <T>(into: T[], f: (r: SectionReading) => T[]): void => {
    for (const r of readings) for (const x of f(r)) into.push(x);
  };
  for (let k = 0; k < 3; k++) gather(assignments, (r) => r.assignments[k]!);
  for (let k = 0; k < 3; k++) gather(edges, (r) => r.edges[k]!);
  for (let k = 0; k < 2; k++) {
    gather(definitions, (r) => r.definitions[k]!);
    gather(identities, (r) => r.identities[k]!);
    gather(responsibilities, (r) => r.responsibilities[k]!);
  }
  gather(aliases, (r) => r.aliases);
  gather(clauseRefs, (r) => r.clauseRefs);
  applyIdentities(identities, assignments, edges, responsibilities);
  resolveForwardReferences(ctx, edges);
  for (const a of assignments) {
    if (a.holder.title) definitions.push({ key: a.holder.title, display: a.holder.display, span: a.holder.span });
    if (a.role.title) definitions.push({ key: a.role.title, display: a.role.display, span: a.role.span });
  }
  const unread: Unread[] = [];
  const read = readIndex(assignments, edges);
  const seen = new Set<string>();
  for (const u of ctx.units) if (u.snippet.norm.length <= MAX_READABLE_UNIT) readUnread(ctx, u, read, unread, seen);
  return { aliases, mentions: ctx.mentions, edges, assignments, definitions, clauseRefs, csirt: readCsirt(ctx), measures: readMeasures(ctx.units), responsibilities, unread };
}

/**
 * A post identified as a lexicon role (「リーダーは、…CSIRTの業務を掌理する」) reads as that role.
 * What changes is copied, never changed in place: the sections' readings stay as read (cached).
 */
function applyIdentities(identities: RoleIdentity[], assignments: Assignment[], edges: Edge[], responsibilities: Responsibility[]): void {
  if (!identities.length) return;
  const roleOf = new Map(identities.map((i) => [holderKey(i.key), i.role]));
  const applied = <E extends Endpoint | undefined>(ep: E): E => {
    if (!ep || ep.role || !ep.title) return ep;
    const r = roleOf.get(holderKey(ep.title));
    return r ? { ...ep, role: r, title: undefined } : ep;
  };
  assignments.forEach((a, i) => {
    const role = applied(a.role);
    if (role !== a.role) assignments[i] = { ...a, role };
  });
  edges.forEach((e, i) => {
    const from = applied(e.from);
    const to = applied(e.to);
    if (from !== e.from || to !== e.to) edges[i] = { ...e, from, to };
  });
  responsibilities.forEach((r, i) => {
    const post = applied(r.post);
    const to = r.to?.map(applied);
    if (post !== r.post || (to && to.some((t, k) => t !== r.to![k]))) responsibilities[i] = { ...r, post, ...(to ? { to } : {}) };
  });
}

const FORWARD = /^(?:下記|以下|次)(?:の)?/u;
const CONTACT_LINE = /^(?:お?問い?合わせ先|連絡先|報告先|通報先|報告窓口|窓口|contact|report to)\s*[:：]/iu;

/**
 * 「下記フォームより報告してください。お問い合わせ先：…情報メディアセンター」: a recipient named
 * by a forward reference is the one the contact line after it names, when the excerpt has it.
 */
function resolveForwardReferences(ctx: ReadingContext, edges: Edge[]): void {
  for (const [k, e] of edges.entries()) {
    if (!FORWARD.test(e.to.display)) continue;
    const at = ctx.units.findIndex((u) => u.snippet.span.start <= e.span.start && e.span.start < u.snippet.span.end && u.kind !== 'heading');
    if (at < 0) continue;
    for (let i = at + 1; i < ctx.units.length && i <= at + 5; i++) {
      const u = ctx.units[i]!;
      if (u.kind === 'heading') break;
      const line = CONTACT_LINE.exec(u.snippet.norm.trimStart());
      if (!line) continue;
      // The office is named last on the contact line (「お問い合わせ先：…大学 情報メディアセンター」).
      const nl = u.snippet.text.indexOf('\n');
      const lineEnd = nl < 0 ? u.snippet.norm.length : u.snippet.normIndexOfText(nl);
      const m = [...ctx.mentionsOf(u)].reverse().find((x) => x.start >= line[0].length && x.end <= lineEnd && !x.vague);
      if (m) edges[k] = { ...e, to: ctx.endpoint(u, m) };
      break;
    }
  }
}
