import { concepts, phrases } from '../../../lexicon';
import { afterMentionStart, coordinatedAfter, coordinatedBefore, isJapaneseSentence, re } from '../grammar';
import type { Mention } from '../mentions';
import type { Endpoint, Responsibility } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';

/**
 * What a statement says a post does, for the lead's conflict of interest (csirt-lead-conflict):
 * - it operates the information systems or their controls: 「情報システム部長は、全庁の情報システムを
 *   管理・運用する」「CSIRT責任者は、情報システムの運用管理を所掌する」, "The CTO is responsible for
 *   running the hosting infrastructure", a duty "- Responsible for the design, …, operation, …
 *   of IT security controls" under `### IT Manager` or in the IT Manager's row of a role table;
 * - it leads the incident response: "The Information Security Manager leads the incident
 *   response", "The CEO and CTO shall determine any … mitigations … as a result of an incident",
 *   「情報セキュリティ管理者は、インシデント対応を統括する」「CTOは、インシデントへの対処方針を決定する」;
 * - it is the liaison to others ("Serve as liaison to the Board of Directors, Law Enforcement …",
 *   「警察及び取締役会との窓口を務める」);
 * - it is independent of system operation: a negated operating statement ("The incident
 *   commander must not be responsible for operating the affected systems", 「CSIRT責任者は、情報
 *   システムの運用管理に従事しない者とする」) or "independent of system operations".
 * The post is the mention right before the predicate (with posts coordinated with it), else — for
 * a sentence that starts with its predicate — the post its heading, list lead-in or table row
 * speaks of. Negated statements create nothing (but a negated operating statement is one of
 * independence). The vocabulary is data (concepts.json).
 */

const AUX = concepts.enAuxiliary;
const compile = (source: string): RegExp => new RegExp(source, 'iu');
const EN = {
  operates: compile(`^\\s*(?<aux>${AUX})(?:${concepts.operatesSystems.en})`),
  leads: compile(`^\\s*(?<aux>${AUX})(?:${concepts.leadsResponse.en})`),
  liaison: compile(`^\\s*(?<aux>${AUX})(?:${concepts.liaisonTo.en})`),
  independent: compile(`^\\s*(?<aux>${AUX})(?:${concepts.independentOfOperation.en})`),
};
const JA = {
  operates: compile(`^(?:${concepts.operatesSystems.ja})`),
  leads: compile(`^(?:${concepts.leadsResponse.ja})`),
  liaison: compile(`^(?:${concepts.liaisonTo.ja})`),
  independent: compile(`^(?:${concepts.independentOfOperation.ja})`),
};
const JA_END = compile(concepts.jaEnd);
const JA_NEG = re(phrases.reporting.ja.negation);
const EN_NEGATED_AUX = /\b(?:not|never)\b/u;
/** A preposition right before a mention makes it no subject ("reports to the CTO operates"). */
const EN_NOT_SUBJECT = /\b(?:to|with|from|by|of|in|at|for|on|under|than|about|via|whom|whose)\s+(?:the\s+|our\s+|an?\s+)?$/u;
/** What a Japanese post is followed by when it is the topic (past its parenthetical). */
const JA_TOPIC = /^(?:は|が|では)/u;
/** List markers and item numbers a duty may start with. */
const LEADING = /^[\s\-–—•*·・]*(?:(?:\(?[0-9一二三四五六七八九十]{1,3}[).）]|[①-⑳]|[ア-ン](?=[\s.、])|[a-z][).])\s*)?/u;

type Kind = keyof typeof EN;

export function readResponsibilities(ctx: ReadingContext, u: Unit, out: Responsibility[]): void {
  const norm = u.snippet.norm;
  if (norm.length < 6) return;
  const japanese = isJapaneseSentence(norm);
  const ms = ctx.mentionsOf(u);
  for (const m of ms) {
    if (!isPost(ctx, m)) continue;
    const at = afterMentionStart(norm, m);
    if (japanese ? !JA_TOPIC.test(norm.slice(at)) : EN_NOT_SUBJECT.test(norm.slice(Math.max(0, m.start - 40), m.start))) continue;
    const readings = chain(norm, at, japanese);
    if (!readings.length) continue;
    for (const p of coordinatedBefore(norm, ms, m, 0)) if (isPost(ctx, p)) for (const r of readings) push(ctx, u, out, r, ctx.endpoint(u, p), false, ms);
    return;
  }
  // A duty that starts with its predicate speaks of the post its context names.
  const lead = LEADING.exec(norm)?.[0].length ?? 0;
  if (japanese ? ctx.topicOf(u) : ms.some((m) => m.start < lead + 2 && !m.generic)) return;
  const readings = chain(norm, lead, japanese);
  // 「報告を受けた者は、インシデント対応を指揮する」: a topic the mention layer does not know is no duty of the context's post.
  if (!readings.length || (japanese && /(?:は|が)、/u.test(norm.slice(lead, readings[0]!.end)))) return;
  const post = ctx.contextSubject(u);
  if (!post || post.generic || post.vague || (post.role && !ctx.assignable(post.role) && post.role !== 'csirt-lead')) return;
  for (const r of readings) push(ctx, u, out, r, post, true, ms);
}

