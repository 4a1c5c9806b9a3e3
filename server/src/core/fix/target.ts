import type { DocumentModel } from '../model/document';
import type { HeadingInfo } from '../model/units';
import type { Localized } from '../types';

/**
 * The "target section" of a topic: the one decision shared by a finding about something missing
 * (it sits on that section's heading, rules/locate.ts) and the fix that inserts the missing text
 * (it goes at the end of that section, fix/insert.ts), so that the two always agree.
 */
export interface Placement {
  /** Headings of the sections where the text belongs, most specific first. */
  under?: RegExp[];
  /** A heading to add when no section matches (without #; level and numbering follow the document). */
  heading?: Localized;
}

/** The first heading (not the title) matching the most specific pattern that matches any. */
export function targetSection(doc: DocumentModel, under: readonly RegExp[] = []): HeadingInfo | undefined {
  for (const p of under) {
    const h = doc.headings.find((x) => x.index > 0 && p.test(x.snippet.norm));
    if (h) return h;
  }
  return undefined;
}
