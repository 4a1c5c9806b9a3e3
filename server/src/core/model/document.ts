import type { Lexicon } from '../../lexicon';
import type { FrontMatter } from '../parse/markdown';
import { buildUnitsChunked, type ChunkCache } from './chunkedUnits';
import { LineIndex } from '../text/lineIndex';
import { normalizeKey } from '../text/normalize';
import { extract, type Extraction } from './extract';
import { findPlaceholders, type Placeholder } from './placeholders';
import type { DocumentUnits, HeadingInfo } from './units';

export type DocumentKind = 'policy' | 'plan' | 'runbook' | 'other';

/** Everything Kijun knows about one document, independent of the other documents. */
export interface DocumentModel extends DocumentUnits, Extraction {
  uri: string;
  text: string;
  lines: LineIndex;
  frontMatter: FrontMatter;
  kind: DocumentKind;
  /** How the kind was decided — shown by `kijun check --verbose` and hovers. */
  kindSource: 'front-matter' | 'configuration' | 'heading' | 'title' | 'none';
  language: 'ja' | 'en';
  title: HeadingInfo | undefined;
  /** Text left for the author to fill in (〔役職名〕, `<post>`, {{name}}, [更新日]): it satisfies nothing. */
  placeholders: Placeholder[];
  /** Set when the document was not parsed (too large, too deeply nested, not text). */
  skipped: { reason: 'size' | 'nesting' | 'binary'; detail: number } | undefined;
}

/**
 * Limits above which a document is reported (document-skipped, information) instead of parsed:
 * no real policy comes near them (the largest real ones are a few hundred KB), and past them the
 * Markdown parser's cost grows faster than linearly (a single line of 10,000 nested list markers
 * takes ~40 s). At 512 Ki characters a whole check takes about 3 × what the Markdown parser
 * alone takes on the same text, and under 512 MB (the fault suite measures both); at 1 MiB it
 * took 515 MB.
 */
export const LIMITS = { maxChars: 524_288, maxNesting: 100 };

/** Container markers at the start of a line (quotes need no space after them), for headOf. */
const CONTAINER_PREFIX = /^(?:[ \t]{0,3}(?:>|(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?)+/u;

function skipReason(text: string): DocumentModel['skipped'] {
  if (text.length > LIMITS.maxChars) return { reason: 'size', detail: text.length };
  if (text.slice(0, 8192).includes('\u0000')) return { reason: 'binary', detail: 0 };
  const deepest = nestingDepth(text);
  return deepest > LIMITS.maxNesting ? { reason: 'nesting', detail: deepest } : undefined;
}

const FENCE = /^(`{3,}|~{3,})/u;
const LIST_MARKER = /^(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$)/u;

/**
 * How deeply block quotes and lists nest, the way CommonMark nests them, in one linear pass:
 * `>` with or without a following space (`>>>>` is four quotes), list markers on one line
 * (`- - - x`), and list items nested by indentation (an item indented to its parent's content
 * is its child). Lines in fenced code and indented code do not count. An estimate that errs
 * towards the parser's own depth: quotes restart the list context, lazy lines keep it.
 */
function nestingDepth(text: string): number {
  let deepest = 0;
  /** Content columns of the open list items, innermost last. */
  let items: number[] = [];
  let quotes = -1;
  let blank = false;
  let fence: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/u)) {
    let i = 0;
    let q = 0;
    for (;;) {
      let j = i;
      while (j - i < 3 && line[j] === ' ') j++;
      if (line[j] !== '>') break;
      q++;
      i = j + 1;
      if (line[i] === ' ' || line[i] === '\t') i++;
    }
    if (q !== quotes) {
      items = [];
      quotes = q;
    }
    let col = 0;
    while (line[i] === ' ' || line[i] === '\t') {
      col = line[i] === '\t' ? col + 4 - (col % 4) : col + 1;
      i++;
    }
    if (i >= line.length) {
      blank = true;
      if (quotes > deepest) deepest = quotes;
      continue;
    }
    const rest = line.slice(i);
    if (fence !== undefined) {
      if (rest.startsWith(fence) && /^[`~]+[ \t]*$/u.test(rest)) fence = undefined;
      continue;
    }
    let extra = 0;
    let container = true;
    let k = i;
    while (k < line.length) {
      const parent = items.length ? items[items.length - 1]! : 0;
      const here = line.slice(k);
      const marker = LIST_MARKER.exec(here);
      if (!marker) {
        if (here[0] === '>') {
          // A quote inside a list item on the same line.
          extra++;
          k++;
          col++;
          if (line[k] === ' ' || line[k] === '\t') {
            k++;
            col++;
          }
          continue;
        }
        if (container && col < parent + 4) {
          const open = FENCE.exec(here);
          if (open) fence = open[1]![0]!.repeat(open[1]!.length);
          if (blank) while (items.length && items[items.length - 1]! > col) items.pop();
        }
        break;
      }
      // Indented four columns past the parent's content: indented code, not an item.
      if (col >= parent + 4) break;
      while (items.length && items[items.length - 1]! > col) items.pop();
      let end = k + marker[0].length;
      let spaces = 0;
      while ((line[end] === ' ' || line[end] === '\t') && spaces < 5) {
        end++;
        spaces++;
      }
      const markerCol = col + marker[0].length;
      const content = end >= line.length || spaces > 4 ? markerCol + 1 : markerCol + spaces;
      items.push(content);
      container = false;
      col = content;
      k = end >= line.length || spaces > 4 ? line.length : end;
    }
    blank = false;
    const depth = quotes + items.length + extra;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

