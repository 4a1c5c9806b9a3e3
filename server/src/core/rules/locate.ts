import type { DocumentModel } from '../model/document';
import type { PolicySet } from '../set/policySet';
import type { Localized, RelatedLocation, Span } from '../types';

/**
 * Where findings about something missing attach: the root document's first heading (or its
 * first line when it has none), per checks.md.
 */
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
