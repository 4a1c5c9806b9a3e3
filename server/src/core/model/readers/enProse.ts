import { phrases } from '../../../lexicon';
import { authorityOwning, coordinatedAfter, re } from '../grammar';
import type { Mention } from '../mentions';
import type { Edge, Endpoint } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';
import { inside, makeEdge } from './edge';
import { implicitPassiveReporter, implicitReporter } from './reporters';

/**
 * English prose: "A reports/notifies/escalates to B", "A must inform B", passives ("shall be
 * reported to B by A", "B must be notified"), carriers ("sends the CISO a report", "give notice
 * to"), channels ("via Service Desk Online", "by phoning the service desk"), coordinated
 * reporters and recipients, "It is the responsibility of A to notify B", "requires A to report
 * to B", and imperatives addressed to the reader ("If you suspect …, contact B").
 * Parenthesized asides ("(which are reported to them …)") are not read as clauses.
 */

const EN_VERB = re(phrases.reporting.en.verb, 'giu');
const EN_NEG = re(phrases.reporting.en.negationBefore, 'iu');
const EN_NOUN = re(phrases.reporting.en.nounCompounds, 'iu');
const EN_TO_VERBS = /^(?:report|escalat|raise|pass|forward)/iu;
const EN_CONTACT_VERBS = /^(?:call|phon|e-?mail|communicat)/iu;
const EN_BARE = /^\s*(?:(?:then|also|immediately|promptly|must|shall|should|will|always|first|next|finally|and|please|step\s*\d+[:.]?|\d+[.)]|\(\d+\)|[-*•])[\s,:]*)*$/iu;
/** "Immediately start an incident by contacting …", "Raise a ticket by e-mailing …": an imperative whose channel is the report. */
const EN_IMPERATIVE_BY = /^\s*(?:[-*•]|\d+[.)])?\s*(?:\w+ly\s+)?(?:start|open|raise|log|file|create|begin|declare|submit)\s+(?:it|this|an?\s+[\w-]+|the\s+[\w-]+)(?:\s+[\w-]+)?\s+by\s+$/iu;
/** The purpose of a contact that asks rather than reports: questions, advice, help. */
const ASKING = String.raw`(?:any\s+)?(?:further\s+|more\s+|general\s+|other\s+|security\s+|technical\s+)*(?:questions?|quer(?:y|ies)|advice|guidance|help|support|clarification|assistance)\b`;
const ASKING_BEFORE = new RegExp(String.raw`\b(?:for|with)\s+${ASKING}|\bif you have\s+${ASKING}`, 'iu');
const ASKING_AFTER = new RegExp(String.raw`^[^.;,]{0,80}?\b(?:for|with)\s+${ASKING}|^[^.;]{0,80}?\bif you have\s+${ASKING}`, 'iu');
/** A relative clause on the recipient before: ", who then notifies …", ", which in turn informs …". */
const RELATIVE_WHO = /^\s*,\s*(?:who|which|that)\s+(?:then\s+|in turn\s+|also\s+|immediately\s+|promptly\s+|must\s+|shall\s+|will\s+)*$/iu;
const EN_INFORMED_OF_RULES = /^\s+(?:of|about)\s+(?:this|the|these|our|its|such)?\s*(?:[\w-]+\s+){0,2}?(?:procedures?|polic(?:y|ies)|process(?:es)?|rules?|requirements?|arrangements?|channels?|standards?|guidelines?)\b/iu;
/** "Reports received by the desk are …": the receiver named in the subject. */
const RECEIVED_BY = /\b(?:reports?|notifications?|incidents?|information)\s+(?:received|collected|logged|taken)\s+(?:by|at)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?([a-z][\w-]*)\s+(?=(?:is|are|will|shall|must|should)\b)/iu;
const EN_OWN_SUBJECT = /\b(?:the|a|an|our|each|every|any)\s+[a-z]/iu;
const EN_PREPOSITION = /\b(?:by|of|for|in|from|to|with|on|about|under|within|at|than|during|after|before)\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+)?$/iu;
/** "sends the CISO a written report", "submits a report to the CISO": the verb carries a report. */
const EN_CARRIER_VERBS = /^(?:send|submit|provide|give|deliver|forward)/iu;
const EN_CARRIER_NOUN = re(phrases.reporting.en.carrierNoun, 'iu');
const EN_LEAD_ARTICLES = /^(?:\s+(?:the|our|its|their|his or her|his|her|your|an?|all|any|immediately|promptly|also|directly|still|without delay|at once|right away|as soon as possible))*\s+(?:[a-z][\w-]*['’]s\s+)?(?:[a-z][\w-]*\s+(?:or|and)\s+)?$/iu;
/** "Once a cybersecurity incident is reported to X, X must investigate": a temporal clause, no duty. */
const SUBORDINATE = /\b(?:once|after|when|whenever|until|before|upon|unless|which|that|who)\b[^,;]*$/iu;
const EN_TARGET_PREP = /\b(?:to|with|via|through|using)\s+(?:the\s+|our\s+|its\s+|their\s+|his or her\s+|your\s+|an?\s+)?(?:(?!and\b|or\b)[a-z][\w-]*\s+){0,2}$/u;
const PASSIVE_BEFORE = /\b(?:be|is|are|was|were|been|being|gets?)\s+(?:\w+ly\s+|also\s+|not\s+)?$/u;
/** "It is the responsibility of the employee who … to notify": the responsible party reports. */
const RESPONSIBILITY = /\b(?:it is the (?:responsibility|duty|obligation) of|requires?|directs?|asks?|instructs?)\s+(?:the\s+|all\s+|each\s+)?$/u;
/** "A security incident in a public agency shall be reported …": the locative names the reporter. */
const INCIDENT_IN = /\b(?:incidents?|breach(?:es)?|events?)\s+(?:in|at|within|of|involving)\s+(?:an?|the|any|each)?\s*$/u;

interface Verb {
  start: number;
  end: number;
  word: string;
}

/** "Notification of law enforcement will occur …", "Escalation to the CISO is made …": a report as a noun. */
const EN_NOMINAL = /\b(?:notification|notice|escalation|reporting)\s+(?:of|to)\s+(?:the\s+)?$/u;
const EN_NOMINAL_PREDICATE = /\b(?:will|shall|must|is|are)\s+(?:be\s+)?(?:occur|made|given|required|take place|done|completed)|\boccurs?\b|\btakes place\b|\bconcurrent with\b/u;

export function readEnglishProse(ctx: ReadingContext, u: Unit): Edge[] {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  const aside = parenthesized(norm);
  const out: Edge[] = [];
  if (EN_NOMINAL_PREDICATE.test(norm)) {
    for (const m of ms) {
      if (!EN_NOMINAL.test(norm.slice(0, m.start)) || m.vague) continue;
      const e = makeEdge(u, ctx.contextSubject(u), ctx.endpoint(u, m), { urgencyText: norm, conditionText: norm, japanese: false }, 'en-active');
      if (e) out.push(e);
    }
    if (out.length) return out;
  }
  const verbs: Verb[] = [];
  EN_VERB.lastIndex = 0;
  for (const m of norm.matchAll(EN_VERB)) {
    const start = m.index!;
    if (inside(ms, start) || aside(start)) continue;
    const after = norm.slice(start + m[0].length);
    if (EN_NOUN.test(after.trimStart())) continue;
    // "Staff are informed of this procedure": making the rules known, not a report.
    if (/^inform/u.test(m[0]) && EN_INFORMED_OF_RULES.test(after)) continue;
    if (/^contact/u.test(m[0]) && /^\s+(?:details|information|list|numbers?|address(?:es)?|person|form)\b/u.test(after)) continue;
    // "For any further questions, contact: …", "contact X for security advice": asking, not reporting.
    if (/^(?:contact|call|phon|e-?mail)/u.test(m[0]) && (ASKING_BEFORE.test(norm.slice(Math.max(0, start - 60, norm.lastIndexOf(';', start) + 1), start)) || ASKING_AFTER.test(after))) continue;
    if (/^(?:call|phone|e-?mail)/u.test(m[0]) && /\b(?:a|an|the|this|each|by|per|via|conference|phone|video)\s+$/u.test(norm.slice(0, start)) && !/^(?:ing)?\s+(?:the\s+)?\S/u.test(after)) continue;
    if (/^report/u.test(m[0]) && /\b(?:a|an|the|this|each|every|any|all|such|its|their|written|incident|initial|final|monthly|weekly|annual)\s+$/u.test(norm.slice(0, start))) {
      if (!/^\s+(?:\S+\s+){0,3}?to\s/u.test(after)) continue;
    }
    // "by sending email to X", "via e-mail": the noun, not the verb.
    if (/^e-?mail$/u.test(m[0]) && /\b(?:send(?:s|ing)?|an?|by|via|through|and|or)\s+$/u.test(norm.slice(Math.max(0, start - 10), start))) continue;
    // "reported by calling the service desk": the gerund names the channel of the report before it.
    if (/ing$/u.test(m[0]) && /\bby\s+$/u.test(norm.slice(Math.max(0, start - 4), start)) && verbs.length) continue;
    verbs.push({ start, end: start + m[0].length, word: m[0] });
  }
  let sentenceSubject: Endpoint[] = [];
  /** The last recipient read so far: "…notifies the CSIRT manager, who then notifies …". */
  let previousRecipient: Mention | undefined;
  let segStart = 0;
  verbs.forEach((v, k) => {
    const segEnd = k + 1 < verbs.length ? verbs[k + 1]!.start : norm.length;
    const before = norm.slice(segStart, v.start);
    const beforeMs = ms.filter((m) => m.start >= segStart && m.end <= v.start && !aside(m.start));
    const afterMs = ms.filter((m) => m.start >= v.end && m.end <= segEnd && !aside(m.start));
    const region = norm.slice(segStart, segEnd);
    const negated = EN_NEG.test(before);
    const passive = PASSIVE_BEFORE.test(before);
    // A passive inside a temporal or relative clause restates a report, it does not require one.
    if (passive && SUBORDINATE.test(norm.slice(0, v.start))) {
      segStart = v.end;
      return;
    }

    let recipients: Mention[] = [];
    let by: Mention | undefined;
    // "passed to", "passed on to": the verb has taken its own "to".
    const toTarget = /\bto$/u.test(v.word) ? afterMs.find((m) => EN_LEAD_ARTICLES.test(norm.slice(v.end, m.start) || ' ')) : afterMs.find((m) => EN_TARGET_PREP.test(norm.slice(v.end, m.start)));
    if (passive) {
      by = afterMs.find((m) => /\bby\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+)?$/u.test(norm.slice(v.end, m.start)));
      // "reported by phoning the service desk": the channel after a gerund is the recipient.
      const byChannel = afterMs.find((m) => /\bby\s+(?:phoning|calling|e-?mailing|contacting|notifying|writing to|sending (?:an? )?(?:e-?mail|message) to)\s+(?:the\s+|our\s+)?$/u.test(norm.slice(v.end, m.start)));
      if (byChannel) {
        recipients = [byChannel];
        by = undefined;
      } else if (toTarget && toTarget !== by) recipients = coordinatedAfter(norm, afterMs, toTarget, segEnd);
      else if (beforeMs.length && !INCIDENT_IN.test(norm.slice(0, beforeMs[beforeMs.length - 1]!.start))) recipients = [beforeMs[beforeMs.length - 1]!];
    } else if (EN_TO_VERBS.test(v.word)) {
      if (toTarget) recipients = coordinatedAfter(norm, afterMs, toTarget, segEnd);
    } else if (EN_CARRIER_VERBS.test(v.word)) {
      const obj = afterMs[0];
      if (obj && EN_LEAD_ARTICLES.test(norm.slice(v.end, obj.start) || ' ') && /^\s+(?:(?:a|an|the)\s+)?(?:\S+\s+){0,2}?(?:report|notification|update|briefing|summary|notice)/iu.test(norm.slice(obj.end, segEnd))) {
        recipients = [obj];
      } else if (toTarget && EN_CARRIER_NOUN.test(norm.slice(v.end, toTarget.start))) {
        recipients = coordinatedAfter(norm, afterMs, toTarget, segEnd);
      }
    } else {
      const obj = afterMs[0];
      if (obj && EN_LEAD_ARTICLES.test(norm.slice(v.end, obj.start) || ' ')) recipients = coordinatedAfter(norm, afterMs, obj, segEnd);
      else if (toTarget) recipients = coordinatedAfter(norm, afterMs, toTarget, segEnd);
    }
    if (!recipients.length && (EN_TO_VERBS.test(v.word) || EN_CONTACT_VERBS.test(v.word) || /^(?:notif|inform|alert|contact)/u.test(v.word))) {
      // "reported to Congress": a proper noun named only at this place.
      const proper = properNounAfter(u, norm, v.end, segEnd);
      if (proper) recipients = [proper];
    }
    recipients = recipients.map((m) => authorityOwning(norm, ms, m) ?? m);
    const lastRecipient = recipients[recipients.length - 1];
    segStart = lastRecipient && lastRecipient.end > v.end ? lastRecipient.end : v.end;
    const subjects = enSubjects(norm, beforeMs);
    // The clause's subject holds for the verbs after it ("The desk logs the report and escalates …").
    if (!passive && !sentenceSubject.length && subjects.length) sentenceSubject = subjects.map((m) => ctx.endpoint(u, m));
    const relativeTo = previousRecipient;
    previousRecipient = recipients[recipients.length - 1] ?? previousRecipient;
    if (negated || recipients.length === 0) return;

    let from: Endpoint[] = [];
    if (passive) {
      const receivedBy = RECEIVED_BY.exec(norm.slice(0, v.start));
      if (by) from = [ctx.endpoint(u, by)];
      else if (receivedBy) {
        // "Reports received by the desk are passed to the CSIRT lead": whoever received them sends them on.
        const headEnd = receivedBy.index + receivedBy[0].trimEnd().length;
        const m = beforeMs.find((x) => x.start < headEnd && x.end >= headEnd);
        const f = m ? ctx.endpoint(u, m) : ctx.antecedent(u, receivedBy[1]!, receivedBy.index);
        if (f) from = [f];
      } else {
        const located = beforeMs.find((m) => INCIDENT_IN.test(norm.slice(0, m.start)));
        if (located) from = [ctx.endpoint(u, located)];
        // An agentless passive in an instruction continues its context ("Security incidents
        // can also be reported by phoning the service desk" after "you must report …").
        else if (!EN_OWN_SUBJECT.test(norm.slice(0, v.start).replace(/\b(?:security |information security )?incidents?\b/gu, ''))) {
          // When the recipient is the sentence's subject ("Staff are informed …"), the sentence
          // before says nothing of who informs them; only the section's own subject may.
          const recipientIsSubject = recipients.every((r) => beforeMs.includes(r));
          const c = ctx.contextSubject(u) ?? (recipientIsSubject ? undefined : ctx.previousSubject(u));
          if (c) from = [c];
        }
        const frame = from.length ? undefined : ctx.frameSubject(u);
        if (!from.length && (!frame || frame.role === 'staff')) {
          const implicit = implicitPassiveReporter(ctx, u, norm.slice(0, v.start), recipients);
          if (implicit) from = [implicit];
        }
      }
    } else if (RELATIVE_WHO.test(before) && relativeTo) from = [ctx.endpoint(u, relativeTo)];
    else if (subjects.length) from = subjects.map((m) => ctx.endpoint(u, m));
    // "He reports …", "The officer shall give notice …": the subject of the sentence before.
    else if (/^\W*(?:\d+[.)]\s*)?(?:he|she|they|he or she|the officer|this officer)\s/u.test(norm.slice(0, v.start))) {
      const c = ctx.previousSubject(u);
      if (c) from = [c];
    }
    else if (sentenceSubject.length && !EN_OWN_SUBJECT.test(before)) from = sentenceSubject;
    // Only a bare imperative or a list step ("Report to the CISO") borrows the section's subject.
    if (!from.length && (EN_BARE.test(before) || EN_IMPERATIVE_BY.test(before))) {
      const c = ctx.contextSubject(u);
      if (c) from = [c];
    }
    if (!from.length && !passive) {
      const implicit = implicitReporter(ctx, u);
      if (implicit) from = [implicit];
    }
    if (!passive && from.length && !sentenceSubject.length) sentenceSubject = from;
    for (const r of recipients) {
      if (beforeMs.includes(r) && !passive) continue;
      const text = { urgencyText: region, verbAt: v.start - segStart, conditionText: norm, japanese: false };
      if (!from.length) {
        const e = makeEdge(u, undefined, ctx.endpoint(u, r), text, passive ? 'en-passive' : 'en-active');
        if (e) out.push(e);
      }
      for (const f of from) {
        const e = makeEdge(u, f, ctx.endpoint(u, r), text, passive ? 'en-passive' : 'en-active');
        if (e) out.push(e);
      }
    }
  });
  return out;
}

