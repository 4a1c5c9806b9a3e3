import type { DocumentModel } from '../model/document';
import { isMarkdownUri, resolveLink } from './links';

/**
 * Composition by links (checks.md, "Which documents are judged"): a policy or runbook that no
 * other judged document links to is a root; its set is the closure of the local Markdown links
 * followed from policies and runbooks. Documents that only link to each other get the policy
 * whose URI sorts first as their root.
 */
export interface PolicySet {
  root: DocumentModel;
  members: DocumentModel[];
}

export function composeSets(models: Map<string, DocumentModel>): PolicySet[] {
  const links = new Map<string, DocumentLinks>();
  for (const m of models.values()) links.set(m.uri, { uri: m.uri, kind: m.kind, links: m.kind === 'other' ? [] : linkTargets(m, models) });
  return composeLinks(links).map((s) => ({ root: models.get(s.root)!, members: s.members.map((u) => models.get(u)!) }));
}

/** What composition needs of a document: its kind and the local Markdown documents it links to. */
export interface DocumentLinks {
  uri: string;
  kind: DocumentModel['kind'];
  /** Targets of its local Markdown links (those not in the map are ignored). */
  links: string[];
}

/**
 * The composition itself, over what it needs of each document (so that the CLI can compose the
 * sets of documents it did not parse, from their cached summaries, exactly as the engine does).
 */
export function composeLinks(docs: Map<string, DocumentLinks>): Array<{ root: string; members: string[] }> {
  const judged = [...docs.values()].filter((d) => d.kind !== 'other').sort((a, b) => compare(a.uri, b.uri));
  const linkedFromJudged = new Set<string>();
  for (const d of judged) for (const t of d.links) if (t !== d.uri && docs.has(t)) linkedFromJudged.add(t);

  const sets: Array<{ root: string; members: string[] }> = [];
  const covered = new Set<string>();
  const build = (root: DocumentLinks): void => {
    const members: string[] = [];
    const seen = new Set<string>();
    const queue = [root];
    while (queue.length) {
      const d = queue.shift()!;
      if (seen.has(d.uri)) continue;
      seen.add(d.uri);
      members.push(d.uri);
      covered.add(d.uri);
      if (d.kind === 'other') continue; // only policies, plans and runbooks pull in what they link
      for (const t of d.links) {
        const target = docs.get(t);
        if (target && !seen.has(t)) queue.push(target);
      }
    }
    sets.push({ root: root.uri, members });
  };

  for (const d of judged) if (!linkedFromJudged.has(d.uri)) build(d);
  // Cycles with no root: the first policy (else the first plan, else the first judged document) by URI.
  for (;;) {
    const rest = judged.filter((d) => !covered.has(d.uri));
    if (!rest.length) break;
    build(rest.find((d) => d.kind === 'policy') ?? rest.find((d) => d.kind === 'plan') ?? rest[0]!);
  }
  return sets;
}

/**
 * The documents an analysis sees beyond those it was given: the local Markdown documents that
 * judged documents link to, inside the roots and readable, transitively. `load` adds one (and
 * returns what composition needs of it); `has` says whether a document is already there.
 */
export function pullLinked<T extends { kind: DocumentModel['kind'] }>(
  start: Iterable<T>,
  targets: (d: T) => string[],
  has: (uri: string) => boolean,
  inside: (uri: string) => boolean,
  read: (uri: string) => string | undefined,
  load: (uri: string, text: string) => T,
): void {
  const queue = [...start].filter((d) => d.kind !== 'other');
  while (queue.length) {
    const d = queue.shift()!;
    for (const target of targets(d)) {
      if (has(target) || !inside(target)) continue;
      const text = read(target);
      if (text === undefined) continue;
      const loaded = load(target, text);
      if (loaded.kind !== 'other') queue.push(loaded);
    }
  }
}

/** URIs of local Markdown documents a model links to (existing in `models` or not). */
export function linkTargets(m: DocumentModel, models?: Map<string, DocumentModel>): string[] {
  const out: string[] = [];
  for (const l of m.links) {
    const r = resolveLink(m.uri, l.url);
    if (r?.uri && isMarkdownUri(r.uri) && (!models || models.has(r.uri))) out.push(r.uri);
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
