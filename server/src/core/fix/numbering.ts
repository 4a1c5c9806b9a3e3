/**
 * Numbering as a document writes it: 「10. 」, 「4.3 」, 「第3条」, 「第二章」, 「（１）」. A label is
 * read from a heading or paragraph and the next one is written in the same style (digit width,
 * separator, kanji numerals), so that inserted headings and paragraphs continue the sequence.
 */

export interface Label {
  value: number;
  /** The label for another number, in the same style (with its trailing separator). */
  make(n: number): string;
}

const FULL = '０１２３４５６７８９';
const toAscii = (s: string) => s.replace(/[０-９]/gu, (c) => String(FULL.indexOf(c)));
const toFull = (s: string) => s.replace(/[0-9]/gu, (c) => FULL[Number(c)]!);
const KANJI = '〇一二三四五六七八九';

function kanjiValue(s: string): number | undefined {
  if (!/^[〇一二三四五六七八九十百]+$/u.test(s)) return undefined;
  let total = 0;
  let digit = 0;
  for (const c of s) {
    if (c === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (c === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = digit * 10 + KANJI.indexOf(c);
  }
  return total + digit;
}

function kanji(n: number): string {
  if (n <= 0 || n >= 1000) return String(n);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const o = n % 10;
  return `${h ? `${h > 1 ? KANJI[h] : ''}百` : ''}${t ? `${t > 1 ? KANJI[t] : ''}十` : ''}${o ? KANJI[o] : ''}`;
}

/** Renders n with the digits of `sample` (ASCII, full-width or kanji). */
function digitsLike(sample: string, n: number): string {
  if (/^[0-9]+$/u.test(sample)) return String(n);
  if (/^[０-９]+$/u.test(sample)) return toFull(String(n));
  return kanji(n);
}

const DOTTED = /^((?:[0-9０-９]+[.．])*)([0-9０-９]+)([.．]?)([ \t\u3000]+)/u;
const ARTICLE = /^(第)([0-9０-９]+|[〇一二三四五六七八九十百]+)([章節条款部編])([ \t\u3000]*)/u;
const PAREN = /^([（(])([0-9０-９]+)([）)])([ \t\u3000]*)/u;

/**
 * The label at the start of `text`, if any. `paragraph` excludes what Markdown reads as an
 * ordered list item (「1. 」 alone), which is not a numbered paragraph.
 */
export function readLabel(text: string, paragraph = false): Label | undefined {
  let m = ARTICLE.exec(text);
  if (m) {
    const [, pre, num, unit, sep] = m as unknown as [string, string, string, string, string];
    const value = /[〇一二三四五六七八九十百]/u.test(num) ? kanjiValue(num)! : Number(toAscii(num));
    return { value, make: (n) => `${pre}${digitsLike(num, n)}${unit}${sep || '\u3000'}` };
  }
  m = PAREN.exec(text);
  if (m) {
    const [, open, num, close, sep] = m as unknown as [string, string, string, string, string];
    return { value: Number(toAscii(num)), make: (n) => `${open}${digitsLike(num, n)}${close}${sep}` };
  }
  m = DOTTED.exec(text);
  if (m) {
    const [, prefix, num, dot, sep] = m as unknown as [string, string, string, string, string];
    if (paragraph && !prefix) return undefined;
    return { value: Number(toAscii(num)), make: (n) => `${prefix}${digitsLike(num, n)}${dot}${sep}` };
  }
  return undefined;
}

/** The label that follows `label` (「10. 」 → 「11. 」). */
export function nextLabel(label: Label): string {
  return label.make(label.value + 1);
}

/** The first label of a sub-level under a heading labelled `parent` (「4. 」 → 「4.1 」), if the style has one. */
export function childLabel(parentText: string): string | undefined {
  const m = DOTTED.exec(parentText);
  if (!m) return undefined;
  const [, prefix, num, , sep] = m as unknown as [string, string, string, string, string];
  const dot = /[０-９]/u.test(num) ? '．' : '.';
  return `${prefix}${num}${dot}${digitsLike(num, 1)}${sep}`;
}
