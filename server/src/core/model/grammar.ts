import { phrases } from '../../lexicon';
import type { Mention } from './mentions';
import type { Condition, Urgency } from './types';

/**
 * Small pieces of grammar shared by the Japanese and English readers: what follows a mention
 * (its particle), urgency and deadlines, conditions. All work on normalized text.
 */

export const re = (source: string, flags = 'u'): RegExp => new RegExp(source, flags);

const RECIPIENT = re(phrases.particles.recipient);
const COORDINATION = re(phrases.particles.coordination);
const SKIPPABLE_AFTER_MENTION = /^(?:\s*\([^()]{0,60}\)|\s*「[^」]{0,40}」|等|など|ら|殿|各位|\s)+/u;

/** Text right after a mention, past a parenthetical (「報告窓口（情報政策課）に」) and 等. */
export function afterMention(norm: string, m: Mention): string {
  const at = afterMentionStart(norm, m);
  return norm.slice(at, at + AFTER_WINDOW);
}

/** Every pattern read after a mention is short: a bounded window keeps the readers linear. */
const AFTER_WINDOW = 400;

/** Where the text after a mention starts, past its parenthetical and 等. */
export function afterMentionStart(norm: string, m: Mention): number {
  const skip = SKIPPABLE_AFTER_MENTION.exec(norm.slice(m.end, m.end + 200));
  return m.end + (skip ? skip[0].length : 0);
}

export function hasRecipientParticle(norm: string, m: Mention): boolean {
  return RECIPIENT.test(afterMention(norm, m));
}

export function particleIs(norm: string, m: Mention, particle: RegExp): boolean {
  return particle.test(afterMention(norm, m));
}

/** Mentions joined to `last` by と / 及び / "and" / commas, in text order, ending with `last`. */
export function coordinatedBefore(norm: string, mentions: Mention[], last: Mention, floor: number): Mention[] {
  const group = [last];
  let cur = last;
  for (let i = mentions.indexOf(last) - 1; i >= 0; i--) {
    const m = mentions[i]!;
    if (m.start < floor) break;
    const between = norm.slice(m.end, cur.start).replace(SKIPPABLE_AFTER_MENTION, '');
    if (!COORDINATION.test(between.replace(/^(?:\s*\([^()]*\))+/u, ''))) break;
    group.unshift(m);
    cur = m;
  }
  return group;
}

/**
 * Mentions joined to `first` by coordination, in text order, starting with `first`. A fallback
 * inside the list ("the governor, or the lieutenant governor in the event the governor is not
 * available, the chief information officer") is skipped with the mentions it names.
 */
export function coordinatedAfter(norm: string, mentions: Mention[], first: Mention, ceiling: number): Mention[] {
  const group = [first];
  let cur = first;
  for (let i = mentions.indexOf(first) + 1; i < mentions.length; i++) {
    const m = mentions[i]!;
    if (m.end > ceiling) break;
    let between = norm.slice(cur.end, m.start).replace(SKIPPABLE_AFTER_MENTION, '');
    between = between.replace(/\b(?:the|our|its|their|an?)\s*$/u, '').trim();
    if (/^(?:,|and|or|, and|, or|と|及び|および|並びに|又は|若しくは|、|・)?$/u.test(between)) {
      group.push(m);
      cur = m;
      continue;
    }
    // "notifies NISC promptly and, for cyber attacks, the police": a coordinated recipient
    // behind an adverb and a comma-bounded case.
    if (/^(?:(?:\w+ly|without delay|at once|right away)\s*)?,?\s*(?:and|or)\s*,\s*(?:for|in case of|in the event of|if|when|where|in)\s[^,]{1,60},$/u.test(between)) {
      group.push(m);
      cur = m;
      continue;
    }
    const clause = /^(?:in the event(?: that)?|if|when|unless|where)\b([^,]*)(,\s*(?:and|or)?)?$/u.exec(between);
    if (clause && !clause[2]) continue; // a mention inside the fallback clause
    if (clause && clause[2]) {
      group.push(m);
      cur = m;
      continue;
    }
    break;
  }
  return group;
}

const IMMEDIATE = re(phrases.urgency.immediate, 'giu');
const PROMPT = re(phrases.urgency.prompt, 'giu');
const DELAYED = re(phrases.urgency.delayed, 'iu');
const DEADLINE = re(phrases.urgency.deadline, 'iu');
const TABLE_DEADLINE = re(phrases.urgency.tableDeadline, 'iu');
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, 'twenty-four': 24, 'forty-eight': 48, 'seventy-two': 72 };

/**
 * A predicate between an urgency word and the reporting verb: the word modifies that other verb
 * (「直ちに事実関係を調査し、…報告する」, 「すみやかに状況把握・分析を行う」), not the report.
 */
const OTHER_PREDICATE = /(?:[しいきけせちみりびぎえてで]、|を行い|を講じ|を実施し|ととも|した上で|して)(?=.)/u;

export interface UrgencyReading {
  urgency: Urgency;
  deadline: string | undefined;
}

/**
 * Urgency stated in a stretch of text that ends at (or, for a noun, around) the reporting verb.
 * A stated deadline is graded by its length: under a day is prompt, a day or more delayed.
 * Words win over nothing; the most urgent statement wins when several modify the report.
 * `verbAt` (an index into `text`) drops urgency words that modify another predicate before it.
 */
