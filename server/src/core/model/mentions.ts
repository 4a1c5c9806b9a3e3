import type { Lexicon } from '../../lexicon';
import { normalizeKey } from '../text/normalize';
import type { Snippet } from './snippet';

/**
 * Role mentions in a snippet: lexicon roles (「CSIRT責任者」, "CISO"), and role-like titles that
 * the lexicon does not know (「情報政策担当参事官」, "Director of IT Operations"), which may be
 * holders of a role or organization-specific posts. Positions are indices into `snippet.norm`.
 */
export interface Mention {
  start: number;
  end: number;
  /** Canonical role id for lexicon mentions. */
  role: string | undefined;
  /** Normalized title key for non-lexicon titles. */
  title: string | undefined;
  /** The title as written (for messages). */
  display: string;
  /** A post-like title (ends in 責任者, 官, 長, "Lead", …), as opposed to an organizational unit. */
  roleLike: boolean;
  /** A generic recipient such as 幹部 or "stakeholders": never a role-undefined finding. */
  generic: boolean;
  /** For a title built on a lexicon role (「CSIRT責任者補佐」), that role — used for suggestions. */
  base: string | undefined;
}

const RUN = /[\p{Script=Han}\p{Script=Katakana}ー・a-z0-9&]+/gu;
const RUN_CHAR = /[\p{Script=Han}\p{Script=Katakana}ー・a-z0-9&]/u;
const DETERMINERS = /^(?:当該|各|同|全|本|当|貴|上記|前記|下記|所属)(?=.{2,})/u;
const REPORTING = /報告|連絡|通報|届け?出|一報|通知|相談|問い?合わせ|report|notif|inform|escalat|contact|call/u;

const mentionCache = new WeakMap<Snippet, { lexicon: Lexicon; mentions: Mention[] }>();

/** Mentions depend only on a snippet's text and the lexicon, so they are cached across edits. */
export function findMentions(snippet: Snippet, lexicon: Lexicon): Mention[] {
  const key = snippet.origin ?? snippet;
  const hit = mentionCache.get(key);
  if (hit && hit.lexicon === lexicon) return hit.mentions;
  const mentions = computeMentions(snippet, lexicon);
  mentionCache.set(key, { lexicon, mentions });
  return mentions;
}

function computeMentions(snippet: Snippet, lexicon: Lexicon): Mention[] {
  const norm = snippet.norm;
  const out: Mention[] = [];
  const reportingContext = REPORTING.test(norm);
  for (let i = 0; i < norm.length; ) {
    const t = lexicon.termAt(norm, i);
    if (!t || (t.contextual && !reportingContext)) {
      i++;
      continue;
    }
    let end = i + t.norm.length;
    if (t.asciiEnd && norm[end] === 's' && !/[a-z0-9]/.test(norm[end + 1] ?? '')) end++;
    const m = mention(snippet, i, end, t.role, undefined, false, false, undefined);
    // A Japanese noun run that goes on past the term may name a different post (CSIRT責任者補佐).
    let runEnd = end;
    while (runEnd < norm.length && RUN_CHAR.test(norm[runEnd]!) && !/[a-z0-9]/.test(norm[runEnd]!)) runEnd++;
    if (runEnd > end) {
      const rest = norm.slice(end, runEnd);
      const same = lexicon.sameRoleSuffixes.some((s) => rest === s);
      if (!same && endsWithAny(rest, lexicon.titles.jaRoleSuffixes)) {
        const key = normalizeKey(norm.slice(i, runEnd));
        out.push(mention(snippet, i, runEnd, undefined, key, true, lexicon.genericRecipients.has(key), t.role));
        i = runEnd;
        continue;
      }
    }
    out.push(m);
    i = end;
  }
  placeholders(snippet, out);
  jaTitles(snippet, lexicon, out);
  enTitles(snippet, lexicon, out);
  enGeneric(snippet, lexicon, out);
  return out.sort((a, b) => a.start - b.start);
}

/** A fix's placeholder (〔役職名〕, <post>) stands for a post the author has yet to name. */
export const PLACEHOLDER = /〔[^〔〕]{1,30}〕|<[^<>\s][^<>]{0,38}>/gu;

function placeholders(snippet: Snippet, out: Mention[]): void {
  const norm = snippet.norm;
  PLACEHOLDER.lastIndex = 0;
  for (const m of norm.matchAll(PLACEHOLDER)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!overlaps(out, start, end)) out.push(mention(snippet, start, end, undefined, m[0], true, false, undefined));
  }
}

function mention(
  snippet: Snippet,
  start: number,
  end: number,
  role: string | undefined,
  title: string | undefined,
  roleLike: boolean,
  generic: boolean,
  base: string | undefined,
): Mention {
  return { start, end, role, title, display: snippet.textOfNorm(start, end).trim(), roleLike, generic, base };
}

function endsWithAny(s: string, suffixes: string[]): string | undefined {
  let best: string | undefined;
  for (const x of suffixes) if (s.endsWith(x) && (!best || x.length > best.length)) best = x;
  return best;
}

function overlaps(out: Mention[], start: number, end: number): boolean {
  return out.some((m) => m.start < end && start < m.end);
}

