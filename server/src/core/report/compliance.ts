import type { AnalysisResult } from '../engine';
import type { DocumentModel } from '../model/document';
import { placeholderUnfilled } from '../rules/placeholder-unfilled';
import { rules } from '../rules/registry';
import { csirtFacts, unitsMatching } from '../set/facts';
import { graphOf } from '../set/graph';
import type { PolicySet } from '../set/policySet';
import { indexOf, type SetIndex } from '../set/resolve';
import type { Finding, Localized, Range } from '../types';
import type { Lexicon } from '../../lexicon';
import { concepts, conceptPattern } from '../../lexicon';
import type { ClauseCatalog } from '../../standards';

/**
 * The compliance report model: for each policy set, every clause of the catalog with its status
 * (satisfied — with the text that satisfies it —, finding, incomplete — met only through a
 * placeholder —, suppressed with its justification, or not checked), the reporting graph with its break, and counts by severity. Renderers
 * (Markdown, HTML) only format this.
 */

/**
 * `incomplete`: the requirement is met only through placeholders (〔役職名〕, `<post>`): its only
 * findings are `placeholder-unfilled` ones, which carry the clauses a placeholder blocks.
 */
export type ClauseStatus = 'satisfied' | 'finding' | 'incomplete' | 'suppressed' | 'not-checked';

export interface Place {
  uri: string;
  range: Range;
}

export interface ClauseRow {
  id: string;
  title: Localized | null;
  depth: number;
  status: ClauseStatus;
  rules: string[];
  findings: Array<{ rule: string; message: Localized; place: Place }>;
  suppressed: Array<{ rule: string; justification: string; place: Place }>;
  evidence: Place | undefined;
}

export interface GraphNode {
  id: string;
  name: Localized;
  layer: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  urgency: string;
  place: Place;
}

export interface SetReport {
  root: string;
  members: string[];
  clauses: ClauseRow[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The missing link of a broken staff → CISO chain, when there is one. */
  gap: { from: string; to: string } | undefined;
  counts: { errors: number; warnings: number; information: number; suppressed: number };
}

export function buildComplianceReport(result: AnalysisResult, catalog: ClauseCatalog, lexicon: Lexicon): SetReport[] {
  return result.sets.filter((s) => s.root.kind === 'policy' || s.root.kind === 'plan').map((set) => setReport(result, set, catalog, lexicon));
}

function setReport(result: AnalysisResult, set: PolicySet, catalog: ClauseCatalog, lexicon: Lexicon): SetReport {
  const index = indexOf(set);
  const uris = new Set(set.members.map((m) => m.uri));
  const findings: Finding[] = [...uris].flatMap((u) => result.findings.get(u) ?? []);
  const suppressed = [...uris].flatMap((u) => result.suppressed.get(u) ?? []);
  const evidence = evidenceFor(index);
  const clauses: ClauseRow[] = catalog.data.clauses
    .filter((c) => /^\d/u.test(c.id))
    .map((c) => {
      const covers = (ids: string[]) => ids.some((x) => x === c.id || x.startsWith(`${c.id}(`));
      const ruleIds = rules.filter((r) => covers(r.meta.clauses)).map((r) => r.meta.id);
      const fs = findings.filter((f) => covers(f.clauses));
      const ss = suppressed.filter((s) => covers(s.finding.clauses));
      const unfilledOnly = fs.length > 0 && fs.every((f) => f.rule === placeholderUnfilled.meta.id);
      const status: ClauseStatus = unfilledOnly ? 'incomplete' : fs.length ? 'finding' : ss.length ? 'suppressed' : ruleIds.length ? 'satisfied' : 'not-checked';
      return {
        id: c.id,
        title: c.title,
        depth: (c.id.match(/\(/gu) ?? []).length,
        status,
        rules: ruleIds,
        findings: fs.map((f) => ({ rule: f.rule, message: f.message, place: { uri: f.uri, range: f.range } })),
        suppressed: ss.map((s) => ({ rule: s.finding.rule, justification: s.suppression.justified ? s.suppression.justification : '', place: { uri: s.finding.uri, range: s.suppression.range } })),
        evidence: status === 'satisfied' ? evidence(c.id) : undefined,
      };
    });

  const graph = graphOf(index);
  const layer = new Map<string, number>();
  for (const [node, step] of graph.reach('staff')) layer.set(node, step ? (layer.get(step.from) ?? 0) + 1 : 0);
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const e of index.edges) {
    for (const from of e.from) {
      for (const to of e.to) {
        const key = `${from}>${to}`;
        if (from === to || seen.has(key)) continue;
        seen.add(key);
        edges.push({ from, to, urgency: e.edge.urgency, place: { uri: e.doc.uri, range: e.doc.lines.range(e.edge.span) } });
      }
    }
  }
  const names = new Set(edges.flatMap((e) => [e.from, e.to]));
  names.add('staff');
  names.add('ciso');
  // Nodes not reachable from staff go after the reachable ones, each component laid out by
  // its distance from its own sources.
  let next = Math.max(0, ...layer.values()) + 1;
  const unplaced = () => [...names].filter((n) => !layer.has(n));
  while (unplaced().length) {
    const rest = unplaced();
    const sources = rest.filter((n) => !edges.some((e) => e.to === n && e.from !== n && !layer.has(e.from) && e.from !== n));
    const start = sources.length ? sources : [rest[0]!];
    let deepest = next;
    for (const s of start) {
      if (layer.has(s)) continue;
      for (const [node, step] of graph.reach(s)) {
        if (layer.has(node) && node !== s) continue;
        const l = step ? (layer.get(step.from) ?? next) + 1 : next;
        layer.set(node, l);
        deepest = Math.max(deepest, l);
      }
    }
    next = deepest + 1;
  }
  const nodes: GraphNode[] = [...names].map((id) => ({ id, name: graph.name(id, lexicon), layer: layer.get(id)! }));
  let gap: SetReport['gap'];
  if (!graph.reaches('staff', 'ciso')) {
    const forward = graph.longestChainFrom('staff');
    const backward = graph.longestChainInto('ciso');
    gap = { from: forward.length ? forward[forward.length - 1]!.to : 'staff', to: backward.length ? backward[0]!.from : 'ciso' };
  }
  return {
    root: set.root.uri,
    members: set.members.map((m) => m.uri),
    clauses,
    nodes,
    edges,
    gap,
    counts: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      information: findings.filter((f) => f.severity === 'information').length,
      suppressed: suppressed.length,
    },
  };
}

