import { phrases } from '../../../lexicon';
import { authorityOwning, coordinatedBefore, hasRecipientParticle, particleIs, re } from '../grammar';
import type { Mention } from '../mentions';
import type { Edge, EdgeForm, Endpoint } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';
import { inside, makeEdge } from './edge';
import { implicitReporter } from './reporters';

/**
 * Japanese prose: 「AはBに報告する」 and its relatives — topic or subject (は / が), recipient
 * (に / へ / あて), sender (から / より), passive (報告される), the receiver's side
 * (「AはBから報告を受け」), nominal forms (「Bへの報告は、速やかに行う」, a duty
 * 「…への報告に関すること」 under a lead-in), coordinated recipients, a channel
 * (「下記の通報フォームからご連絡ください」) and the reporter left implicit.
 */

const JA_VERB = re(phrases.reporting.ja.verb, 'gu');
const JA_VERBAL = re(phrases.reporting.ja.verbalEnding);
const JA_NEG = re(phrases.reporting.ja.negation);
const JA_OBLIGATION = re(phrases.reporting.ja.obligationNotNegation);
const JA_NOUN = re(phrases.reporting.ja.nounCompounds);
const FROM = /^(?:から|より)/u;
const TOPIC = /^(?:は|が|では|からは|により|による|によって)/u;
const AGENT = /^(?:により|による|によって)/u;
const WA = /^(?:は|では)(?!ら)/u;
/** A subject that is not a role (「外部委託先は」): the sentence names its own actor, so no context applies. */
const JA_OTHER_SUBJECT = /([\p{Script=Han}\p{Script=Katakana}ー]{2,})(?:は|が)(?![らない])/u;
const JA_NOT_SUBJECT_NOUNS = /(?:場合|とき|時|際|上|後|前|こと|ため|ほか|うち|中|間|等|ところ|事項|内容|状況|結果|経過|詳細|旨|情報|報|第\d+報)$/u;
/** A definition (「…をいう。」) states what a word means, not who reports to whom. */
const DEFINITION = /(?:をいう|をいい|とは、|のことをいう)[。.]?$|をいう[。、]/u;
/** A channel named as the recipient's place (「通報フォームから」「メールで」). */
const CHANNEL = /(?:フォーム|メール|サイト|ポータル|システム|アドレス|電話|窓口)$/u;
/** Another predicate between a から-sender and the verb: 「NISCから提供される…を…へ通知する」. */
const PREDICATE_BETWEEN = /(?:される|された|されて|する|した|して|している|受けた|受ける)(?=[\p{Script=Han}\p{Script=Katakana}ー])/u;
/** The noun phrase of a nominal duty: 「文部科学省へのインシデントに係る連絡」. */
const NOMINAL_GAP = /^(?:[\p{Script=Han}\p{Script=Katakana}ー・]|の|に係る|に関する|に対する|等)*$/u;

interface Verb {
  start: number;
  end: number;
  negated: boolean;
  passive: boolean;
  receive: boolean;
  noun: boolean;
}

function jaVerbs(norm: string, ms: Mention[]): Verb[] {
  const out: Verb[] = [];
  JA_VERB.lastIndex = 0;
  for (const m of norm.matchAll(JA_VERB)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (inside(ms, start)) continue;
    const after = norm.slice(end);
    const before = norm.slice(0, start);
    const noun = /(?:への|に対する|宛ての|あての)$/u.test(before) || (/^(?:に関する|等に関する|及び|並びに|、|・)/u.test(after) && nominalRecipientBefore(before));
    if (!noun && (JA_NOUN.test(after) || !JA_VERBAL.test(after))) continue;
    // 「所定の報告書をCSIRTに提出する」: handing in counts when what is handed in is a report.
    if (m[0] === '提出' && !/(?:報告書|報告様式|報告|届出書?|届け出|一報|通知書)(?:等)?を[^。]{0,30}$/u.test(before)) continue;
    out.push({
      start,
      end,
      noun,
      negated: JA_NEG.test(after) && !JA_OBLIGATION.test(after),
      passive: /^され/u.test(after),
      receive: /^を受/u.test(after),
    });
  }
  return out;
}

function nominalRecipientBefore(before: string): boolean {
  const at = Math.max(before.lastIndexOf('への'), before.lastIndexOf('に対する'));
  return at >= 0 && NOMINAL_GAP.test(before.slice(at + (before.startsWith('への', at) ? 2 : 4)));
}