function jaTitles(snippet: Snippet, lexicon: Lexicon, out: Mention[]): void {
  const norm = snippet.norm;
  const { jaRoleSuffixes, jaUnitSuffixes, jaNotTitles } = lexicon.titles;
  for (const m of norm.matchAll(RUN)) {
    let start = m.index!;
    let text = m[0];
    // 「システム統括管理者及び運用監視班長」: 及(び), 並(びに), 又(は), 若(しくは) and a trailing 等 end a noun.
    const next = norm[start + text.length] ?? '';
    if (/[及並又若]$/u.test(text) && /^[\p{Script=Hiragana}]/u.test(next)) text = text.slice(0, -1);
    text = text.replace(/(?:等|など)$/u, '');
    if (!text) continue;
    // Runs of Latin letters only are English words, handled by enTitles.
    if (!/[\p{Script=Han}\p{Script=Katakana}]/u.test(text)) continue;
    const d = DETERMINERS.exec(text);
    if (d) {
      start += d[0].length;
      text = text.slice(d[0].length);
    }
    const end = start + text.length;
    if (overlaps(out, start, end)) continue;
    const roleSuffix = endsWithAny(text, jaRoleSuffixes);
    const unitSuffix = endsWithAny(text, jaUnitSuffixes);
    const suffix = roleSuffix ?? unitSuffix;
    if (!suffix || text.length <= suffix.length) {
      if (lexicon.genericRecipients.has(text)) out.push(mention(snippet, start, end, undefined, text, true, true, undefined));
      continue;
    }
    if (jaNotTitles.some((n) => text.endsWith(n) && text.length === n.length)) continue;
    out.push(mention(snippet, start, end, undefined, normalizeKey(text), roleSuffix !== undefined, lexicon.genericRecipients.has(text), undefined));
  }
}

const EN_LEADING = /^(?:The|A|An|Our|Each|Every|All|Any|This|That|Their|Its|Your|If|When|Then|Otherwise|And|Or)\s+/;

const titlePatterns = new WeakMap<Lexicon, RegExp[]>();

/** "Director of IT Operations" first, so that "The Director" is not taken for a title on its own. */
function enTitlePatterns(lexicon: Lexicon): RegExp[] {
  let p = titlePatterns.get(lexicon);
  if (!p) {
    const heads = [...lexicon.titles.enRoleHeads, ...lexicon.titles.enUnitHeads].map((h) => h[0]!.toUpperCase() + h.slice(1)).join('|');
    const cap = "[A-Z][A-Za-z&'-]*";
    p = [
      new RegExp(`\\b(?:Director|Head|Chief|Vice President|VP|Manager)\\s+of\\s+(?:the\\s+)?${cap}(?:\\s+(?:and\\s+)?${cap})*`, 'g'),
      new RegExp(`\\b(?:${cap}\\s+){0,4}(?:${heads})s?\\b`, 'g'),
    ];
    titlePatterns.set(lexicon, p);
  }
  return p;
}

function enTitles(snippet: Snippet, lexicon: Lexicon, out: Mention[]): void {
  // Titles are capitalized words: nothing to find in text without an upper-case letter.
  if (!/[A-Z]/u.test(snippet.text)) return;
  for (const re of enTitlePatterns(lexicon)) {
    re.lastIndex = 0;
    enTitleMatches(snippet, lexicon, snippet.text, re, out);
  }
}

/** "senior executives", "stakeholders": generic recipients, read so that edges to them exist. */
function enGeneric(snippet: Snippet, lexicon: Lexicon, out: Mention[]): void {
  const norm = snippet.norm;
  for (const g of lexicon.genericRecipients) {
    if (!/^[a-z ]+$/u.test(g)) continue;
    for (let at = norm.indexOf(g); at >= 0; at = norm.indexOf(g, at + 1)) {
      const end = at + g.length;
      if (/[a-z]/u.test(norm[at - 1] ?? '') || /[a-z]/u.test(norm[end] ?? '')) continue;
      if (overlaps(out, at, end)) continue;
      out.push(mention(snippet, at, end, undefined, g, true, true, undefined));
    }
  }
}

function enTitleMatches(snippet: Snippet, lexicon: Lexicon, text: string, re: RegExp, out: Mention[]): void {
  for (const m of text.matchAll(re)) {
    let s = m.index!;
    let t = m[0];
    const lead = EN_LEADING.exec(t);
    if (lead) {
      s += lead[0].length;
      t = t.slice(lead[0].length);
    }
    if (!/\s/.test(t)) continue; // a lone capitalized head word ("Team") names nothing specific
    const start = snippet.normIndexOfText(s);
    const end = snippet.normIndexOfText(s + t.length);
    if (overlaps(out, start, end)) continue;
    const key = normalizeKey(t);
    const lastWord = key.split(' ').pop()!.replace(/s$/, '');
    const roleLike = lexicon.titles.enRoleHeads.includes(lastWord) || /^(?:director|head|chief|vice president|vp|manager) of /.test(key);
    out.push(mention(snippet, start, end, undefined, key, roleLike, lexicon.genericRecipients.has(key), undefined));
  }
}
