/**
 * Splitting a document into sections that can be parsed on their own, so an edit re-parses
 * only the section it touched. A split goes before an ATX heading at column 0 — a heading ends
 * any paragraph, list, quote or table above it — but never inside front matter, a fenced code
 * block or a multi-line HTML comment. A document with link reference definitions (which work
 * across the whole document) is not split.
 */
export interface Chunk {
  start: number;
  text: string;
}

const HEADING = /^#{1,6}(?:[ \t]|$)/u;
const FENCE = /^ {0,3}(`{3,}|~{3,})/u;
const DEFINITION = /^ {0,3}\[[^\]]+\]:/mu;

export function splitChunks(text: string): Chunk[] {
  if (DEFINITION.test(text)) return [{ start: 0, text }];
  const cuts: number[] = [0];
  let offset = 0;
  let fence: string | undefined;
  let comment = false;
  let inFrontMatter = text.startsWith('---\n') || text.startsWith('---\r\n');
  let lineNo = 0;
  for (const m of text.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/gu)) {
    const line = m[0].replace(/[\r\n]+$/u, '');
    if (m[0] === '') break;
    const at = offset;
    offset += m[0].length;
    if (inFrontMatter) {
      if (lineNo > 0 && /^(?:---|\.\.\.)\s*$/u.test(line)) inFrontMatter = false;
      lineNo++;
      continue;
    }
    lineNo++;
    if (fence) {
      if (line.trimStart().startsWith(fence)) fence = undefined;
      continue;
    }
    if (comment) {
      if (line.includes('-->')) comment = false;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (line.includes('<!--') && !line.slice(line.lastIndexOf('<!--')).includes('-->')) {
      comment = true;
      continue;
    }
    if (at > 0 && HEADING.test(line)) cuts.push(at);
  }
  return cuts.map((start, i) => ({ start, text: text.slice(start, cuts[i + 1] ?? text.length) }));
}
