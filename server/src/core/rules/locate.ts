import { targetSection, type Placement } from '../fix/target';
import type { TermContext } from '../fix/terms';
import type { DocumentModel } from '../model/document';
import type { PolicySet } from '../set/policySet';
import type { RuleContext } from './types';
import type { Localized, RelatedLocation, Span } from '../types';

/**
 * Where a finding about something missing attaches (checks.md, "Where findings go"): the heading
 * of the section its fix inserts into — the same target-section decision as the fix
 * (fix/target.ts), in the document the fix edits (the set's root) — else the root's title.
 */
export function missingAt(set: PolicySet, placement: Placement): { doc: DocumentModel; span: Span } {
  const section = targetSection(set.root, placement.under);
  return section ? { doc: set.root, span: section.snippet.span } : rootSpan(set);
}

/** The root document's first heading (or its first line when it has none). */
export function rootSpan(set: PolicySet): { doc: DocumentModel; span: Span } {
  const doc = set.root;
  if (doc.title) return { doc, span: doc.title.snippet.span };
  return { doc, span: { start: 0, end: doc.lines.lineEnd(0) } };
}

export function related(doc: DocumentModel, span: Span, message: Localized): RelatedLocation {
  return { uri: doc.uri, range: doc.lines.range(span), message };
}

/** The first heading in the set matching `pattern` — where a missing requirement would belong. */
export function headingMatching(set: PolicySet, pattern: RegExp): { doc: DocumentModel; span: Span } | undefined {
  for (const doc of set.members) {
    for (const h of doc.headings) if (pattern.test(h.snippet.norm)) return { doc, span: h.snippet.span };
  }
  return undefined;
}

/** What an inserted sentence adapts to beyond the document itself (fix/terms.ts). */
export function fitting(ctx: RuleContext): TermContext {
  return { organizationType: ctx.config.organizationType, csirt: ctx.index.mentions('csirt').length > 0 };
}
