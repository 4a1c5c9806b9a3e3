import vocabulary from '../../lexicon/placeholders.json';
import type { Span } from '../types';
import type { DocumentUnits, RawInfo, Unit } from './units';

/**
 * Placeholders: text left for the author to fill in (checks.md, "Placeholders are not content").
 * The forms, and what is never one:
 *
 * - 〔…〕 and 【…】 whose content names a kind of thing (〔役職名〕, 〔理由〕, 〔共有先の機関〕,
 *   【会社名】, 〔令和　年　月　日〕) — the fixes' own placeholders —, not a value
 *   (〔平成 28 年 1 月 25 日〕) nor a label at the start of a line (〔手順〕 1. …);
 * - `[…]` written as text (so neither a link, a reference, a footnote nor a task-list checkbox:
 *   the parser has taken those) whose content is a template's blank: [更新日], [氏名],
 *   [ORGANIZATION NAME], [Company Name], [Insert date], [TBD] — not a citation ([1]), a
 *   footnote mark ([^1]), a checkbox ([ ], [x]) or an editorial word ([sic], [Draft]);
 * - `{{…}}` holding a name ({{COMPANY_NAME}}, {{ name }}) — not a site generator's expression
 *   ({{ site.title }}, {{< ref "x" >}});
 * - raw HTML that no HTML has: `<post>`, `<insert email address here>`, `<ORGANIZATION NAME>`
 *   (remark parses them as tags) — not `<br>`, `<a name="x">`, `<details open>`, autolinks
 *   (`<https://…>`, `<a@b.c>`: links) or comments;
 * - `<…>` written as text (`<会社名>`, `＜部署名＞`) with a blank's content;
 * - an inline code span that is nothing but a placeholder: the English fixes write `<post>` as
 *   code. Code that merely contains one (`ssh <host>`), code blocks and front matter never are.
 *
 * A slot of a script or of quoted text (in quotation marks or a block quote) is filled by whoever
 * says or sends it, not by the author: "IC: My name is [NAME]", "> This is [NAME], I am the
 * Incident Commander", 件名に「【至急】〔システム名〕の障害」と記載する — none of those.
 * The vocabulary (which contents are blanks) is data: lexicon/placeholders.json.
 */
export interface Placeholder {
  /** The placeholder as written, brackets included: 〔役職名〕, <post>, {{COMPANY_NAME}}, [更新日]. */
  text: string;
  span: Span;
  /** The unit (sentence, row or heading) it is written in; undefined in an HTML block. */
  unit: number | undefined;
}

const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
const JA_HEADS = [...vocabulary.ja.heads].sort((a, b) => b.length - a.length);
const JA_LABELS = new Set(vocabulary.ja.labels);
const JA_INSTRUCTIONS = vocabulary.ja.instructions;
const JA_BLANKS = vocabulary.ja.blanks;
const EN_HEADS = new Set(lower(vocabulary.en.heads));
const EN_INSTRUCTIONS = new Set(lower(vocabulary.en.instructions));
const EN_UNDECIDED = new Set(lower(vocabulary.en.undecided));
const NOT_SPEAKERS = new Set(lower(vocabulary.scriptLabels.notSpeakers));
const HTML_ELEMENTS = new Set(lower(vocabulary.htmlElements));

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** A value rather than a blank: digits, or a date in kanji numerals (平成二十八年). ○○ is a blank, not a numeral. */
const VALUE = /[0-9０-９]|[一二三四五六七八九十元][年月日]/u;
/** Small words a Title Case noun phrase keeps in lower case ([Name of the Organization]). */
const SMALL_WORDS = new Set(['of', 'the', 'and', 'or', 'for', 'to', 'a', 'an', 'in', 'on', 'at', 'by', 'here']);

type Bracket = 'tortoise' | 'square' | 'angle' | 'code';

/** Does the content of a bracket (without the brackets) name a blank to fill? */
export function blankContent(inner: string, bracket: Bracket, atLineStart = false): boolean {
  const t = inner.trim();
  if (!t) return false;
  if (JAPANESE.test(t)) return japaneseBlank(t, atLineStart);
  return englishBlank(t, bracket);
}

function japaneseBlank(raw: string, atLineStart: boolean): boolean {
  const t = raw.replace(/[\s\u3000]+/gu, '').toLowerCase();
  if (t.length > 30 || /[。．]/u.test(t)) return false;
  if (JA_BLANKS.some((b) => t.includes(b))) return true;
  if (VALUE.test(t)) return false;
  if (JA_INSTRUCTIONS.some((w) => t.includes(w))) return true;
  const head = JA_HEADS.find((h) => t.endsWith(h) && (h.length > 1 || t.length > 1));
  if (!head) return false;
  // 〔手順〕 at the start of a line, followed by the steps, is the label of what follows.
  return !(atLineStart && JA_LABELS.has(t));
}

