import { holderKey } from '../holders';
import type { Endpoint } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';

/**
 * The holder named in a stretch of text: the mention it consists of when there is one
 * (「情報システム課の課長」 is the post 課長 of 情報システム課, keyed as a whole), a designation
 * (「情報システム担当者の中からCSIRT責任者が指名する者」: a person chosen from a pool by someone),
 * else the text itself when it reads like a post. Undefined for text that names no post at all.
 */

export interface HolderReading {
  endpoint: Endpoint;
  designatedBy: Endpoint | undefined;
}

/** 「Zの中からWが指名する（者）」「Zのうちから、Wが指名する」「Zのうち、Wが指名する者」. */
const DESIGNATION = /^(.{2,60}?)(?:の中から|のうちから|の中より|のうち)、?(.{2,40}?)が(?:[0-9０-９一二三]+名)?(?:指名|任命|選任|指定)(?:する|した)(?:者)?$/u;
const DESIGNATION_BARE = /^(.{2,40}?)が(?:[0-9０-９一二三]+名)?(?:指名|任命|選任|指定)(?:する|した)(?:者)$/u;
/** A portfolio in parentheses: 「副学長（情報担当）」「理事（総務・情報担当）」 (normalized parentheses). */
const PORTFOLIO = /\([^()、,]{1,12}担当\)$/u;
const HEADCOUNT = /\s*[0-9０-９一二三四五六七八九十]+名(?:以上|以内|程度)?$/u;

export function holderEndpoint(ctx: ReadingContext, u: Unit, start: number, end: number, strict = false): HolderReading | undefined {
  const norm = u.snippet.norm;
  let s = start;
  let e = end;
  while (s < e && /[\s、,「『"']/u.test(norm[s]!)) s++;
  // 「CSIRT要員は、CSIRT責任者のほか、…の係長及び担当者とする」: those named besides are not the holder.
  const besides = /^[^、,。]{1,30}のほか[、,]?/u.exec(norm.slice(s, e));
  if (besides && besides[0].length < e - s) s += besides[0].length;
  while (e > s && /[\s、,。.」』"']/u.test(norm[e - 1]!)) e--;
  // 「大臣官房情報セキュリティ対策推進室（以下「推進室」という。）」: the alias is not part of the name.
  // A portfolio stays: 「副学長（情報担当）」「理事（総務・情報担当）」 is one post among several 副学長.
  const paren = /\s*\([^()]*\)$/u.exec(norm.slice(s, e));
  if (paren && paren.index > 0 && !PORTFOLIO.test(paren[0].trim())) e = s + paren.index;
  const count = HEADCOUNT.exec(norm.slice(s, e));
  if (count && count.index > 0) e = s + count.index;
  if (e <= s) return undefined;
  const text = norm.slice(s, e);
  const designation = DESIGNATION.exec(text) ?? DESIGNATION_BARE.exec(text);
  if (designation) return designated(ctx, u, s, designation);
  const endpoint = plainHolder(ctx, u, s, e, text, strict);
  return endpoint ? { endpoint, designatedBy: undefined } : undefined;
}

function designated(ctx: ReadingContext, u: Unit, s: number, m: RegExpExecArray): HolderReading | undefined {
  const ms = ctx.mentionsOf(u);
  const bare = m.length === 2 || m[2] === undefined;
  const poolText = bare ? undefined : m[1]!;
  const byText = bare ? m[1]! : m[2]!;
  const byStart = s + m[0].indexOf(byText, poolText ? poolText.length : 0);
  const byEnd = byStart + byText.length;
  // The designator is the first mention of its part (「全学情報総括責任者（以下「全学総括責任者」という。）」).
  const byMention = ms.find((x) => x.start >= byStart && x.end <= byEnd);
  const designatedBy = byMention ? ctx.endpoint(u, byMention) : undefined;
  const asWritten = (): HolderReading => {
    const display = u.snippet.textOfNorm(s, s + m[0].length).trim();
    return { endpoint: { role: undefined, title: holderKey(display), display, span: u.snippet.spanOfNorm(s, s + m[0].length), generic: false, roleLike: true, base: undefined }, designatedBy };
  };
  if (!poolText) return asWritten();
  const poolEnd = s + poolText.length;
  const pool = plainHolder(ctx, u, s, poolEnd, poolText, false, true);
  if (pool) return { endpoint: pool, designatedBy };
  // A pool that names no post on its own (「第3条第1項第2号に掲げる者」「学長が適当と認める者」)
  // still makes a holder: the designation as written, when someone named does the choosing.
  return designatedBy && /者$/u.test(poolText) ? asWritten() : undefined;
}

function plainHolder(ctx: ReadingContext, u: Unit, s: number, e: number, text: string, strict: boolean, relaxed = false): Endpoint | undefined {
  // A fix's placeholder (〔役職名〕, <post>) stands for the post the author will fill in.
  if (/^(?:〔[^〔〕]{1,30}〕|<[^<>]{1,40}>)$/u.test(text)) {
    return { role: undefined, title: text, display: u.snippet.textOfNorm(s, e).trim(), span: u.snippet.spanOfNorm(s, e), generic: false, roleLike: true, base: undefined };
  }
  const inner = ctx.mentionsOf(u).filter((m) => m.start >= s && m.end <= e);
  const span = u.snippet.spanOfNorm(s, e);
  const display = u.snippet.textOfNorm(s, e).trim();
  // "the Security Operations Desk of the Information Security Office": the first title is the post.
  if (inner.length > 1 && inner[0]!.start === s && /^\s+(?:of|in|within|at|under)\s+(?:the\s+)?$/u.test(u.snippet.norm.slice(inner[0]!.end, inner[1]!.start))) {
    const m = inner[0]!;
    return { ...ctx.endpoint(u, m), title: m.role ? undefined : holderKey(m.display) };
  }
  if (inner.length === 1 && inner[0]!.start === s && inner[0]!.end === e) {
    const m = inner[0]!;
    return { ...ctx.endpoint(u, m), title: m.role ? undefined : holderKey(display) };
  }
  // The portfolio of 「理事（総務担当）」 does not make the post less of a post.
  const post = text.replace(PORTFOLIO, '');
  const looksLikePost =
    inner.length > 0 ||
    (!strict && /^[\p{Script=Han}\p{Script=Katakana}ー・a-z0-9\s]+$/u.test(post) && post.length <= 30) ||
    (relaxed && /^[\p{Script=Han}\p{Script=Katakana}ー・a-z0-9\sの()]+$/u.test(text) && text.length <= 40) ||
    /^(?:[A-Z][\w-]*)(?:\s+(?:of|for|and|the|&|[A-Z][\w-]*))*$/u.test(display);
  if (!looksLikePost || /(?:する|します|行う|こと)$|をいう|をいい|という|含む|含め|ものとし/u.test(text) || /\b(?:responsible|accountable|required|expected)\b/iu.test(text)) return undefined;
  const role = inner.length === 1 && inner[0]!.role && inner[0]!.end - inner[0]!.start >= (e - s) * 0.8 ? inner[0]!.role : undefined;
  return { role, title: role ? undefined : holderKey(display), display, span, generic: false, roleLike: true, base: undefined };
}