export function readJapaneseProse(ctx: ReadingContext, u: Unit): Edge[] {
  const norm = u.snippet.norm;
  if (DEFINITION.test(norm)) return [];
  const ms = ctx.mentionsOf(u);
  const verbs = jaVerbs(norm, ms);
  const out: Edge[] = [];
  const causee = causeeOf(norm, ms);
  let sentenceTopic: Endpoint[] = [];
  let carried: Mention[] = [];
  verbs.forEach((v, k) => {
    const segStart = k > 0 ? verbs[k - 1]!.end : 0;
    const seg = ms.filter((m) => m.start >= segStart && m.end <= v.start);
    // 「は」 marks the topic; a 「が」 may sit in a relative clause (「CSIRT責任者が所管する情報システム
    // については、監査責任者が…」), so without a 「は」 the last 「が」 before the verb is the subject.
    const topicHere = seg.find((m) => particleIs(norm, m, WA) && !m.generic) ?? [...seg].reverse().find((m) => particleIs(norm, m, TOPIC) && !particleIs(norm, m, FROM) && !hasRecipientParticle(norm, m) && !m.vague);
    const sourceHere = seg.find((m) => particleIs(norm, m, FROM) && !isChannel(m) && !PREDICATE_BETWEEN.test(norm.slice(m.end, v.start))) ?? seg.find((m) => particleIs(norm, m, AGENT));
    // 「報告窓口は直ちにCSIRT責任者に、CSIRT責任者は直ちにCISOに報告する」: one verb for pairs.
    const pairs = v.noun || v.negated || v.receive ? undefined : gappedPairs(norm, seg);
    if (pairs) {
      for (const [topic, recipient, clauseEnd] of pairs) {
        const clause = norm.slice(topic.start, clauseEnd);
        const e = makeEdge(u, ctx.endpoint(u, topic), ctx.endpoint(u, authorityOwning(norm, ms, recipient) ?? recipient), { urgencyText: clause, conditionText: norm.slice(0, v.start), japanese: true }, v.passive ? 'ja-passive' : 'ja-active');
        if (e) out.push(e);
      }
      carried = [];
      return;
    }
    const lastRecipient = [...seg].reverse().find((m) => hasRecipientParticle(norm, m) && !particleIs(norm, m, /^に(?:事故|支障|異動|欠員)/u));
    let recipients = lastRecipient ? coordinatedBefore(norm, seg, lastRecipient, segStart).map((m) => authorityOwning(norm, ms, m) ?? m) : [];
    // 「主務省に第一報を行い、その後の対処状況を適宜報告する」: a later verb with no recipient of
    // its own, in a clause joined to the previous one, reports to the same recipient.
    if (!recipients.length && carried.length && !topicHere && /^[^、。]{0,6}、/u.test(norm.slice(verbs[k - 1]!.end))) recipients = carried;
    // 「下記の通報フォームからご連絡ください」: the channel is where the report goes.
    if (!recipients.length) {
      const channel = [...seg].reverse().find((m) => isChannel(m) && particleIs(norm, m, /^(?:から|より|で|を通じて)/u));
      if (channel) recipients = [channel];
    }
    const regionEnd = v.noun ? (verbs[k + 1]?.start ?? norm.length) : v.end;
    const region = norm.slice(segStart, regionEnd);
    // 「統括情報セキュリティ責任者及び情報セキュリティ責任者は」「教職員や学生は」: coordinated topics.
    const topics = topicHere ? coordinatedBefore(norm, seg, topicHere, segStart).filter((m) => !m.vague) : [];
    const topicEndpoint = topicHere ? ctx.endpoint(u, topicHere) : undefined;
    if (!sentenceTopic.length && topics.length) sentenceTopic = topics.map((m) => ctx.endpoint(u, m));
    carried = recipients.length ? recipients : carried;
    if (v.negated) return;
    const text = { urgencyText: region, verbAt: v.start - segStart, conditionText: norm.slice(0, v.start), japanese: true };

    if (v.receive) {
      // 「CSIRT責任者は、報告窓口から報告を受け」: the topic receives, the から-mention reports;
      // with no topic, whoever the sentence speaks of receives (「…からの被害報告を受け、…」).
      const receiver = topicHere && topicHere !== sourceHere ? topicEndpoint : sentenceTopic[0] ?? (namesOtherSubject(norm, 0, v.start) ? undefined : ctx.contextSubject(u));
      if (receiver && sourceHere) {
        const e = makeEdge(u, ctx.endpoint(u, sourceHere), receiver, text, 'ja-receive');
        if (e) out.push(e);
      }
      return;
    }
    if (recipients.length === 0) return;
    let from: Endpoint[] = [];
    // 「報告窓口で受けた報告は、…CSIRT責任者に伝達される」: where the report was received sends it on.
    const receivedAt = seg.find((m) => particleIs(norm, m, /^(?:で|が|において)受け(?:た|付けた)(?:報告|通報|情報|連絡)/u));
    // 「庁にCSIRTを置き、…CISOへの報告…に当たらせる」: the duties are the causee's.
    if (v.noun && causee && !recipients.includes(causee)) from = [ctx.endpoint(u, causee)];
    else if (receivedAt && !recipients.includes(receivedAt)) from = [ctx.endpoint(u, receivedAt)];
    else if (sourceHere && !recipients.includes(sourceHere)) from = [ctx.endpoint(u, sourceHere)];
    else if (!v.passive && topicHere && !recipients.includes(topicHere)) from = topics.map((m) => ctx.endpoint(u, m));
    else if (!v.passive && sentenceTopic.length) from = sentenceTopic;
    if (!from.length && (BACK_REFERENCE.test(mainClause(norm, segStart, v.start)) || !namesOtherSubject(norm, segStart, v.start))) {
      const c = ctx.contextSubject(u) ?? implicitReporter(ctx, u);
      if (c) from = [c];
    }
    // A nominal form stands for a duty or a statement about reports; it needs someone who owes it.
    if (v.noun && !from.length) return;
    const form: EdgeForm = v.noun ? (u.list ? 'duty' : 'ja-noun') : v.passive ? 'ja-passive' : 'ja-active';
    for (const r of recipients) {
      for (const f of from.length ? from : [undefined]) {
        const e = makeEdge(u, f, ctx.endpoint(u, r), text, form);
        if (e) out.push(e);
      }
    }
  });
  return out;
}

