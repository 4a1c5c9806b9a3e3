import type { DocumentModel } from '../model/document';
import type { Placeholder } from '../model/placeholders';
import { Snippet } from '../model/snippet';
import type { Endpoint } from '../model/types';
import { newUnit, type Unit } from '../model/units';
import type { Finding, Localized, Span } from '../types';
import type { PolicySet } from './policySet';

/**
 * Placeholders satisfy nothing (checks.md, "Placeholders are not content"): a CSIRT lead whose
 * holder is 〔役職名〕 has no holder, an edge from `<post>` has no reporter, a contact point whose
 * phone is 〔番号〕 is not a contact point. Yet the fixes that insert those placeholders must stay
 * idempotent — re-analysis after 「CSIRT責任者には、〔役職名〕を充てる。」 must not report
 * csirt-lead-assigned again and offer the same sentence a second time — and one gap must give
 * one finding, not two (no knock-on findings).
 *
 * So the rules read the set as written, placeholders included, and stay silent; what the
 * placeholders keep unmet is found by reading the set again without them, and reported once, on
 * each placeholder, by `placeholder-unfilled` with the clauses it blocks:
 *
 * 1. A *placeholder statement* is a sentence or table row with a placeholder in it. Without
 *    it, the set loses the statement's text (its mentions, concepts, measures, contact details:
 *    「電話：〔番号〕」 gives no contact details) and every assignment and edge whose end is a
 *    placeholder; assignments and edges between real posts that the statement also makes stay
 *    (「CSIRT責任者は、直ちに所管省庁に連絡する（緊急連絡先：〔番号〕）」 still makes the edge).
 * 2. The rules with clauses run on the set without any placeholder statement. A finding that
 *    run has and the real one has not (the same rule at the same place) is a requirement met
 *    only through placeholders. Most sets
 *    have no placeholder at all and cost nothing; a set with placeholders but no such finding
 *    costs one run.
 * 3. Each such requirement is charged to the statements it depends on: a statement is charged
 *    when hiding it alone brings the finding back (it is needed: both edges of
 *    staff → 窓口 → 〔役職名〕 → CISO), or — for a requirement no statement is needed for —
 *    when restoring it alone takes the finding away (it is enough: one of two placeholder CSIRT
 *    leads). Only the rules that fired run again, on halves of the statements down to the single
 *    ones, within a bounded number of readings (what is left unresolved when they are spent is
 *    charged whole). A requirement no single statement explains is charged to all of them.
 *
 * The core stays pure: `run` is the engine's own rule runner over a set.
 */

export interface Blocked {
  rule: string;
  clauses: string[];
  /** The requirement (the rule's title). */
  title: Localized;
}

export interface UnfilledRequirements {
  /** What stays unmet until this placeholder (and the statement it is in) is filled. */
  of(doc: DocumentModel, p: Placeholder): Blocked[];
}

export const NOTHING_UNFILLED: UnfilledRequirements = { of: () => [] };

/**
 * Readings of the set at most, beyond the first (each costs one run of the rules that fired):
 * a group still unresolved when they are spent is charged whole, so that a document of many
 * placeholders cannot make an analysis slow.
 */
export const MAX_PROBES = 64;

/** A set's runner: findings of the rules with clauses (only `rules` when given) on a set. */
export type SetRunner = (set: PolicySet, rules?: Set<string>) => Finding[];

/** `uri#unit` of every placeholder statement of the set. */
export function placeholderStatements(set: PolicySet): string[] {
  const out: string[] = [];
  for (const doc of set.members) for (const u of statementUnits(doc)) out.push(`${doc.uri}#${u}`);
  return out;
}

/** Units of a document (sentences and rows, not headings) that hold a placeholder. */
function statementUnits(doc: DocumentModel): number[] {
  const out: number[] = [];
  for (const p of doc.placeholders) {
    if (p.unit === undefined || out[out.length - 1] === p.unit || doc.units[p.unit]?.kind === 'heading') continue;
    out.push(p.unit);
  }
  return out;
}

