import type { MdNode } from '../parse/tree';
import GithubSlugger from 'github-slugger';
import { Snippet, SnippetBuilder } from './snippet';
import type { Span } from '../types';

/**
 * Text units: the Markdown flattened into the pieces the extractor reads — headings, sentences
 * (of paragraphs and list items) and table rows — each knowing its section, list and table.
 */

export interface HeadingInfo {
  index: number;
  depth: number;
  snippet: Snippet;
  slug: string;
  span: Span;
}

export interface ListContext {
  listId: number;
  ordered: boolean;
  /** 0-based index of the item in its list. */
  item: number;
  /** Nesting depth of the list (0 = top level). */
  depth: number;
  /** The last sentence of the paragraph just before the list, e.g. 「CSIRT責任者は、次の事項を行う。」 */
  leadIn: Unit | undefined;
  /** True for the first sentence of the item. */
  first: boolean;
}

export interface RowContext {
  tableId: number;
  /** The last sentence of the paragraph just before the table (「その構成は次のとおりとする。」). */
  leadIn: Unit | undefined;
  header: Snippet[];
  cells: Snippet[];
}

export interface Unit {
  index: number;
  kind: 'heading' | 'sentence' | 'row';
  snippet: Snippet;
  /** Nearest heading above the unit (for a heading: its parent heading). */
  section: HeadingInfo | undefined;
  /** Headings from the top down to `section`. */
  sectionPath: HeadingInfo[];
  list: ListContext | undefined;
  row: RowContext | undefined;
  /** Index of the sentence within its paragraph (0 for the first). */
  sentence: number;
  heading: HeadingInfo | undefined;
  /**
   * The first unit of the article (第N条) this unit belongs to, when the document is written in
   * articles: a paragraph 「2 前項の…はCISOへ報告する」 speaks of the article's subject.
   */
  article?: Unit | undefined;
  /** Set inside a block quote: quoted text (a script's lines, a quoted message), not the author's own. */
  quote?: true | undefined;
}

export interface LinkInfo {
  url: string;
  span: Span;
  /** Span of the destination text inside the link, when it can be located. */
  urlSpan: Span;
}

export interface CommentInfo {
  value: string;
  span: Span;
}

/** A piece of Markdown kept as written: an inline code span, or raw HTML that is no comment. */
export interface RawInfo {
  value: string;
  span: Span;
}

export interface DocumentUnits {
  units: Unit[];
  headings: HeadingInfo[];
  links: LinkInfo[];
  comments: CommentInfo[];
  /** Explicit HTML anchors (`<a name="x">`, `id="x"`): link targets besides the heading slugs. */
  anchors: string[];
  /** Inline code spans (the span includes the backticks): a fix's `<post>` is written as code. */
  codes: RawInfo[];
  /** Raw HTML other than comments (inline tags, HTML blocks): `<insert email address here>` parses as a tag. */
  tags: RawInfo[];
}

/**
 * Units, list and row contexts are built by these, every property in one order: objects built by
 * spreading (`{ ...u, index }`) each got a hidden class of their own in V8 (20,000 for 200
 * documents, a fifth of a model's memory), which also made every reader's access to them slow.
 */
export function newUnit(index: number, kind: Unit['kind'], snippet: Snippet, section: HeadingInfo | undefined, sectionPath: HeadingInfo[], list: ListContext | undefined, row: RowContext | undefined, sentence: number, heading: HeadingInfo | undefined): Unit {
  return { index, kind, snippet, section, sectionPath, list, row, sentence, heading, article: undefined, quote: undefined };
}

export function listContext(listId: number, ordered: boolean, item: number, depth: number, leadIn: Unit | undefined, first: boolean): ListContext {
  return { listId, ordered, item, depth, leadIn, first };
}

export function rowContext(tableId: number, leadIn: Unit | undefined, header: Snippet[], cells: Snippet[]): RowContext {
  return { tableId, leadIn, header, cells };
}

const HTML_ANCHOR = /<[a-z][^>]*?\s(?:name|id)\s*=\s*["']([^"']+)["']/giu;

function collectAnchors(html: string, out: string[]): void {
  HTML_ANCHOR.lastIndex = 0;
  for (const m of html.matchAll(HTML_ANCHOR)) out.push(m[1]!.toLowerCase());
}

