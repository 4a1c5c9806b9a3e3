import { gfmTable } from 'micromark-extension-gfm-table';
import type { Construct, Extension, State, TokenizeContext } from 'micromark-util-types';

/**
 * GFM tables, tried only where one can start. micromark tries the table construct at the start
 * of every flow line and as an interruption of every paragraph line; each try scans the line to
 * its end as a would-be head row before the next line, which must be a delimiter row, can refuse
 * it. Tables cost micromark about 0.45 of 1.85 s on 1,000 × 4 KB policies; the gate takes
 * 0.1–0.15 s of that away (the rest is the tables themselves).
 *
 * The gate refuses a head row before any scan when the next source line cannot be a delimiter
 * row: after its container prefix (spaces, tabs, `>`), such a row holds only `-`, `:`, `|`,
 * spaces and tabs, and at least one `:` or `|` (micromark-extension-gfm-table's delimiter row:
 * cells of dashes with optional alignment colons, and a cell needs a pipe or a colon to be
 * seen). Body rows (a try right after a head or a row) go to the table tokenizer unchanged. The
 * gate is conservative — it may let a non-table through, which the tokenizer refuses as before —
 * so the events are the same as with gfmTable() alone (held to remark's mdast in
 * markdown-tree.test.ts, including generated Markdown).
 */
const table = gfmTable().flow!['null'] as Construct;
const tokenizeTable = table.tokenize;

/**
 * A line that could be a delimiter row, tried at a line's start: a container prefix, then `-`,
 * `:` and `|` with spaces and tabs, at least one `:` or `|`, up to the line's end.
 */
const DELIMITER_ROW = /[ \t>]*(?:-[- \t]*)?[:|][-:| \t]*(?:\r|\n|$)/y;

/** Source lines (1-based, as micromark counts them: CRLF, CR and LF each end one) that could be a delimiter row. */
function delimiterLines(text: string): Uint8Array | undefined {
  if (!text.includes('|') && !text.includes(':')) return undefined;
  // No more lines than characters and one; indexed one past the last line by the gate.
  const found = new Uint8Array(text.length + 3);
  let line = 1;
  for (let start = 0; ; line++) {
    DELIMITER_ROW.lastIndex = start;
    if (DELIMITER_ROW.test(text)) found[line] = 1;
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    if (end >= text.length) return found;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
}

/** The table extension for one document: gfmTable(), behind the gate when the text allows it. */
export function gatedTable(text: string): Extension | undefined {
  const lines = delimiterLines(text);
  if (!lines) return undefined;
  const construct: Construct = {
    name: table.name,
    resolveAll: table.resolveAll,
    tokenize(this: TokenizeContext, effects, ok, nok) {
      const self = this;
      const start = tokenizeTable.call(self, effects, ok, nok);
      const gate: State = (code) => (afterRow(self) || lines[self.now().line + 1] === 1 ? start(code) : nok(code));
      return gate;
    },
  };
  return { flow: { null: [construct] } };
}

/** Whether the last event before this line (line endings and prefixes aside) ends a table head or row: a body row may follow. */
function afterRow(self: TokenizeContext): boolean {
  let index = self.events.length - 1;
  while (index > -1) {
    const type = self.events[index]![1].type;
    if (type === 'lineEnding' || type === 'linePrefix') index--;
    else break;
  }
  const tail = index > -1 ? self.events[index]![1].type : null;
  return tail === 'tableHead' || tail === 'tableRow';
}