/** Joins two predicates of one post: "leads the response and runs …", 「…を統括し、…を運用する」. */
const EN_NEXT = /^\s*,?\s*(?:and|but|while)\s+(?:also\s+)?/u;
const JA_NEXT = /^(?:し|するとともに|とともに)?、?(?:かつ|また)?、?/u;

/** A clause between the topic and the predicate: 「CSIRT責任者は、インシデントの対処に当たっては、…」. */
const JA_ADVERBIAL = /^(?:は|が|では)、?[^。、]{0,30}?(?:に当たっては|にあたっては|に際しては|場合には|場合は|際には|際は|ときは|時は)、/u;

/** The statements made of one post from `at` on: each predicate, then the next one joined to it. */
function chain(norm: string, at: number, japanese: boolean): Reading[] {
  const patterns = japanese ? JA : EN;
  const out: Reading[] = [];
  let pos = at + (japanese ? (JA_ADVERBIAL.exec(norm.slice(at, at + 60))?.[0].length ?? 0) : 0);
  for (let n = 0; n < 4; n++) {
    let r: Reading | undefined;
    for (const kind of KINDS) if ((r = read(kind, patterns[kind], norm, pos, japanese))) break;
    if (!r) break;
    out.push(r);
    const next = (japanese ? JA_NEXT : EN_NEXT).exec(norm.slice(r.end, r.end + 20));
    if (!next || (!next[0].length && !japanese)) break;
    pos = r.end + next[0].length;
  }
  return out;
}

const KINDS: Kind[] = ['operates', 'leads', 'liaison', 'independent'];

interface Reading {
  kind: Responsibility['kind'];
  /** Normalized range of what is operated, or of whom the liaison is to (ja). */
  object: [number, number] | undefined;
  end: number;
}

function read(kind: Kind, pattern: RegExp, norm: string, at: number, japanese: boolean): Reading | undefined {
  const rest = norm.slice(at, at + 400);
  const m = pattern.exec(rest);
  if (!m) return undefined;
  const end = at + m[0].length;
  let negated: boolean;
  if (japanese) {
    const after = norm.slice(end, end + 40);
    if (!JA_END.test(after)) return undefined;
    negated = JA_NEG.test(after);
  } else {
    negated = EN_NEGATED_AUX.test(m.groups?.['aux'] ?? '');
  }
  const group = m.groups?.['systems'] ?? m.groups?.['to'];
  const object: [number, number] | undefined = group !== undefined ? [at + m[0].lastIndexOf(group), at + m[0].lastIndexOf(group) + group.length] : undefined;
  if (kind === 'operates') return { kind: negated ? 'independent' : 'operates', object, end };
  if (negated) return undefined;
  return { kind, object, end };
}

function push(ctx: ReadingContext, u: Unit, out: Responsibility[], r: Reading, post: Endpoint, inherited: boolean, ms: Mention[]): void {
  const norm = u.snippet.norm;
  const item: Responsibility = { kind: r.kind, post, inherited, span: u.snippet.span };
  if (r.object && r.kind !== 'liaison') item.object = u.snippet.spanOfNorm(r.object[0], r.object[1]);
  if (r.kind === 'liaison') {
    // Whom: the posts and bodies named after "liaison to" (en), or before 「との窓口」 (ja).
    const [from, to] = r.object ?? [r.end, norm.length];
    const inside = ms.filter((m) => m.start >= from && m.end <= to && !m.vague);
    const first = inside[0];
    const group = r.object ? inside : first ? coordinatedAfter(norm, ms, first, norm.length) : [];
    item.to = group.filter((m) => !m.vague).map((m) => ctx.endpoint(u, m));
    if (!item.to.length) return;
  }
  out.push(item);
}

/** A post or person (or a unit acting as one), not the staff at large, a team's members or an outside body. */
function isPost(ctx: ReadingContext, m: Mention): boolean {
  if (m.generic || m.vague) return false;
  if (m.role) return m.role === 'csirt-lead' || ctx.assignable(m.role);
  return m.title !== undefined;
}