/**
 * Clauses of a set with a given status, counted at their most specific level (2.2.4(2)(f), not
 * also 2.2.4(2) and 2.2.4): the number a summary or a status bar can say in a few words.
 */
export function clausesWith(report: SetReport, status: ClauseStatus): number {
  const rows = report.clauses;
  const childWith = (i: number) => {
    for (let j = i + 1; j < rows.length && rows[j]!.depth > rows[i]!.depth; j++) if (rows[j]!.status === status) return true;
    return false;
  };
  return rows.filter((row, i) => row.status === status && !childWith(i)).length;
}

/** Where the text that satisfies a clause is, for the clauses rules can point at. */
function evidenceFor(index: SetIndex): (clause: string) => Place | undefined {
  const at = (doc: DocumentModel, span: { start: number; end: number }): Place => ({ uri: doc.uri, range: doc.lines.range(span) });
  const edge = (from: string[], to: string) => {
    const e = index.edges.find((x) => x.from.some((n) => from.includes(n)) && x.to.includes(to));
    return e ? at(e.doc, e.edge.span) : undefined;
  };
  const unit = (pattern: string) => {
    const u = unitsMatching(index, conceptPattern(pattern))[0];
    return u ? at(u.doc, u.unit.snippet.span) : undefined;
  };
  return (clause) => {
    switch (clause) {
      case '2.1.1(6)':
      case '2.1.1(6)(a)': {
        const r = csirtFacts(index).roleStatement;
        return r ? at(r.doc, r.unit.snippet.span) : undefined;
      }
      case '2.1.1(6)(b)': {
        const a = index.holdersOf('csirt-lead')[0];
        return a ? at(a.doc, a.item.span) : undefined;
      }
      case '2.1.1(6)(c)':
      case '2.2.4(2)(b)':
        return edge(['csirt-lead', 'csirt'], 'ciso');
      case '2.2.4(1)':
      case '2.2.4(1)(a)': {
        const a = index.holdersOf('contact-point')[0];
        return a ? at(a.doc, a.item.span) : undefined;
      }
      case '2.2.4(1)(b)': {
        const rb = index.set.members.find((m) => m.kind === 'runbook' || m.kind === 'plan');
        return rb?.title ? at(rb, rb.title.snippet.span) : undefined;
      }
      case '2.2.4(2)':
      case '2.2.4(2)(a)':
        return edge(['staff'], 'contact-point');
      case '2.2.4(2)(f)':
        return edge(['csirt', 'csirt-lead'], 'nisc');
      case '6.2.4(1)(a)':
        return unit(concepts.targetedAttack.entry);
      case '6.2.4':
      case '6.2.4(1)':
      case '6.2.4(1)(b)':
        return unit(concepts.targetedAttack.detection);
      default:
        return undefined;
    }
  };
}