export function unfilledRequirements(set: PolicySet, normal: Finding[], run: SetRunner, titleOf: (rule: string) => Localized): UnfilledRequirements {
  const statements = placeholderStatements(set);
  if (!statements.length) return NOTHING_UNFILLED;
  const known = new Set(normal.map(findingKey));
  const fresh = (fs: Finding[]): Finding[] => fs.filter((f) => !known.has(findingKey(f)));
  const strict = fresh(run(without(set, new Set(statements))));
  if (!strict.length) return NOTHING_UNFILLED;

  const count = new Map<string, number>();
  const clauses = new Map<string, Set<string>>();
  for (const f of strict) {
    count.set(f.rule, (count.get(f.rule) ?? 0) + 1);
    const c = clauses.get(f.rule) ?? new Set<string>();
    for (const x of f.clauses) c.add(x);
    clauses.set(f.rule, c);
  }
  const fired = new Set(count.keys());
  const charged = new Map<string, Set<string>>();
  const charge = (statement: string, rule: string) => {
    const s = charged.get(statement) ?? new Set<string>();
    s.add(rule);
    charged.set(statement, s);
  };
  // Needed: hiding the statement alone brings the finding back. Hiding more takes more away and
  // brings back at least as much (knock-on silence aside), so a group whose hiding brings back
  // none of a rule's findings holds no statement needed for it: the groups are halved until single statements remain (a few readings for a
  // template of forty placeholder sentences, of which one or two matter).
  let probes = 0;
  const probe = (group: string[], rules: Set<string>): Set<string> => {
    probes++;
    return new Set(fresh(run(without(set, new Set(group)), rules)).map((f) => f.rule));
  };
  // Halves a group of statements while `test` still finds some of `rules` for it; a statement
  // left alone is charged with what was found (past the budget, the whole group is).
  const bisect = (group: string[], rules: Set<string>, test: (group: string[], rules: Set<string>) => Set<string>, known?: Set<string>): void => {
    if (!known && probes >= MAX_PROBES) {
      for (const st of group) for (const rule of rules) charge(st, rule);
      return;
    }
    const hit = known ?? test(group, rules);
    if (!hit.size) return;
    if (group.length === 1) {
      for (const rule of hit) charge(group[0]!, rule);
      return;
    }
    const half = Math.ceil(group.length / 2);
    bisect(group.slice(0, half), hit, test);
    bisect(group.slice(half), hit, test);
  };
  // Needed: hiding it alone brings the finding back.
  bisect(statements, fired, (group, rules) => new Set([...probe(group, rules)].filter((r) => rules.has(r))), fired);
  // Enough: restoring it alone takes the finding away — asked only where no statement is needed
  // (the requirement is met several times over, by placeholders each). Restoring more takes at
  // least as many findings away: halved the same way, within the same budget.
  const redundant = new Set([...fired].filter((rule) => ![...charged.values()].some((c) => c.has(rule))));
  const restoring = (group: string[], rules: Set<string>): Set<string> => {
    probes++;
    const restored = new Set(group);
    const left = fresh(run(without(set, new Set(statements.filter((x) => !restored.has(x)))), rules));
    return new Set([...rules].filter((rule) => left.filter((f) => f.rule === rule).length < count.get(rule)!));
  };
  if (redundant.size) bisect(statements, redundant, restoring);
  for (const rule of fired) {
    if ([...charged.values()].some((s) => s.has(rule))) continue;
    for (const st of statements) charge(st, rule);
  }
  const blocked = (rule: string): Blocked => ({ rule, clauses: [...clauses.get(rule)!], title: titleOf(rule) });
  return {
    of: (doc, p) => {
      const rules = p.unit === undefined ? undefined : charged.get(`${doc.uri}#${p.unit}`);
      return rules ? [...rules].sort().map(blocked) : [];
    },
  };
}

/**
 * A finding by rule and place, not message: without a placeholder a rule may say the same gap
 * in other words (a missing police report proposed for the CSIRT lead once the CSIRT's only
 * mention is gone) — that is no requirement the placeholder meets.
 */
function findingKey(f: Finding): string {
  return `${f.rule}|${f.uri}|${f.range.start.line}:${f.range.start.character}`;
}