export function buildUnits(tree: MdNode, text: string): DocumentUnits {
  const units: Unit[] = [];
  const headings: HeadingInfo[] = [];
  const links: LinkInfo[] = [];
  const comments: CommentInfo[] = [];
  const anchors: string[] = [];
  const codes: RawInfo[] = [];
  const tags: RawInfo[] = [];
  // Reference definitions count as links only when something refers to them ([更新日]: [更新内容]
  // in a revision history is no link).
  const referenced = new Set<string>();
  const definitions: Array<{ identifier: string; link: LinkInfo }> = [];
  const slugger = new GithubSlugger();
  const path: HeadingInfo[] = [];
  let listCounter = 0;
  let tableCounter = 0;

  // The heading path is shared by every unit of a section (copied only when a heading changes it).
  let pathSnapshot: HeadingInfo[] = [];
  let quoteDepth = 0;
  const add = (u: Omit<Unit, 'index' | 'section' | 'sectionPath'>): Unit => {
    const unit = newUnit(units.length, u.kind, u.snippet, path[path.length - 1], pathSnapshot, u.list, u.row, u.sentence, u.heading);
    if (quoteDepth > 0) unit.quote = true;
    units.push(unit);
    return unit;
  };

  const inline = (nodes: MdNode[], b: SnippetBuilder): void => {
    for (const n of nodes) {
      switch (n.type) {
        case 'text':
        case 'inlineCode':
          b.appendAligned(n.value, text.slice(n.start, n.end), n.start, n.end);
          if (n.type === 'inlineCode') codes.push({ value: n.value, span: { start: n.start, end: n.end } });
          break;
        case 'break':
          b.appendAt('\n', n.start);
          break;
        case 'link':
          links.push(linkInfo(n.url, n.start, n.end, text));
          inline(n.children, b);
          break;
        case 'html': {
          const span = { start: n.start, end: n.end };
          if (/^<!--/.test(n.value)) comments.push({ value: n.value, span });
          else tags.push({ value: n.value, span });
          collectAnchors(n.value, anchors);
          break;
        }
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'linkReference':
          if (n.type === 'linkReference') referenced.add(n.identifier);
          inline(n.children, b);
          break;
        default:
          break;
      }
    }
  };

  const snippetOf = (nodes: MdNode[]): Snippet => {
    const b = new SnippetBuilder();
    inline(nodes, b);
    return b.build();
  };

  // Items written as text rather than Markdown lists — 「(1) …」「① …」「ア …」 lines, as
  // statutes and 例規 are laid out — become list items whose lead-in is the sentence before
  // them (「次の各号に掲げる事項を所掌する。」); a list continues over consecutive paragraphs.
  let pseudo: { listId: number; item: number; leadIn: Unit | undefined } | undefined;
  let article: Unit | undefined;

  const paragraph = (nodes: MdNode[], list: Omit<ListContext, 'first'> | undefined, firstInItem: boolean, before: Unit | undefined, depth: number): Unit | undefined => {
    const whole = snippetOf(nodes);
    let last: Unit | undefined;
    let i = 0;
    for (const seg of textSegments(whole.text)) {
      const marker = seg.kind;
      if (marker === 'item' && !list) {
        if (!pseudo) pseudo = { listId: listCounter++, item: -1, leadIn: last ?? before };
        pseudo.item++;
      } else {
        // Plain text, a numbered paragraph (項) or an article ends a text list.
        pseudo = undefined;
      }
      const itemList: Omit<ListContext, 'first'> | undefined = list ?? (pseudo ? { listId: pseudo.listId, ordered: true, item: pseudo.item, depth, leadIn: pseudo.leadIn } : undefined);
      let firstSentence = true;
      let k = 0;
      for (const [s, e] of splitSentences(whole.text.slice(seg.start, seg.end))) {
        const sn = whole.slice(seg.start + s, seg.start + e);
        if (sn.text.trim() === '') continue;
        const unit = add({
          kind: 'sentence',
          snippet: sn,
          list: itemList ? listContext(itemList.listId, itemList.ordered, itemList.item, itemList.depth, itemList.leadIn, list ? firstInItem && i === 0 : firstSentence && marker === 'item') : undefined,
          row: undefined,
          // Counted within the segment: an item does not continue its sibling's sentence.
          sentence: k++,
          heading: undefined,
        });
        if (marker === 'article' && firstSentence) article = unit;
        unit.article = article;
        firstSentence = false;
        last = unit;
        i++;
      }
    }
    return last;
  };

  const blocks = (nodes: MdNode[], list: Omit<ListContext, 'first'> | undefined, depth: number): void => {
    let previousParagraphLast: Unit | undefined;
    let lastInItem: Unit | undefined;
    let first = true;
    for (const node of nodes) {
      let thisLast: Unit | undefined;
      switch (node.type) {
        case 'heading':
          heading(node);
          break;
        case 'paragraph':
          thisLast = paragraph(node.children, list, first, previousParagraphLast ?? (list ? lastInItem : undefined), depth);
          break;
        case 'list':
          pseudo = undefined;
          listNode(node, previousParagraphLast ?? (list ? lastInItem : undefined), list ? depth + 1 : depth);
          break;
        case 'blockquote':
          quoteDepth++;
          blocks(node.children, list, depth);
          quoteDepth--;
          break;
        case 'table':
          pseudo = undefined;
          table(node, previousParagraphLast);
          break;
        case 'html':
          collectComments(node.value, node.start, comments);
          if (!/^\s*<!--/u.test(node.value)) tags.push({ value: node.value, span: { start: node.start, end: node.end } });
          collectAnchors(node.value, anchors);
          break;
        case 'definition':
          definitions.push({ identifier: node.identifier, link: linkInfo(node.url, node.start, node.end, text) });
          break;
        default:
          break;
      }
      previousParagraphLast = thisLast;
      if (thisLast) lastInItem = thisLast;
      first = false;
    }
  };

  const heading = (node: MdNode): void => {
    pseudo = undefined;
    article = undefined;
    const sn = snippetOf(node.children);
    const start = node.start;
    const end = node.end;
    while (path.length && path[path.length - 1]!.depth >= node.depth) path.pop();
    const info: HeadingInfo = { index: headings.length, depth: node.depth, snippet: sn, slug: slugger.slug(sn.text), span: { start, end } };
    headings.push(info);
    pathSnapshot = [...path];
    add({ kind: 'heading', snippet: sn, list: undefined, row: undefined, sentence: 0, heading: info });
    path.push(info);
    pathSnapshot = [...path];
  };

  const listNode = (node: MdNode, leadIn: Unit | undefined, depth: number): void => {
    const listId = listCounter++;
    node.children.forEach((item, i) => {
      // Items' paragraphs carry the list context; a nested list's lead-in is its item's text.
      blocks(item.children, { listId, ordered: node.ordered, item: i, depth, leadIn }, depth);
    });
  };

  const table = (node: MdNode, leadIn: Unit | undefined): void => {
    const tableId = tableCounter++;
    // An empty cell (or one holding only a comment) is an empty snippet at the cell, not at offset 0.
    const cellSnippet = (c: MdNode): Snippet => {
      const sn = snippetOf(c.children);
      return sn.text === '' ? new Snippet('', [c.start]) : sn;
    };
    const rows = node.children.map((r) => r.children.map(cellSnippet));
    const header = rows[0] ?? [];
    rows.slice(1).forEach((cells) => {
      // Row snippet: cells joined; offsets taken from the cells themselves.
      const offsets: number[] = [];
      let txt = '';
      cells.forEach((c, i) => {
        if (i > 0) {
          txt += ' | ';
          offsets.push(c.span.start, c.span.start, c.span.start);
        }
        txt += c.text;
        for (let k = 0; k < c.text.length; k++) offsets.push(c.offsetAt(k));
      });
      // The row ends where its last cell with text ends: a trailing empty or comment-only cell adds nothing.
      const lastWithText = [...cells].reverse().find((c) => c.text !== '') ?? cells[cells.length - 1];
      offsets.push(lastWithText?.span.end ?? 0);
      add({ kind: 'row', snippet: new Snippet(txt, offsets), list: undefined, row: rowContext(tableId, leadIn, header, cells), sentence: 0, heading: undefined });
    });
  };

  blocks(tree.children, undefined, 0);
  for (const d of definitions) if (referenced.has(d.identifier)) links.push(d.link);
  links.sort((a, b) => a.span.start - b.span.start);
  return { units, headings, links, comments, anchors, codes, tags };
}