/** A causative main predicate: 「…に当たらせる」「…を行わせる」「…を担わせる」. */
const CAUSATIVE_END = /(?:当たらせる|あたらせる|行わせる|担わせる|処理させる|所掌させる|実施させる|させる)(?:ものとする)?[。.]?$/u;

/**
 * Who is made to do the duties of a causative sentence: the body just set up
 * (「CSIRTを置き、」「CSIRTを設置し、」) or the one marked に before the duties (「CSIRTに…を行わせる」).
 */
function causeeOf(norm: string, ms: Mention[]): Mention | undefined {
  if (!CAUSATIVE_END.test(norm)) return undefined;
  return ms.find((m) => particleIs(norm, m, /^を(?:置き|設置し|設け|編成し|組織し)/u)) ?? ms.find((m) => particleIs(norm, m, /^に、?(?![^、。]{0,4}(?:報告|連絡|通報|通知))/u) && m.role === 'csirt');
}

/**
 * Gapped coordination: two or more 「AはBに、」 clauses sharing the final verb. Each topic is
 * followed by its own recipient, and each recipient but the last by a comma before the next
 * topic. Returns [topic, recipient, end of the clause] per pair, or nothing.
 */
function gappedPairs(norm: string, seg: Mention[]): Array<[Mention, Mention, number]> | undefined {
  const pairs: Array<[Mention, Mention, number]> = [];
  let topic: Mention | undefined;
  for (const m of seg) {
    if (particleIs(norm, m, WA) && !m.generic) {
      if (topic) return undefined; // a topic with no recipient of its own
      topic = m;
    } else if (topic && hasRecipientParticle(norm, m)) {
      const rest = norm.slice(m.end);
      const comma = /^[^、。\p{Script=Han}\p{Script=Katakana}]{0,6}、/u.exec(rest);
      pairs.push([topic, m, comma ? m.end + comma[0].length : norm.length]);
      topic = undefined;
    }
  }
  if (topic || pairs.length < 2) return undefined;
  // Every clause but the last ends at its comma, right before the next topic's clause.
  for (let i = 0; i < pairs.length - 1; i++) {
    const [, r, end] = pairs[i]!;
    if (end === norm.length || !/^[^、。]{0,6}、$/u.test(norm.slice(r.end, end))) return undefined;
  }
  return pairs;
}

function isChannel(m: Mention): boolean {
  return !m.role && CHANNEL.test(m.display) && !/窓口$/u.test(m.display);
}

/** The main clause before the verb: past the last condition (「…を発見した場合は、」). */
function mainClause(norm: string, from: number, to: number): string {
  const text = norm.slice(from, to);
  let at = 0;
  for (const m of text.matchAll(/(?:場合|とき|時|際|ときは|たら)(?:に|には|は|において|においては)?、/gu)) at = m.index! + m[0].length;
  return text.slice(at);
}

/**
 * Whether the clause names an actor that is no mention (「機構は、…」「外部委託先は」), so that no
 * context subject applies: a は-topic anywhere before the verb, or a が-subject in the main clause
 * (a 「インシデントが発生した場合」 inside the condition is not the actor).
 */
function namesOtherSubject(norm: string, from: number, to: number): boolean {
  const text = norm.slice(from, to);
  const topic = /([\p{Script=Han}\p{Script=Katakana}ー]{2,})(?:は|では)(?![らない])/u.exec(text);
  if (topic && !JA_NOT_SUBJECT_NOUNS.test(topic[1]!) && !BACK_REFERENCE.test(text.slice(Math.max(0, topic.index - 3)))) return true;
  const m = JA_OTHER_SUBJECT.exec(mainClause(norm, from, to));
  return m !== null && !JA_NOT_SUBJECT_NOUNS.test(m[1]!);
}

/** 「当該責任者は」「その担当者は」: the subject of the sentence before. */
const BACK_REFERENCE = /^(?:[^、。]{0,3})?(?:当該|その|同|前記|上記)[\p{Script=Han}\p{Script=Katakana}ー]{1,12}(?:は|が)/u;