export function urgencyIn(text: string, verbAt = text.length, tableCell = false): UrgencyReading {
  const own = (m: RegExpExecArray): boolean => m.index >= verbAt || !OTHER_PREDICATE.test(text.slice(m.index + m[0].length, verbAt));
  const d = (tableCell ? TABLE_DEADLINE : DEADLINE).exec(text);
  let deadline: string | undefined;
  let fromDeadline: Urgency = 'none';
  if (d && own(d)) {
    deadline = d[0].trim();
    const amountText = (d[1] ?? d[3] ?? '1').toLowerCase();
    const amount = NUMBER_WORDS[amountText] ?? parseAmount(amountText);
    const unit = (d[2] ?? d[4] ?? '').toLowerCase();
    const hours = /^(?:分|min)/.test(unit) ? amount / 60 : /^(?:時間|h)/.test(unit) ? amount : /^(?:週|week)/.test(unit) ? amount * 168 : /^(?:か月|ヶ月|カ月|month)/.test(unit) ? amount * 720 : amount * 24;
    fromDeadline = hours < 24 ? 'prompt' : 'delayed';
  }
  const has = (re: RegExp): boolean => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) if (own(m)) return true;
    return false;
  };
  if (has(IMMEDIATE)) return { urgency: 'immediate', deadline };
  if (has(PROMPT) || fromDeadline === 'prompt') return { urgency: 'prompt', deadline };
  const delayed = DELAYED.exec(text);
  if ((delayed && own(delayed)) || fromDeadline === 'delayed') {
    return { urgency: 'delayed', deadline: deadline ?? delayed?.[0] };
  }
  return { urgency: 'none', deadline };
}

function parseAmount(s: string): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : 1;
}

const CONDITION_JA = re(phrases.condition.ja, 'gu');
const CONDITION_EN = re(phrases.condition.en, 'giu');
const CYBER = re(phrases.condition.cyberAttack, 'iu');

/**
 * "if required", 「必要に応じて」: a discretionary qualifier leaves the report to judgement; it
 * names no kind of incident, so the line covers every incident.
 */
const DISCRETIONARY = /^(?:(?:if|when|where|as)\s+(?:required|necessary|needed|appropriate|applicable|warranted)|必要(?:な|がある|があると認める)?(?:場合|とき)(?:は|には)?|必要に応じ(?:て)?)$/iu;

/** The last condition stated in `text` (「サイバー攻撃のおそれがある場合には」, "if …"), unless discretionary. */
export function conditionIn(text: string, japanese: boolean): Condition | undefined {
  // "Where an incident is, or may be, a cyber attack": an aside between commas is part of it.
  if (!japanese) text = text.replace(/,\s*(?:or|and)\s+(?:may|might|could|is suspected to|appears to|is likely to|is believed to)\s*(?:be|have been)?\s*,/giu, ' or may be');
  const pattern = japanese ? CONDITION_JA : CONDITION_EN;
  pattern.lastIndex = 0;
  let last: string | undefined;
  for (const m of text.matchAll(pattern)) last = (m[1] ?? m[0]).trim();
  if (!last || DISCRETIONARY.test(last)) return undefined;
  return { text: last, cyber: CYBER.test(last) };
}

/**
 * The language a sentence is written in, for choosing its reader: Japanese when Japanese text
 * stands outside parentheses — "The Deputy Commissioner (次長) is appointed as …" is English with
 * Japanese glosses.
 */
export function isJapaneseSentence(norm: string): boolean {
  if (!isJapaneseText(norm)) return false;
  const outside = norm.replace(/\([^()]*\)|（[^（）]*）|「[^「」]*」/gu, ' ');
  if (/[\p{Script=Hiragana}]/u.test(outside)) return true;
  const ja = (outside.match(/[\p{Script=Katakana}\p{Script=Han}]/gu) ?? []).length;
  const en = (outside.match(/[a-z]{2,}/gu) ?? []).length;
  return ja >= en;
}

export function isJapaneseText(norm: string): boolean {
  return /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(norm);
}

/** Outside bodies whose own offices are reported to as the body itself. */
const AUTHORITIES = new Set(['nisc', 'police', 'supervisor']);
/** An office of a body (「…の情報セキュリティ担当部局」「…の担当窓口」, "the security office of …"). */
const JA_OFFICE = /(?:部局|部署|担当課|担当室|担当係|窓口|担当者|担当官|事務局|担当)$/u;
const EN_OFFICE = /\b(?:office|desk|division|department|section|unit|team|bureau|contact|point of contact|liaison|hotline|centre|center)$/iu;

/**
 * 「主務省である国土交通省の情報セキュリティ担当部局に報告する」「警察の相談窓口に通報する」,
 * "notify the security office of the supervising ministry", "the ministry's incident desk":
 * the office of an outside body is reached as the body — the report goes to the ministry.
 */
export function authorityOwning(norm: string, ms: Mention[], m: Mention): Mention | undefined {
  if (m.role && m.role !== 'contact-point') return undefined;
  const i = ms.indexOf(m);
  if (JA_OFFICE.test(m.display)) {
    const owner = i > 0 ? ms[i - 1] : undefined;
    if (owner?.role && AUTHORITIES.has(owner.role) && /^(?:\s*\([^()]*\))?(?:等)?の$/u.test(norm.slice(owner.end, m.start))) return owner;
  }
  if (EN_OFFICE.test(m.display)) {
    const after = ms[i + 1];
    if (after?.role && AUTHORITIES.has(after.role) && /^\s*(?:of|at|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$/u.test(norm.slice(m.end, after.start))) return after;
    const before = i > 0 ? ms[i - 1] : undefined;
    if (before?.role && AUTHORITIES.has(before.role) && /^(?:'s|’s)\s+(?:[\w-]+\s+){0,2}$/u.test(norm.slice(before.end, m.start))) return before;
  }
  return undefined;
}
