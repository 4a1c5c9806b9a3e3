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
  const judged = [...models.values()].filter((m) => m.kind !== 'other').sort((a, b) => compare(a.uri, b.uri));
  const linkedFromJudged = new Set<string>();
  for (const m of judged) for (const t of linkTargets(m, models)) if (t !== m.uri) linkedFromJudged.add(t);

  const sets: PolicySet[] = [];
  const covered = new Set<string>();
  const build = (root: DocumentModel): void => {
    const members: DocumentModel[] = [];
    const seen = new Set<string>();
    const queue = [root];
    while (queue.length) {
      const m = queue.shift()!;
      if (seen.has(m.uri)) continue;
      seen.add(m.uri);
      members.push(m);
      covered.add(m.uri);
      if (m.kind === 'other') continue; // only policies, plans and runbooks pull in what they link
      for (const t of linkTargets(m, models)) {
        const target = models.get(t);
        if (target && !seen.has(t)) queue.push(target);
      }
    }
    sets.push({ root, members });
  };

  for (const m of judged) if (!linkedFromJudged.has(m.uri)) build(m);
  // Cycles with no root: the first policy (else the first judged document) by URI.
  for (;;) {
    const rest = judged.filter((m) => !covered.has(m.uri));
    if (!rest.length) break;
    build(rest.find((m) => m.kind === 'policy') ?? rest.find((m) => m.kind === 'plan') ?? rest[0]!);
  }
  return sets;
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
