import type { Event, Token } from 'micromark-util-types';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';

/**
 * The Markdown tree Kijun reads, compiled straight from micromark's events.
 *
 * It is the part of mdast the unit builder uses — the same nodes, values and source offsets as
 * mdast-util-from-markdown gives with the same extensions (test/unit/markdown-tree.test.ts holds
 * the two to each other) — without what it costs to build the rest: line and column points,
 * a context object per event, nodes for code blocks, images and footnotes that nothing reads.
 * Those constructs stay in the tree as one `other` node each, so they still part the text around
 * them as they do in mdast.
 */
export type MdType =
  | 'root' | 'paragraph' | 'heading' | 'list' | 'listItem' | 'blockquote' | 'table' | 'tableRow' | 'tableCell'
  | 'html' | 'definition' | 'yaml' | 'text' | 'inlineCode' | 'break' | 'link' | 'linkReference'
  | 'emphasis' | 'strong' | 'delete' | 'other'
  /** A buffer while a label, destination or raw value is read (mdast-util-from-markdown's fragment). */
  | 'fragment';

/** One shape for every node: the builder's reads stay monomorphic. */
export interface MdNode {
  type: MdType;
  start: number;
  end: number;
  children: MdNode[];
  /** text, inlineCode, html, yaml. */
  value: string;
  /** link, definition. */
  url: string;
  /** linkReference, definition: the normalized label, lower-cased. */
  identifier: string;
  /** heading. */
  depth: number;
  /** list. */
  ordered: boolean;
  /** listItem: a task item (`- [ ]`, `- [x]`). */
  task: boolean;
}

/** Leaves share one frozen array: a bug that adds to a leaf throws instead of corrupting them all. */
const NO_CHILDREN: MdNode[] = Object.freeze([]) as unknown as MdNode[];

function node(type: MdType, start: number, children: MdNode[] = NO_CHILDREN): MdNode {
  return { type, start, end: start, children, value: '', url: '', identifier: '', depth: 0, ordered: false, task: false };
}

/** Constructs whose content Kijun never reads: each becomes one `other` node. */
const SKIPPED = new Set(['codeFenced', 'codeIndented', 'thematicBreak', 'image', 'gfmFootnoteCall', 'gfmFootnoteDefinition']);
/** Tokens whose text is the node's text (mdast-util-from-markdown's `onenterdata`/`onexitdata`). */
const DATA = new Set(['data', 'codeTextData', 'htmlFlowData', 'htmlTextData', 'characterEscapeValue', 'autolinkProtocol', 'autolinkEmail', 'yamlValue']);
/** Nodes whose line endings are part of their text. */
const KEEPS_EOLS = new Set<MdType>(['emphasis', 'fragment', 'heading', 'paragraph', 'strong', 'delete']);
const OPENS: Record<string, MdType> = {
  paragraph: 'paragraph',
  atxHeading: 'heading',
  setextHeading: 'heading',
  blockQuote: 'blockquote',
  listOrdered: 'list',
  listUnordered: 'list',
  table: 'table',
  tableRow: 'tableRow',
  tableHeader: 'tableCell',
  tableData: 'tableCell',
  definition: 'definition',
  emphasis: 'emphasis',
  strong: 'strong',
  strikethrough: 'delete',
  link: 'link',
  autolink: 'link',
  hardBreakEscape: 'break',
  hardBreakTrailing: 'break',
  codeText: 'inlineCode',
  htmlFlow: 'html',
  htmlText: 'html',
  yaml: 'yaml',
};
/** Opened with a fragment on top: their value (or url, identifier) is read from it on exit. */
const BUFFERED = new Set(['codeText', 'htmlFlow', 'htmlText', 'yaml', 'label', 'definitionLabelString', 'definitionTitleString', 'definitionDestinationString', 'resourceDestinationString', 'resourceTitleString', 'referenceString']);