function linkInfo(url: string, start: number, end: number, text: string): LinkInfo {
  const raw = text.slice(start, end);
  // The destination as written is usually the raw URL; locate it for precise ranges.
  let at = raw.lastIndexOf(url);
  if (at < 0) at = raw.lastIndexOf(encodeURI(url));
  const urlSpan = at >= 0 ? { start: start + at, end: start + at + url.length } : { start, end };
  return { url, span: { start, end }, urlSpan };
}

function collectComments(value: string, base: number, out: CommentInfo[]): void {
  const re = /<!--[\s\S]*?-->/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    out.push({ value: m[0], span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
}

const OPEN = '（(「『【〔［[';
const CLOSE = '）)」』】〕］]';
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|cf|vs|mr|ms|mrs|dr|no|art|sec|fig|approx|incl|dept|st)\.)$/i;

/**
 * Sentence boundaries in plain text: after 。！？ (and their ASCII forms when followed by space
 * or the end), never inside clause numbers such as 2.2.4(1) or after common abbreviations.
 */
export function splitSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    // 「（非常勤職員を含む。）」: a full stop inside brackets does not end the sentence.
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    let boundary = false;
    if (c === '。' || c === '！' || c === '？') boundary = true;
    else if ((c === '.' || c === '!' || c === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]!))) {
      boundary = !(c === '.' && ABBREVIATIONS.test(text.slice(Math.max(start, i - 8), i + 1)));
    }
    if (boundary) {
      // Keep closing brackets and quotes with the sentence they end.
      while (i + 1 < text.length && /["']/.test(text[i + 1]!)) i++;
      out.push([start, i + 1]);
      start = i + 1;
      while (start < text.length && /\s/.test(text[start]!)) start++;
      i = start - 1;
    }
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** A line that starts a text item: 「(1)」「（ア）」「①」「1.」「ア　」「一　」. */
const ITEM_MARKER = /^[ \t\u3000]*(?:[(（][0-9０-９a-zA-Zａ-ｚア-ンｱ-ﾝ一二三四五六七八九十]{1,3}[)）]|[①-⑳]|[0-9０-９]{1,2}[.)．）](?![0-9０-９])|[ア-ン](?=[ \t\u3000])|[一二三四五六七八九十]{1,3}(?=[ \t\u3000]))/u;
/** A numbered paragraph of an article (項): 「2 前項の…」. */
const PARAGRAPH_NUMBER = /^[ \t\u3000]*[0-9０-９]{1,2}(?=[ \t\u3000]|$)/u;
/** An article: 「第3条」「第十二条の2」. */
const ARTICLE = /^[ \t\u3000]*第[0-9０-９一二三四五六七八九十百]+条(?:の[0-9０-９一二三四五六七八九十]+)?/u;

export type SegmentKind = 'item' | 'paragraph-number' | 'article' | 'none';

function markerOf(line: string): { kind: SegmentKind; length: number } {
  let m = ARTICLE.exec(line);
  if (m) return { kind: 'article', length: m[0].length };
  m = ITEM_MARKER.exec(line);
  if (m) return { kind: 'item', length: m[0].length };
  m = PARAGRAPH_NUMBER.exec(line);
  if (m) return { kind: 'paragraph-number', length: m[0].length };
  return { kind: 'none', length: 0 };
}

/**
 * A paragraph cut where a line starts an item, a numbered paragraph or an article, and where a
 * sentence does (「…にあたる。(2)情報セキュリティ管理者…」). A marker alone on its line
 * (「(1)」, 「第3条」, 「2」 — web 例規 layout) belongs to the line after it.
 */
export function textSegments(text: string): Array<{ start: number; end: number; kind: SegmentKind }> {
  const cuts: Array<{ at: number; kind: SegmentKind }> = [];
  let lineStart = 0;
  let pendingMarker: SegmentKind | undefined;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    const mk = markerOf(line);
    if (pendingMarker === undefined && mk.kind !== 'none') cuts.push({ at: lineStart, kind: mk.kind });
    // 「(1)」 alone on a line: the item's text is on the next line.
    pendingMarker = mk.kind !== 'none' && line.slice(mk.length).trim() === '' ? mk.kind : undefined;
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  // Items run together after a full stop: 「…これにあたる。(2)…」.
  const inline = /。[ \u3000]*(?=[(（][0-9０-９]{1,2}[)）]|[①-⑳])/gu;
  for (const m of text.matchAll(inline)) cuts.push({ at: m.index! + m[0].length, kind: 'item' });
  cuts.sort((a, b) => a.at - b.at);
  const out: Array<{ start: number; end: number; kind: SegmentKind }> = [];
  let start = 0;
  let kind: SegmentKind = 'none';
  for (const c of cuts) {
    if (c.at > start) out.push({ start, end: c.at, kind });
    if (c.at >= start) {
      start = c.at;
      kind = c.kind;
    }
  }
  out.push({ start, end: text.length, kind });
  return out.filter((s) => s.end > s.start);
}