/** The set as it would read without the given placeholder statements (`uri#unit`). */
export function without(set: PolicySet, statements: Set<string>): PolicySet {
  const variants = new Map<DocumentModel, DocumentModel>();
  const of = (doc: DocumentModel): DocumentModel => {
    let v = variants.get(doc);
    if (!v) {
      const parts = partsOf(doc);
      const hidden = new Set<number>();
      for (const u of parts.units) if (statements.has(`${doc.uri}#${u}`)) hidden.add(u);
      v = hidden.size ? withoutStatements(doc, parts, hidden) : doc;
      variants.set(doc, v);
    }
    return v;
  };
  return { root: of(set.root), members: set.members.map(of) };
}

/**
 * What each placeholder statement of a document carries, worked out once per model: a set is read
 * without some of its statements twice per statement, and each reading must cost little.
 */
interface StatementParts {
  units: number[];
  /** The statement a fact's end (or a definition, or an unread sentence) is a placeholder of. */
  assignment: Map<object, number[]>;
  edge: Map<object, number[]>;
  definition: Map<object, number[]>;
  unread: Map<object, number>;
  blank: Map<number, Unit>;
}

const partsCache = new WeakMap<DocumentModel, StatementParts>();
function partsOf(doc: DocumentModel): StatementParts {
  const cached = partsCache.get(doc);
  if (cached) return cached;
  const units = statementUnits(doc);
  const blanks = doc.placeholders.filter((p) => p.unit !== undefined && units.includes(p.unit));
  const of = (span: Span): number[] => [...new Set(blanks.filter((b) => overlaps(b.span, span)).map((b) => b.unit!))];
  const ends = (...eps: Array<Endpoint | undefined>): number[] => [...new Set(eps.flatMap((ep) => (ep && !ep.implicit ? of(ep.span) : [])))];
  const assignment = new Map<object, number[]>();
  const edge = new Map<object, number[]>();
  const definition = new Map<object, number[]>();
  const unread = new Map<object, number>();
  if (blanks.length) {
    for (const a of doc.assignments) {
      const u = ends(a.holder, a.role);
      if (u.length) assignment.set(a, u);
    }
    for (const e of doc.edges) {
      const u = ends(e.from, e.to);
      if (u.length) edge.set(e, u);
    }
    for (const d of doc.definitions) {
      const u = of(d.span);
      if (u.length) definition.set(d, u);
    }
    for (const x of doc.unread) {
      const u = units.find((i) => {
        const s = doc.units[i]!.snippet.span;
        return x.span.start >= s.start && x.span.start < Math.max(s.end, s.start + 1);
      });
      if (u !== undefined) unread.set(x, u);
    }
  }
  const blank = new Map(units.map((i) => [i, blankUnit(doc.units[i]!)]));
  const parts = { units, assignment, edge, definition, unread, blank };
  partsCache.set(doc, parts);
  return parts;
}

function withoutStatements(doc: DocumentModel, parts: StatementParts, hidden: Set<number>): DocumentModel {
  const gone = (m: Map<object, number[]>, x: object): boolean => m.get(x)?.some((u) => hidden.has(u)) ?? false;
  return {
    ...doc,
    units: doc.units.map((u) => (hidden.has(u.index) ? parts.blank.get(u.index)! : u)),
    mentions: doc.mentions.map((m, i) => (hidden.has(i) ? [] : m)),
    assignments: parts.assignment.size ? doc.assignments.filter((a) => !gone(parts.assignment, a)) : doc.assignments,
    edges: parts.edge.size ? doc.edges.filter((e) => !gone(parts.edge, e)) : doc.edges,
    definitions: parts.definition.size ? doc.definitions.filter((d) => !gone(parts.definition, d)) : doc.definitions,
    unread: parts.unread.size ? doc.unread.filter((x) => !hidden.has(parts.unread.get(x) ?? -1)) : doc.unread,
  };
}

/** The unit with no text left: it states nothing, but keeps its place (index, section, list). */
function blankUnit(u: Unit): Unit {
  const blank = newUnit(u.index, u.kind, new Snippet('', [u.snippet.span.start]), u.section, u.sectionPath, u.list, u.row, u.sentence, u.heading);
  blank.article = u.article;
  blank.quote = u.quote;
  return blank;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