/**
 * The subjects among the mentions before the verb: not inside a prepositional phrase (unless
 * the frame names the responsible party: "It is the responsibility of the employee … to"), after
 * a fronted clause ("For incidents in X's systems, the Y reports …"), with coordinated subjects
 * ("The University HIPAA Officer and OVPR will inform …").
 */
function enSubjects(norm: string, before: Mention[]): Mention[] {
  const candidates = before.filter((m) => !EN_PREPOSITION.test(norm.slice(0, m.start)) || RESPONSIBILITY.test(norm.slice(0, m.start)));
  if (!candidates.length) return [];
  const lastComma = norm.lastIndexOf(',', before[before.length - 1]!.start);
  const first = candidates.find((m) => m.start > lastComma || RESPONSIBILITY.test(norm.slice(0, m.start))) ?? candidates[0]!;
  const group = [first];
  for (let i = before.indexOf(first) + 1; i < before.length; i++) {
    const m = before[i]!;
    if (!/^\s*(?:,\s*)?(?:and|or|as well as)\s+(?:the\s+|all\s+)?$/u.test(norm.slice(group[group.length - 1]!.end, m.start))) break;
    group.push(m);
  }
  return group;
}

/** Offsets inside parentheses: asides whose verbs are not the sentence's. */
function parenthesized(norm: string): (i: number) => boolean {
  const ranges: Array<[number, number]> = [];
  const stack: number[] = [];
  for (let i = 0; i < norm.length; i++) {
    if (norm[i] === '(') stack.push(i);
    else if (norm[i] === ')' && stack.length) {
      const s = stack.pop()!;
      // Only asides long enough to hold a clause ("(which are reported to them …)").
      if (i - s > 12 && /\s/u.test(norm.slice(s, i))) ranges.push([s, i]);
    }
  }
  return (i) => ranges.some(([s, e]) => i > s && i < e);
}

/** "to Congress": a capitalized name right after the verb's preposition, when no mention is there. */
function properNounAfter(u: Unit, norm: string, from: number, to: number): Mention | undefined {
  const m = /^\s+(?:it\s+|this\s+|them\s+|the incident\s+)?(?:to|with)\s+(?:the\s+)?/u.exec(norm.slice(from, to));
  if (!m) return undefined;
  const start = from + m[0].length;
  const textStart = plainIndex(u, start);
  const w = /^([A-Z][A-Za-z-]+(?:\s+[A-Z][A-Za-z-]+){0,3})/u.exec(u.snippet.text.slice(textStart));
  if (!w || /^(?:The|A|An|All|Any|This|That|It|They|He|She|We|You|I|In|On|At|If|When)$/u.test(w[1]!)) return undefined;
  const end = start + w[1]!.length;
  const display = u.snippet.textOfNorm(start, end).trim();
  return { start, end, role: undefined, title: display.toLowerCase(), display, roleLike: false, generic: false, vague: false, base: undefined };
}

function plainIndex(u: Unit, normIndex: number): number {
  // The text index of a normalized index (English text normalizes almost one-to-one).
  const probe = u.snippet.textOfNorm(0, normIndex);
  return probe.length;
}
