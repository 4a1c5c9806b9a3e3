import type { DocumentModel } from '../model/document';
import type { HeadingInfo } from '../model/units';
import type { Fix, Localized } from '../types';
import { headingLine, numberedParagraph } from './layout';
import { targetSection, type Placement } from './target';
import { fitTerms, type TermContext } from './terms';

/**
 * Building "insert the missing text" fixes. The text goes at the end of the topic's target
 * section (target.ts: 「## 報告窓口」 for a missing contact point — the same section the finding
 * sits on), else in a new section before trailing matter; as its own paragraph, in the
 * document's language, terms (terms.ts), numbering (layout.ts) and line endings. Placeholders
 * such as 〔役職名〕 / `<post>` are left for the author to fill.
 */

export interface InsertOptions extends Placement, TermContext {}

export function insertionFix(doc: DocumentModel, title: Localized, text: Localized, options: InsertOptions = {}): Fix {
  const lang = doc.language;
  const eol = lineEnding(doc.text);
  const section = targetSection(doc, options.under ?? []);
  let offset: number;
  const sentence = fitTerms(text[lang], lang, doc.text, options);
  let body: string;
  if (section) {
    offset = sectionEnd(doc, section);
    // A section with subsections gets a new subsection; one of numbered paragraphs, the next number.
    const sub = options.heading ? headingLine(doc, offset, section, options.heading[lang]) : undefined;
    body = sub ? `${sub}\n\n${sentence}` : numberedParagraph(doc, section, offset, sentence);
  } else {
    offset = endOfBody(doc);
    const heading = options.heading ? headingLine(doc, offset, undefined, options.heading[lang]) : undefined;
    body = heading ? `${heading}\n\n${sentence}` : sentence;
  }
  offset = outsideOpenComment(doc.text, offset);
  body = body.replace(/\n/gu, eol);
  // Exactly one blank line before and after the new paragraph, whatever surrounds it.
  const before = doc.text.slice(0, offset);
  const trailing = /(?:\r\n|\r|\n)*$/u.exec(before)![0];
  const lead = before.length === 0 ? '' : trailing.length === 0 ? eol + eol : /(?:\r\n|\r|\n){2}$/u.test(before) ? '' : eol;
  const after = doc.text.slice(offset);
  const tail = after.length === 0 ? eol : /^(?:\r\n|\r|\n)/u.test(after) ? eol : eol + eol;
  return {
    title,
    applicability: 'review',
    edits: [{ range: doc.lines.range({ start: offset, end: offset }), newText: `${lead}${body}${tail}` }],
  };
}

/** The document's own line ending: CRLF, CR alone (classic Mac files), else LF. */
export function lineEnding(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}

/**
 * An HTML comment left open (`<!-- draft` with no `-->`) runs to the end of the document, so
 * text inserted after it would be invisible and the same fix offered again on every run: such
 * an insertion goes before the line that opens the comment instead.
 */
function outsideOpenComment(text: string, offset: number): number {
  const open = text.lastIndexOf('<!--', offset - 1);
  if (open < 0) return offset;
  const close = text.indexOf('-->', open + 4);
  if (close >= 0 && close + 3 <= offset) return offset;
  const lineStart = Math.max(text.lastIndexOf('\n', open - 1), text.lastIndexOf('\r', open - 1)) + 1;
  return lineStart;
}

/** A fix that replaces one span of text. */
export function replacementFix(doc: DocumentModel, title: Localized, start: number, end: number, newText: string, applicability: Fix['applicability']): Fix {
  return { title, applicability, edits: [{ range: doc.lines.range({ start, end }), newText }] };
}

/** Trailing matter the body goes before: 附則, revision history, appendices. */
const TRAILING = /^(?:附\s*則|改訂履歴|改正履歴|変更履歴|別表|別紙|付録|revision history|change history|changelog|appendix|annex)/iu;

/** Where a new section goes when none matches: before trailing matter, else at the end. */
function endOfBody(doc: DocumentModel): number {
  const trailing = doc.headings.find((h) => h.index > 0 && h.depth <= 2 && TRAILING.test(h.snippet.norm.replace(/^[\d.\s第章]+/u, '')));
  if (!trailing) return doc.text.length;
  let end = trailing.span.start;
  while (end > 0 && /[\r\n\t ]/u.test(doc.text[end - 1]!)) end--;
  const lineEnd = /\r\n|\r|\n/u.exec(doc.text.slice(end));
  return lineEnd ? end + lineEnd.index + lineEnd[0].length : doc.text.length;
}

/** Offset just after the last non-blank line of a heading's section (before the next heading of the same or a higher level). */
function sectionEnd(doc: DocumentModel, h: HeadingInfo): number {
  const next = doc.headings.find((x) => x.index > h.index && x.depth <= h.depth);
  let end = next ? next.span.start : doc.text.length;
  // Back up over blank lines so the insertion joins the section's text.
  while (end > h.span.end && /[\r\n\t ]/u.test(doc.text[end - 1]!)) end--;
  // Stop at the end of that line.
  const lineEnd = /\r\n|\r|\n/u.exec(doc.text.slice(end));
  return lineEnd ? end + lineEnd.index + lineEnd[0].length : doc.text.length;
}