export interface DocumentOptions {
  lexicon: Lexicon;
  /** Parsed sections of this document's previous text, reused when unchanged (the editor's cache). */
  chunks?: ChunkCache | undefined;
  /** Kind given by the configuration's `documents` globs, if any matched. */
  configuredKind?: DocumentKind | undefined;
}

export function analyzeDocument(uri: string, text: string, options: DocumentOptions): DocumentModel {
  const skipped = skipReason(text);
  // A skipped document is still classified, from its head, so that it can be reported.
  const source = skipped ? headOf(text) : text;
  const { units, frontMatter, sections } = buildUnitsChunked(source, skipped ? undefined : options.chunks);
  const extraction = extract(skipped ? [] : units.units, options.lexicon, skipped ? undefined : sections);
  const title = units.headings[0];
  const { kind, kindSource } = classify(uri, frontMatter, options.configuredKind, title, units);
  return {
    uri,
    text,
    lines: new LineIndex(text),
    frontMatter,
    kind,
    kindSource,
    language: detectLanguage(units),
    title,
    ...(skipped ? { ...units, units: [], links: [], comments: [], codes: [], tags: [] } : units),
    ...extraction,
    placeholders: skipped ? [] : findPlaceholders(units),
    skipped,
  };
}

/** The first lines of a document, enough to read its front matter and first heading. */
function headOf(text: string): string {
  return text
    .slice(0, 4096)
    .split(/\r\n|\r|\n/u)
    .slice(0, 40)
    .filter((l) => !CONTAINER_PREFIX.test(l) && !l.includes('\u0000'))
    .join('\n');
}

/** Title keywords (checks.md "Which documents are judged"). A plan sets up the response organization. */
const RUNBOOK_FIRST = /対処要領/u;
const PLAN_TITLE = /csirt設置(?:要綱|要領|要項)|(?:設置|運営)(?:要綱|要領|要項)|インシデント対応計画|緊急時対応計画|対応体制|incident response plan|incident management plan|incident response and management plan/iu;
const RUNBOOK_TITLE = /手順書|手順|マニュアル|対処要領|インシデント対処|runbook|playbook|procedure|checklist|チェックリスト/iu;
const POLICY_TITLE = /ポリシー|規程|規則|規定|基準|方針|policy|policies|standard/iu;
const SECURITY_TOPIC = /セキュリティ|インシデント|情報管理|標的型|不審メール|ウイルス|ウィルス|マルウェア|ランサムウェア|情報漏えい|不正アクセス|csirt|ciso|security|incident|cyber|サイバー|malware|ransomware|phishing|breach/iu;

const REPOSITORY_FILES = /(?:^|\/)(?:readme|changelog|changes|contributing|license|licence|code_of_conduct)(?:\.[a-z-]+)?\.(?:md|markdown)$/iu;

function classify(
  uri: string,
  fm: FrontMatter,
  configured: DocumentKind | undefined,
  title: HeadingInfo | undefined,
  units: DocumentUnits,
): { kind: DocumentKind; kindSource: DocumentModel['kindSource'] } {
  const declared = fm.data?.['kijun'] ?? fm.data?.['document'];
  if (declared === 'policy' || declared === 'plan' || declared === 'runbook') return { kind: declared, kindSource: 'front-matter' };
  if (declared === 'other' || declared === 'none' || declared === false) return { kind: 'other', kindSource: 'front-matter' };
  if (configured) return { kind: configured, kindSource: 'configuration' };
  // A README or changelog describes a repository, not a policy, whatever its heading says.
  if (REPOSITORY_FILES.test(uri)) return { kind: 'other', kindSource: 'none' };
  // The title: the front matter's `title` (or `name`), else the first level-1 heading, else the first heading.
  const fmTitle = [fm.data?.['title'], fm.data?.['name']].find((t): t is string => typeof t === 'string' && t.trim() !== '');
  const heading = fmTitle !== undefined ? normalizeKey(fmTitle) : (units.headings.find((h) => h.depth === 1) ?? title)?.snippet.norm;
  if (heading === undefined) return { kind: 'other', kindSource: 'none' };
  const source: DocumentModel['kindSource'] = fmTitle !== undefined ? 'title' : 'heading';
  const topical = SECURITY_TOPIC.test(heading) || units.units.slice(0, 60).some((u) => SECURITY_TOPIC.test(u.snippet.norm));
  if (!topical) return { kind: 'other', kindSource: 'none' };
  if (RUNBOOK_FIRST.test(heading)) return { kind: 'runbook', kindSource: source };
  if (PLAN_TITLE.test(heading) && !/policy|policies|ポリシー|規程|規則/iu.test(heading)) return { kind: 'plan', kindSource: source };
  if (RUNBOOK_TITLE.test(heading) && !(POLICY_TITLE.test(heading) && /policy|policies|ポリシー|規程|規則/iu.test(heading))) return { kind: 'runbook', kindSource: source };
  if (POLICY_TITLE.test(heading)) return { kind: 'policy', kindSource: source };
  return { kind: 'other', kindSource: 'none' };
}

function detectLanguage(units: DocumentUnits): 'ja' | 'en' {
  let ja = 0;
  let latin = 0;
  for (const u of units.units) {
    const t = u.snippet.text;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) ja++;
      else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    }
    if (ja + latin > 4000) break;
  }
  // One Japanese character carries about as much as a Latin word: weigh accordingly.
  return ja * 3 >= latin && ja > 0 ? 'ja' : 'en';
}