/**
 * Compiles micromark events (after postprocess) of `text` into the tree. Throws, as
 * mdast-util-from-markdown does, when the events do not nest.
 */
export function compileTree(events: Event[], text: string): MdNode {
  const root = node('root', 0, []);
  const stack: MdNode[] = [root];
  // Offsets are the source's wherever the source holds no tab, NUL or BOM; elsewhere micromark's
  // own serializer gives the value (it writes virtual spaces of a tab and replaces NUL).
  const exact = !/[\t\0\uFEFF]/u.test(text);
  const slice = (e: Event): string => {
    if (!exact) return e[2].sliceSerialize(e[1]);
    const s = text.slice(e[1].start.offset, e[1].end.offset);
    // A token over a line break can cover the next line's container prefix too (「>#x⏎> #」:
    // the line ending runs over "> "), which is not its text: only what its tokenizer was given is.
    return s.includes('\n') || s.includes('\r') ? e[2].sliceSerialize(e[1]) : s;
  };
  /** A line ending's own characters (its token may run over the next line's container prefix). */
  const eol = (token: Token): string => {
    const at = token.start.offset;
    return text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? '\r\n' : text[at]!;
  };
  let skipping = 0;
  let atHardBreak = false;
  let slurpLineEnding = false;
  let inReference = false;
  let inTable = false;
  let numericBase = 0;

  const top = (): MdNode => stack[stack.length - 1]!;
  const push = (n: MdNode): void => {
    top().children.push(n);
    stack.push(n);
  };
  const pop = (token: Token): MdNode => {
    const n = stack.pop();
    if (!n || stack.length === 0) throw new Error(`Cannot close \`${token.type}\`: it is not open`);
    n.end = token.end.offset;
    return n;
  };
  /** The text node that data at `start` continues: the parent's last child when it is text. */
  const tail = (start: number): MdNode => {
    const siblings = top().children;
    const last = siblings[siblings.length - 1];
    if (last && last.type === 'text') return last;
    const t = node('text', start);
    siblings.push(t);
    return t;
  };
  const fragment = (): MdNode => node('fragment', 0, []);
  /** The buffered fragment's text (mdast-util-to-string of text children), popped. */
  const resume = (): string => {
    const f = stack.pop()!;
    let s = '';
    for (const c of f.children) s += c.value;
    return s;
  };

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const token = e[1];
    const type = token.type as string;
    if (skipping > 0) {
      skipping += e[0] === 'enter' ? 1 : -1;
      if (skipping === 0) top().children[top().children.length - 1]!.end = token.end.offset;
      continue;
    }
    if (e[0] === 'enter') {
      if (SKIPPED.has(type)) {
        top().children.push(node('other', token.start.offset));
        skipping = 1;
        continue;
      }
      const opens = OPENS[type];
      if (opens) {
        const n = node(opens, token.start.offset, opens === 'break' ? NO_CHILDREN : []);
        if (opens === 'list') n.ordered = type === 'listOrdered';
        push(n);
        if (type === 'table') inTable = true;
      } else if (type === 'listItemPrefix') {
        // mdast-util-from-markdown inserts listItem tokens; an item starts at its marker.
        while (stack.length > 1 && top().type !== 'list') pop(token);
        push(node('listItem', token.start.offset, []));
      } else if (type === 'characterEscape' || type === 'characterReference') {
        tail(token.start.offset);
      }
      if (BUFFERED.has(type)) stack.push(fragment());
      continue;
    }
    // exit
    if (DATA.has(type)) {
      const t = tail(token.start.offset);
      const s = slice(e);
      t.value += s;
      t.end = token.end.offset;
      if (type === 'autolinkProtocol') top().url = s;
      else if (type === 'autolinkEmail') top().url = 'mailto:' + s;
      continue;
    }
    switch (type) {
      case 'lineEnding':
        if (atHardBreak) {
          // The break runs to the end of its line.
          const siblings = top().children;
          siblings[siblings.length - 1]!.end = token.end.offset;
          atHardBreak = false;
        } else if (!slurpLineEnding && KEEPS_EOLS.has(top().type)) {
          const t = tail(token.start.offset);
          t.value += exact ? eol(token) : slice(e);
          t.end = token.end.offset;
        }
        break;
      case 'characterReferenceMarkerNumeric':
        numericBase = 10;
        break;
      case 'characterReferenceMarkerHexadecimal':
        numericBase = 16;
        break;
      case 'characterReferenceValue': {
        const raw = slice(e);
        const t = tail(token.start.offset);
        t.value += numericBase ? decodeNumericCharacterReference(raw, numericBase) : (decodeNamedCharacterReference(raw) || '');
        numericBase = 0;
        break;
      }
      case 'characterReference': {
        const t = top().children[top().children.length - 1]!;
        t.end = token.end.offset;
        break;
      }
      case 'atxHeadingSequence':
        if (!top().depth) top().depth = slice(e).length;
        break;
      case 'setextHeadingText':
        slurpLineEnding = true;
        break;
      case 'setextHeadingLineSequence':
        top().depth = slice(e).codePointAt(0) === 61 ? 1 : 2;
        break;
      case 'setextHeading':
        slurpLineEnding = false;
        pop(token);
        break;
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        atHardBreak = true;
        pop(token);
        break;
      case 'codeText': {
        let value = resume();
        if (inTable) value = value.replace(/\\([\\|])/gu, (m, c: string) => (c === '|' ? c : m));
        pop(token).value = value;
        break;
      }
      case 'htmlFlow':
      case 'htmlText': {
        const value = resume();
        pop(token).value = value;
        break;
      }
      case 'yaml': {
        const value = resume();
        pop(token).value = value.replace(/^(\r?\n|\r)|(\r?\n|\r)$/gu, '');
        break;
      }
      case 'definitionLabelString':
        resume();
        top().identifier = normalizeIdentifier(slice(e)).toLowerCase();
        break;
      case 'definitionTitleString':
      case 'resourceTitleString':
        resume();
        break;
      case 'definitionDestinationString':
      case 'resourceDestinationString': {
        const url = resume(); // pops the fragment: the link or definition is below it
        top().url = url;
        break;
      }
      case 'labelText':
        // The fragment is on top; the link below it.
        stack[stack.length - 2]!.identifier = normalizeIdentifier(slice(e)).toLowerCase();
        break;
      case 'label': {
        const f = stack.pop()!;
        top().children = f.children;
        inReference = true;
        break;
      }
      case 'resource':
        inReference = false;
        break;
      case 'referenceString':
        resume();
        top().identifier = normalizeIdentifier(slice(e)).toLowerCase();
        break;
      case 'link': {
        const n = pop(token);
        if (inReference) n.type = 'linkReference';
        break;
      }
      case 'taskListCheckValueChecked':
      case 'taskListCheckValueUnchecked':
        // The paragraph is on top, its item below.
        stack[stack.length - 2]!.task = true;
        break;
      case 'paragraph': {
        const parent = stack[stack.length - 2];
        const p = top();
        if (parent?.type === 'listItem' && parent.task && parent.children.find((c) => c.type === 'paragraph') === p) {
          // The space after `[x]` is not the item's text (mdast-util-gfm-task-list-item).
          const head = p.children[0];
          if (head?.type === 'text') {
            head.value = head.value.slice(1);
            if (head.value.length === 0) p.children.shift();
            else p.start = ++head.start;
          }
        }
        pop(token);
        break;
      }
      case 'table':
        pop(token);
        inTable = false;
        break;
      case 'listOrdered':
      case 'listUnordered':
        if (top().type === 'listItem') pop(token);
        pop(token);
        break;
      default:
        if (OPENS[type]) pop(token);
        break;
    }
  }
  if (stack.length !== 1) throw new Error(`Cannot close document: \`${top().type}\` is still open`);
  return root;
}