function englishBlank(t: string, bracket: Bracket): boolean {
  if (EN_UNDECIDED.has(t.toLowerCase()) || /^x{3,}$/iu.test(t)) return true;
  if (!/^[A-Za-z][A-Za-z'’ _/-]*$/u.test(t)) return false;
  const words = t.split(/[\s_]+/u).filter(Boolean);
  if (words.length > 10) return false;
  const lc = words.map((w) => w.toLowerCase());
  if (words.length >= 2 && EN_INSTRUCTIONS.has(lc[0]!)) return true;
  const head = lc[lc.length - 1]!.replace(/\(s\)$/u, '');
  const named = EN_HEADS.has(head);
  if (bracket === 'tortoise' || bracket === 'angle') return named;
  // A fix writes `<post independent of system operation>`, `<steps to isolate affected systems>`.
  if (bracket === 'code') return named || words.length >= 2;
  // Square brackets also hold editorial words ([sic], [Draft], [the Agency]): only a template's
  // way of writing a blank counts — upper case, an identifier, or a Title Case phrase.
  if (!named) return false;
  const upper = t === t.toUpperCase();
  const identifier = t.includes('_');
  const title = words.length >= 2 && /^[A-Z]/u.test(words[0]!) && words.every((w) => /^[A-Z]/u.test(w) || SMALL_WORDS.has(w));
  return upper || identifier || title;
}

/** {{COMPANY_NAME}}, {{ name }}: a name, not an expression (site.title, a pipe, a shortcode). */
function braceBlank(inner: string): boolean {
  return /^\s*[\p{L}\p{N}_][\p{L}\p{N}_ -]{0,58}\s*$/u.test(inner);
}

/** A tag name no HTML has, with no attribute value: <post>, <insert email address here>. */
const TAG = /^<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s<>="'/`]+)*)\s*>$/u;
function tagBlank(tag: string): boolean {
  const m = TAG.exec(tag);
  return m !== null && !HTML_ELEMENTS.has(m[1]!.toLowerCase());
}

/** Text forms, scanned in one pass: the first alternative that matches at a position wins. */
const FORMS = /\{\{([^{}\n]{1,60})\}\}|〔([^〔〕\n]{1,30})〕|【([^【】\n]{1,30})】|[[［]([^[\]［］\n]{1,60})[\]］]|[<＜]([^<>＜＞\n]{1,60})[>＞]/gu;

/** A speaker's label opens a line of a script: "IC:", "INCIDENT COMMANDER (IC):", "SMEs:". */
const SPEAKER = /^\s*([A-Z][A-Z0-9&/.-]*(?:\s+[A-Z][A-Z0-9&/.-]*)*s?)(?:\s*\([A-Za-z]+\))?\s*:/u;

/**
 * A line of a script: the paragraph (or list item) the unit is a sentence of, or the item its
 * list hangs from, opens with a speaker's label.
 */
function scripted(u: Unit, units: Unit[]): boolean {
  const speaks = (x: Unit | undefined): boolean => {
    if (!x) return false;
    const first = units[x.index - x.sentence] ?? x;
    const m = SPEAKER.exec(first.snippet.text);
    return m !== null && m[1]!.length >= 2 && !NOT_SPEAKERS.has(m[1]!.toLowerCase());
  };
  return speaks(u) || speaks(u.list?.leadIn);
}

/** Whether characters of a text lie inside quotation marks, asked at increasing indices (linear). */
class QuoteScanner {
  private at = 0;
  private ascii = false;
  private depth = 0;
  constructor(private readonly text: string) {}

  inside(i: number): boolean {
    for (; this.at < i; this.at++) {
      const c = this.text[this.at]!;
      if (c === '"') this.ascii = !this.ascii;
      else if (c === '“' || c === '「' || c === '『') this.depth++;
      else if ((c === '”' || c === '」' || c === '』') && this.depth > 0) this.depth--;
    }
    return this.ascii || this.depth > 0;
  }
}

export function findPlaceholders(d: Pick<DocumentUnits, 'units' | 'codes' | 'tags'>): Placeholder[] {
  const out: Placeholder[] = [];
  const codes = d.codes;
  const codeAt = (offset: number): RawInfo | undefined => {
    let lo = 0;
    let hi = codes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = codes[mid]!;
      if (offset < c.span.start) hi = mid - 1;
      else if (offset >= c.span.end) lo = mid + 1;
      else return c;
    }
    return undefined;
  };
  for (const u of d.units) {
    const text = u.snippet.text;
    // Cheap test first: most units have no bracket at all.
    if (!/[{〔【[［<＜]/u.test(text)) continue;
    const quotes = new QuoteScanner(text);
    let script: boolean | undefined;
    FORMS.lastIndex = 0;
    for (const m of text.matchAll(FORMS)) {
      const i = m.index!;
      const whole = m[0];
      const start = u.snippet.offsetAt(i);
      const end = u.snippet.offsetAt(i + whole.length - 1) + 1;
      const code = codeAt(start);
      if (code) {
        // Inside inline code only a span that is nothing but the placeholder counts.
        if (code.value.trim() !== whole || codeAt(end - 1) !== code) continue;
      }
      const [, brace, tortoise, lenticular, square, angle] = m;
      const lineStart = /(?:^|\n)[ \t\u3000]*$/u.test(text.slice(0, i)) && /^(?:[ \t\u3000:：]|$)/u.test(text.slice(i + whole.length));
      let blank: boolean;
      if (brace !== undefined) blank = braceBlank(brace);
      else if (tortoise !== undefined || lenticular !== undefined) blank = blankContent((tortoise ?? lenticular)!, code ? 'code' : 'tortoise', lineStart);
      else if (square !== undefined) blank = !/^\^|^[\d\s,.\-–]+$|^[xX\s]?$/u.test(square) && blankContent(square, code ? 'code' : 'square', lineStart);
      else blank = blankContent(angle!, code ? 'code' : 'angle');
      if (!blank) continue;
      // {{…}} is a template's own variable wherever it stands; the other forms in a script or a
      // quotation are slots filled when the script is read or the message sent.
      if (brace === undefined && (u.quote || quotes.inside(i) || (script ??= scripted(u, d.units)))) continue;
      out.push({ text: whole, span: { start, end }, unit: u.index });
    }
  }
  for (const t of d.tags) {
    const first = /^[^\n]*/u.exec(t.value)![0].trimEnd();
    // An HTML block: only a first line that is one tag (remark reads the lines after it as HTML too).
    const tag = TAG.exec(first)?.[0];
    if (!tag || !tagBlank(tag)) continue;
    const span = { start: t.span.start, end: t.span.start + tag.length };
    const u = unitAt(d.units, span.start);
    if (u && (u.quote || new QuoteScanner(u.snippet.text).inside(textIndexAt(u, span.start)) || scripted(u, d.units))) continue;
    out.push({ text: tag, span, unit: u?.index });
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

/** The sentence, row or heading whose source span holds `offset` (an inline tag sits inside one). */
function unitAt(units: Unit[], offset: number): Unit | undefined {
  // Units follow the text: the last one starting at or before the offset, if it reaches it.
  let lo = 0;
  let hi = units.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.snippet.span.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const u = units[found];
  return u && offset < u.snippet.span.end ? u : undefined;
}

/** The index in a unit's text of the first character at or after source `offset`. */
function textIndexAt(u: Unit, offset: number): number {
  let i = 0;
  while (i < u.snippet.text.length && u.snippet.offsetAt(i) < offset) i++;
  return i;
}

/** The forms for text that is not Markdown (a suppression's justification): every match removed. */
export function withoutPlaceholders(text: string): { rest: string; found: string[] } {
  const found: string[] = [];
  FORMS.lastIndex = 0;
  let rest = text.replace(FORMS, (whole, brace?: string, tortoise?: string, lenticular?: string, square?: string, angle?: string) => {
    const blank =
      brace !== undefined
        ? braceBlank(brace)
        : tortoise !== undefined || lenticular !== undefined
          ? blankContent((tortoise ?? lenticular)!, 'tortoise')
          : square !== undefined
            ? blankContent(square, 'square')
            : tagBlank(whole) || blankContent(angle!, 'angle');
    if (!blank) return whole;
    found.push(whole);
    return ' ';
  });
  // A bare "TBD" or "xxx" says as little as a bracketed one.
  const bare = rest.trim();
  if (EN_UNDECIDED.has(bare.toLowerCase()) || /^x{3,}$/iu.test(bare)) {
    found.push(bare);
    rest = '';
  }
  return { rest, found };
}

/** Text that is nothing but placeholders (〔役職名〕, `<post>`): it names nobody yet. */
export function isOnlyPlaceholder(text: string): boolean {
  const { rest, found } = withoutPlaceholders(text);
  return found.length > 0 && rest.replace(/[\s`'"「」。、.]/gu, '') === '';
}
