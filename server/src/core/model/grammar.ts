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
  const rest = norm.slice(m.end);
  const skip = SKIPPABLE_AFTER_MENTION.exec(rest);
  return skip ? rest.slice(skip[0].length) : rest;
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

/** Mentions joined to `first` by coordination, in text order, starting with `first`. */
export function coordinatedAfter(norm: string, mentions: Mention[], first: Mention, ceiling: number): Mention[] {
  const group = [first];
  let cur = first;
  for (let i = mentions.indexOf(first) + 1; i < mentions.length; i++) {
    const m = mentions[i]!;
    if (m.end > ceiling) break;
    let between = norm.slice(cur.end, m.start).replace(SKIPPABLE_AFTER_MENTION, '');
    between = between.replace(/\b(?:the|our|its|their|an?)\s*$/u, '').trim();
    if (!/^(?:,|and|or|, and|, or|と|及び|および|並びに|又は|若しくは|、|・)?$/u.test(between)) break;
    group.push(m);
    cur = m;
  }
  return group;
}

const IMMEDIATE = re(phrases.urgency.immediate, 'iu');
const PROMPT = re(phrases.urgency.prompt, 'iu');
const DELAYED = re(phrases.urgency.delayed, 'iu');
const DEADLINE = re(phrases.urgency.deadline, 'iu');

/**
 * Urgency stated in a stretch of text. A deadline is graded by its length: up to an hour is
 * immediate, up to a day prompt, longer delayed. Explicit words win over nothing; the most
 * urgent statement wins when several appear.
 */
export function urgencyIn(text: string): { urgency: Urgency; deadline: string | undefined } {
  const d = DEADLINE.exec(text);
  let deadline: string | undefined;
  let fromDeadline: Urgency = 'none';
  if (d) {
    deadline = d[0].trim();
    const amount = parseAmount(d[1] ?? d[3] ?? '1');
    const unit = (d[2] ?? d[4] ?? '').toLowerCase();
    const hours = /^(?:分|min)/.test(unit) ? amount / 60 : /^(?:時間|h)/.test(unit) ? amount : /^(?:週|week)/.test(unit) ? amount * 168 : amount * 24;
    fromDeadline = hours <= 1 ? 'immediate' : hours <= 24 ? 'prompt' : 'delayed';
  }
  if (IMMEDIATE.test(text) || fromDeadline === 'immediate') return { urgency: 'immediate', deadline };
  if (PROMPT.test(text) || fromDeadline === 'prompt') return { urgency: 'prompt', deadline };
  if (DELAYED.test(text) || fromDeadline === 'delayed') {
    return { urgency: 'delayed', deadline: deadline ?? DELAYED.exec(text)?.[0] };
  }
  return { urgency: 'none', deadline };
}

function parseAmount(s: string): number {
  if (/^(?:an?|one)$/i.test(s)) return 1;
  const n = Number(s);
  return Number.isFinite(n) ? n : 1;
}

const CONDITION_JA = re(phrases.condition.ja, 'gu');
const CONDITION_EN = re(phrases.condition.en, 'giu');
const CYBER = re(phrases.condition.cyberAttack, 'iu');

/** The last condition stated in `text` (「サイバー攻撃のおそれがある場合には」, "if …"). */
export function conditionIn(text: string, japanese: boolean): Condition | undefined {
  const pattern = japanese ? CONDITION_JA : CONDITION_EN;
  pattern.lastIndex = 0;
  let last: string | undefined;
  for (const m of text.matchAll(pattern)) last = (m[1] ?? m[0]).trim();
  if (!last) return undefined;
  return { text: last, cyber: CYBER.test(last) };
}

export function isJapaneseText(norm: string): boolean {
  return /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(norm);
}
