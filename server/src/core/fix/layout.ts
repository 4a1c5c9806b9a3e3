import type { DocumentModel } from '../model/document';
import type { HeadingInfo } from '../model/units';
import { nextLabel, readLabel } from './numbering';

/**
 * The shape of inserted text: a new heading at the document's level and in its numbering
 * (「## 11. 標的型攻撃対策」 after 「## 10. 点検及び見直し」, 「### 4.4 CSIRT」 as the next
 * subsection), and a paragraph numbered like the ones before it (「7.5 」 after 「7.4 」).
 */

const headingText = (doc: DocumentModel, h: HeadingInfo) => doc.text.slice(h.snippet.span.start, h.snippet.span.end);

/**
 * A heading line for a new section inserted at `offset`: a top-level section when `parent` is
 * undefined, else a subsection of `parent` — only if `parent` already has subsections (a section
 * written as plain paragraphs gets a paragraph, not a heading).
 */
export function headingLine(doc: DocumentModel, offset: number, parent: HeadingInfo | undefined, text: string): string | undefined {
  let level: number;
  let siblings: HeadingInfo[];
  if (parent) {
    level = Math.min(6, parent.depth + 1);
    const next = doc.headings.find((x) => x.index > parent.index && x.depth <= parent.depth);
    siblings = doc.headings.filter((x) => x.index > parent.index && (!next || x.index < next.index) && x.depth === level && x.span.start < offset);
    if (!siblings.length) return undefined;
  } else {
    level = Math.min(6, Math.max(2, doc.headings[1]?.depth ?? 2));
    siblings = doc.headings.filter((x) => x.index > 0 && x.depth === level && x.span.start < offset);
  }
  const last = siblings[siblings.length - 1];
  const label = last ? readLabel(headingText(doc, last)) : undefined;
  return `${'#'.repeat(level)} ${label ? nextLabel(label) : ''}${text}`;
}

/** `sentence` numbered like the section's last paragraph when that one is numbered (「7.4 …」). */
export function numberedParagraph(doc: DocumentModel, section: HeadingInfo, offset: number, sentence: string): string {
  const before = doc.text.slice(section.span.end, offset).replace(/\s+$/u, '');
  const paragraphs = before.split(/\r?\n[ \t]*\r?\n/u);
  const last = paragraphs[paragraphs.length - 1]?.replace(/^\s+/u, '') ?? '';
  const label = last ? readLabel(last, true) : undefined;
  return label ? `${nextLabel(label)}${sentence}` : sentence;
}
