import { phrases, type Lexicon } from '../../lexicon';
import { findMentions, PLACEHOLDER, type Mention } from './mentions';
import {
  afterMention,
  conditionIn,
  coordinatedAfter,
  coordinatedBefore,
  hasRecipientParticle,
  isJapaneseText,
  particleIs,
  re,
  urgencyIn,
} from './grammar';
import { holderKey } from './holders';
import type { Assignment, ClauseRef, Edge, EdgeForm, Endpoint, TitleDefinition } from './types';
import type { HeadingInfo, Unit } from './units';

/**
 * The extractor: reads roles, assignments, reporting edges, title definitions and clause
 * references out of a document's text units. Everything here is a pure function of the units
 * and the lexicon; nothing is resolved across documents (see set/resolve.ts for that).
 */

export interface Extraction {
  /** 「X（以下「Y」という。）」 / X ("Y"): Y is another name of X (both title keys). */
  aliases: Array<{ short: string; long: string }>;
  mentions: Mention[][];
  edges: Edge[];
  assignments: Assignment[];
  definitions: TitleDefinition[];
  clauseRefs: ClauseRef[];
}

const JA_VERB = re(phrases.reporting.ja.verb, 'gu');
const JA_VERBAL = re(phrases.reporting.ja.verbalEnding);
const JA_NEG = re(phrases.reporting.ja.negation);
const JA_OBLIGATION = re(phrases.reporting.ja.obligationNotNegation);
const JA_NOUN = re(phrases.reporting.ja.nounCompounds);
const EN_VERB = re(phrases.reporting.en.verb, 'giu');
const EN_NEG = re(phrases.reporting.en.negationBefore, 'iu');
const EN_NOUN = re(phrases.reporting.en.nounCompounds, 'iu');
const FROM = /^(?:から|より)/u;
const TOPIC = /^(?:は|が|では|からは|により|による|によって)/u;
const AGENT = /^(?:により|による|によって)/u;
const WA = /^(?:は|では)(?!ら)/u;
/** A subject that is not a role (「外部委託先は」): the sentence names its own actor, so no context applies. */
const JA_OTHER_SUBJECT = /([\p{Script=Han}\p{Script=Katakana}ー]{2,})(?:は|が)(?![らない])/u;
const JA_NOT_SUBJECT_NOUNS = /(?:場合|とき|時|際|上|後|前|こと|ため|ほか|うち|中|間|等|ところ)$/u;

export function extract(units: Unit[], lexicon: Lexicon): Extraction {
  const mentions = units.map((u) => findMentions(u.snippet, lexicon));
  const ctx = new Context(units, mentions, lexicon);
  const edges: Edge[] = [];
  const assignments: Assignment[] = [];
  const definitions: TitleDefinition[] = [];
  const clauseRefs: ClauseRef[] = [];
  const aliases: Extraction['aliases'] = [];
  const edgesByUnit = new Map<number, number>();

  for (const u of units) {

    const before = edges.length;
    if (u.kind === 'row') {
      edges.push(...tableEdges(ctx, u));
      tableAssignments(ctx, u, assignments, definitions);
    } else if (u.kind === 'sentence' || u.kind === 'heading') {
      if (u.kind === 'sentence') {
        const arrow = arrowEdges(ctx, u);
        if (arrow.length) edges.push(...arrow);
        else if (isJapaneseText(u.snippet.norm)) edges.push(...jaEdges(ctx, u));
        else edges.push(...enEdges(ctx, u));
        sentenceAssignments(ctx, u, assignments);
      }
      titleDefinitions(ctx, u, definitions, aliases);
    }
    edgesByUnit.set(u.index, edges.length - before);
    clauseRefs.push(...findClauseRefs(u));

  }
  edges.push(...stepEdges(ctx, edgesByUnit));
  for (const a of assignments) {
    if (a.holder.title) definitions.push({ key: a.holder.title, display: a.holder.display, span: a.holder.span });
    if (a.role.title) definitions.push({ key: a.role.title, display: a.role.display, span: a.role.span });
  }
  return { aliases, mentions, edges, assignments, definitions, clauseRefs };
}

/** Per-document context: mentions per unit and the subject a unit inherits. */
class Context {
  private readonly subjects = new Map<number, Endpoint | null>();
  private readonly headingUnits = new Map<number, Unit>();

  constructor(
    readonly units: Unit[],
    readonly mentions: Mention[][],
    private readonly lexicon: Lexicon,
  ) {
    for (const u of units) if (u.heading) this.headingUnits.set(u.heading.index, u);
  }

  /** Roles that a post can hold (not teams, staff at large or outside bodies). */
  assignable(role: string): boolean {
    return this.lexicon.isAssignable(role);
  }

  endpoint(u: Unit, m: Mention): Endpoint {
    return {
      role: m.role,
      title: m.title,
      display: m.display,
      span: u.snippet.spanOfNorm(m.start, m.end),
      generic: m.generic,
      roleLike: m.roleLike,
      base: m.base,
    };
  }

  /** The explicit topic of a sentence: its first mention marked は / が (ja) or first mention before the verb (en). */
  topicOf(u: Unit): Endpoint | undefined {
    const norm = u.snippet.norm;
    const ms = this.mentions[u.index]!;
    if (isJapaneseText(norm)) {
      const m = ms.find((x) => particleIs(norm, x, TOPIC));
      return m ? this.endpoint(u, m) : undefined;
    }
    EN_VERB.lastIndex = 0;
    const v = EN_VERB.exec(norm);
    const limit = v ? v.index : norm.length;
    const m = ms.find((x) => x.end <= limit && !/\b(?:to|with|from|by)\s+(?:the\s+|our\s+)?$/u.test(norm.slice(0, x.start)));
    return m ? this.endpoint(u, m) : undefined;
  }

  /** Who a sentence speaks of when it names nobody: its list's lead-in, else its section heading. */
  contextSubject(u: Unit): Endpoint | undefined {
    const cached = this.subjects.get(u.index);
    if (cached !== undefined) return cached ?? undefined;
    let s: Endpoint | undefined;
    // 「報告を受けた所属長は、…。必要があるときは、…に連絡する。」: the subject carries over
    // to the following sentences of the same paragraph.
    if (u.sentence > 0) {
      const prev = this.units[u.index - 1];
      if (prev) s = this.topicOf(prev) ?? this.contextSubject(prev);
    }
    if (!s && u.list?.leadIn) s = this.topicOf(u.list.leadIn) ?? this.contextSubject(u.list.leadIn);
    if (!s) {
      for (let i = u.sectionPath.length - 1; i >= 0 && !s; i--) s = this.headingSubject(u.sectionPath[i]!);
    }
    this.subjects.set(u.index, s ?? null);
    return s;
  }

  /** 「CSIRT責任者の責務」, 「### CSIRT責任者」, "Responsibilities of the CSIRT lead" name a subject. */
  headingSubject(h: HeadingInfo): Endpoint | undefined {
    const u = this.headingUnits.get(h.index);
    if (!u) return undefined;
    const norm = u.snippet.norm;
    for (const m of this.mentions[u.index]!) {
      const after = afterMention(norm, m);
      const before = norm.slice(0, m.start);
      if (isJapaneseText(norm)) {
        if (/^(?:$|は|が|の|による|から|\s)/u.test(after) && !/(?:への|に対する)$/u.test(before)) return this.endpoint(u, m);
      } else if (!/\b(?:to|with|by)\s+(?:the\s+|our\s+)?$/u.test(before)) {
        return this.endpoint(u, m);
      }
    }
    return undefined;
  }
}

function inside(ms: Mention[], i: number): boolean {
  return ms.some((m) => m.start <= i && i < m.end);
}

function edge(u: Unit, from: Endpoint | undefined, to: Endpoint, text: string, japanese: boolean, conditionText: string, form: EdgeForm): Edge | undefined {
  if (from && sameEndpoint(from, to)) return undefined;
  const { urgency, deadline } = urgencyIn(text);
  return { from, to, urgency, deadline, condition: conditionIn(conditionText, japanese), span: u.snippet.span, form };
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return (a.role !== undefined && a.role === b.role) || (a.title !== undefined && a.title === b.title);
}

// ---------------------------------------------------------------------------------------------
// Japanese sentences

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
    const noun = /(?:への|に対する|宛ての|あての)$/u.test(norm.slice(0, start));
    if (!noun && (JA_NOUN.test(after) || !JA_VERBAL.test(after))) continue;
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

function jaEdges(ctx: Context, u: Unit): Edge[] {
  const norm = u.snippet.norm;
  const ms = ctx.mentions[u.index]!;
  const verbs = jaVerbs(norm, ms);
  const out: Edge[] = [];
  let sentenceTopic: Endpoint | undefined;
  verbs.forEach((v, k) => {
    const segStart = k > 0 ? verbs[k - 1]!.end : 0;
    const seg = ms.filter((m) => m.start >= segStart && m.end <= v.start);
    // 「は」 marks the topic; a 「が」 may sit in a relative clause (「CSIRT責任者が所管する情報システム
    // については、監査責任者が…」), so without a 「は」 the last 「が」 before the verb is the subject.
    const topicHere = seg.find((m) => particleIs(norm, m, WA)) ?? [...seg].reverse().find((m) => particleIs(norm, m, TOPIC) && !particleIs(norm, m, FROM) && !hasRecipientParticle(norm, m));
    const sourceHere = seg.find((m) => particleIs(norm, m, FROM)) ?? seg.find((m) => particleIs(norm, m, AGENT));
    const lastRecipient = [...seg].reverse().find((m) => hasRecipientParticle(norm, m));
    const recipients = lastRecipient ? coordinatedBefore(norm, seg, lastRecipient, segStart) : [];
    // 「…への報告は、速やかに行う」: in the noun form the adverb follows the verb.
    const region = norm.slice(segStart, v.noun ? (verbs[k + 1]?.start ?? norm.length) : v.end);
    const condText = norm.slice(0, v.start);
    const topicEndpoint = topicHere ? ctx.endpoint(u, topicHere) : undefined;
    if (!sentenceTopic && topicEndpoint) sentenceTopic = topicEndpoint;
    if (v.negated) return;

    if (v.receive) {
      // 「CSIRT責任者は、報告窓口から報告を受け」: the topic receives, the から-mention reports.
      if (topicHere && sourceHere && topicHere !== sourceHere) {
        const e = edge(u, ctx.endpoint(u, sourceHere), ctx.endpoint(u, topicHere), region, true, condText, 'ja-receive');
        if (e) out.push(e);
      }
      return;
    }
    if (recipients.length === 0) return;
    let from: Endpoint | undefined;
    if (sourceHere && !recipients.includes(sourceHere)) from = ctx.endpoint(u, sourceHere);
    else if (!v.passive && topicHere && !recipients.includes(topicHere)) from = topicEndpoint;
    else if (!v.passive && sentenceTopic) from = sentenceTopic;
    if (!from && !namesOtherSubject(norm.slice(segStart, v.start))) from = ctx.contextSubject(u);
    const form: EdgeForm = v.noun ? 'ja-noun' : v.passive ? 'ja-passive' : 'ja-active';
    for (const r of recipients) {
      const e = edge(u, from, ctx.endpoint(u, r), region, true, condText, form);
      if (e) out.push(e);
    }
  });
  return out;
}

function namesOtherSubject(text: string): boolean {
  const m = JA_OTHER_SUBJECT.exec(text);
  return m !== null && !JA_NOT_SUBJECT_NOUNS.test(m[1]!);
}

// ---------------------------------------------------------------------------------------------
// English sentences

const EN_TO_VERBS = /^(?:report|escalat|raise)/iu;
const EN_BARE = /^\s*(?:(?:then|also|immediately|promptly|must|shall|should|will|always|first|next|finally|and|please|step\s*\d+[:.]?|\d+[.)]|[-*])[\s,:]*)*$/iu;
const EN_OWN_SUBJECT = /\b(?:the|a|an|our|each|every|any)\s+[a-z]/iu;
const EN_PREPOSITION = /\b(?:by|of|for|in|from|to|with|on|about|under|within|at)\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+)?$/iu;

/** The subject among the mentions before the verb: not inside a prepositional phrase, and after a fronted clause ("For incidents in X's systems, the Y reports …"). */
function enSubject(norm: string, before: Mention[]): Mention | undefined {
  const candidates = before.filter((m) => !EN_PREPOSITION.test(norm.slice(0, m.start)));
  if (!candidates.length) return undefined;
  const lastComma = norm.lastIndexOf(',', before[before.length - 1]!.start);
  return candidates.find((m) => m.start > lastComma) ?? candidates[0];
}
/** "sends the CISO a written report", "submits a report to the CISO": the verb carries a report. */
const EN_CARRIER_VERBS = /^(?:send|submit|provide|give|deliver|forward)/iu;
const EN_CARRIER_NOUN = re(phrases.reporting.en.carrierNoun, 'iu');
const EN_LEAD_ARTICLES = /^(?:\s+(?:the|our|its|their|an?|all|any|immediately|promptly|also|directly|without delay|at once|right away|as soon as possible))*\s+$/iu;

function enEdges(ctx: Context, u: Unit): Edge[] {
  const norm = u.snippet.norm;
  const ms = ctx.mentions[u.index]!;
  const out: Edge[] = [];
  const verbs: Array<{ start: number; end: number; word: string }> = [];
  EN_VERB.lastIndex = 0;
  for (const m of norm.matchAll(EN_VERB)) {
    const start = m.index!;
    if (inside(ms, start)) continue;
    const after = norm.slice(start + m[0].length);
    if (EN_NOUN.test(after.trimStart())) continue;
    if (/^contact/u.test(m[0]) && /^\s+(?:details|information|list|numbers?|address(?:es)?|person)\b/u.test(after)) continue;
    if (/^report/u.test(m[0]) && /\b(?:a|an|the|this|each|its|their|written|incident|initial|final|monthly|weekly|annual)\s+$/u.test(norm.slice(0, start))) {
      if (!/^\s+(?:\S+\s+){0,3}?to\s/u.test(after)) continue;
    }
    verbs.push({ start, end: start + m[0].length, word: m[0] });
  }
  let sentenceSubject: Endpoint | undefined;
  let segStart = 0;
  verbs.forEach((v, k) => {
    const segEnd = k + 1 < verbs.length ? verbs[k + 1]!.start : norm.length;
    const before = norm.slice(segStart, v.start);
    const beforeMs = ms.filter((m) => m.start >= segStart && m.end <= v.start);
    const afterMs = ms.filter((m) => m.start >= v.end && m.end <= segEnd);
    const region = norm.slice(segStart, segEnd);
    const condText = norm;
    const subjectHere = beforeMs[0] ? ctx.endpoint(u, beforeMs[0]) : undefined;
    if (!sentenceSubject && subjectHere) sentenceSubject = subjectHere;
    const negated = EN_NEG.test(before);
    const passive = /\b(?:be|is|are|was|were|been|being|gets?)\s+(?:\w+ly\s+)?$/u.test(before);

    let recipients: Mention[] = [];
    let by: Mention | undefined;
    const toTarget = afterMs.find((m) => /\b(?:to|with)\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+)?$/u.test(norm.slice(v.end, m.start)));
    if (passive) {
      by = afterMs.find((m) => /\bby\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+)?$/u.test(norm.slice(v.end, m.start)));
      if (toTarget && toTarget !== by) recipients = coordinatedAfter(norm, afterMs, toTarget, segEnd);
      else if (beforeMs.length) recipients = [beforeMs[beforeMs.length - 1]!];
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
    const lastRecipient = recipients[recipients.length - 1];
    segStart = lastRecipient && lastRecipient.end > v.end ? lastRecipient.end : v.end;
    if (negated || recipients.length === 0) return;

    let from: Endpoint | undefined;
    const subject = enSubject(norm, beforeMs);
    if (passive) from = by ? ctx.endpoint(u, by) : undefined;
    else if (subject) from = ctx.endpoint(u, subject);
    else if (sentenceSubject && !EN_OWN_SUBJECT.test(before)) from = sentenceSubject;
    // Only a bare imperative or a list step ("Report to the CISO") borrows the section's subject.
    if (!from && EN_BARE.test(before)) from = ctx.contextSubject(u);
    for (const r of recipients) {
      if (beforeMs.includes(r) && !passive) continue;
      const e = edge(u, from, ctx.endpoint(u, r), region, false, condText, passive ? 'en-passive' : 'en-active');
      if (e) out.push(e);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Arrows, numbered steps and tables

const ARROW = /\s*(?:->|→|⇒|➡|⟶|=>|>|⇨|＞)\s*/gu;

function arrowEdges(ctx: Context, u: Unit): Edge[] {
  // The ">" of a placeholder such as <post> is not an arrow.
  const norm = u.snippet.norm.replace(PLACEHOLDER, (m) => '_'.repeat(m.length));
  ARROW.lastIndex = 0;
  if (!ARROW.test(norm)) return [];
  const ms = ctx.mentions[u.index]!;
  const parts: Array<{ start: number; end: number }> = [];
  let last = 0;
  ARROW.lastIndex = 0;
  for (const m of norm.matchAll(ARROW)) {
    parts.push({ start: last, end: m.index! });
    last = m.index! + m[0].length;
  }
  parts.push({ start: last, end: norm.length });
  const japanese = isJapaneseText(norm);
  const out: Edge[] = [];
  for (let i = 0; i + 1 < parts.length; i++) {
    const a = parts[i]!;
    const b = parts[i + 1]!;
    // The sender is the last role of its part, the recipient the first of the next.
    const from = [...ms].reverse().find((m) => m.start >= a.start && m.end <= a.end);
    const to = ms.find((m) => m.start >= b.start && m.end <= b.end);
    if (!from || !to) continue;
    const e = edge(u, ctx.endpoint(u, from), ctx.endpoint(u, to), norm.slice(b.start, b.end), japanese, norm.slice(0, a.end), 'arrow');
    if (e) out.push(e);
  }
  return out;
}

const ESCALATION_CONTEXT = /報告|連絡|通報|エスカレーション|経路|フロー|escalat|report|notif|chain|path/iu;

/**
 * Numbered escalation steps: an ordered list whose items each start with a role
 * (「1. 報告窓口」「2. CSIRT責任者」…) under a heading or lead-in about reporting. Consecutive
 * items that state no edge of their own are chained.
 */
function stepEdges(ctx: Context, edgesByUnit: Map<number, number>): Edge[] {
  const byList = new Map<number, Unit[]>();
  for (const u of ctx.units) {
    if (u.kind !== 'sentence' || !u.list?.ordered || !u.list.first) continue;
    const list = byList.get(u.list.listId) ?? [];
    list.push(u);
    byList.set(u.list.listId, list);
  }
  const out: Edge[] = [];
  for (const items of byList.values()) {
    if (items.length < 2) continue;
    const first = items[0]!;
    const context = [first.list?.leadIn?.snippet.norm ?? '', first.section?.snippet.norm ?? ''].join(' ');
    if (!ESCALATION_CONTEXT.test(context)) continue;
    for (let i = 0; i + 1 < items.length; i++) {
      const a = items[i]!;
      const b = items[i + 1]!;
      if ((edgesByUnit.get(a.index) ?? 0) > 0) continue;
      const ma = leadingMention(ctx, a);
      const mb = leadingMention(ctx, b);
      if (!ma || !mb) continue;
      const japanese = isJapaneseText(b.snippet.norm);
      const e = edge(b, ctx.endpoint(a, ma), ctx.endpoint(b, mb), b.snippet.norm, japanese, a.snippet.norm, 'steps');
      if (e) out.push({ ...e, span: { start: a.snippet.span.start, end: b.snippet.span.end } });
    }
  }
  return out;
}

function leadingMention(ctx: Context, u: Unit): Mention | undefined {
  const m = ctx.mentions[u.index]![0];
  if (!m) return undefined;
  const lead = u.snippet.norm.slice(0, m.start);
  return /^(?:\s|まず|次に|最後に|then|first|finally|step\s*\d+[:.]?|\d+[.)]|[*_])*$/iu.test(lead) ? m : undefined;
}

interface Columns {
  from: number;
  to: number;
  deadline: number;
  condition: number;
  role: number;
  holder: number;
}

const COLS: Record<keyof Columns, RegExp> = {
  from: /報告者|報告元|連絡者|連絡元|通報者|通知者|発見者|発信者|報告主体|^from\b|reporter|reported by|^who\b|sender/iu,
  to: /報告先|連絡先|通報先|宛先|送付先|エスカレーション先|^to\b|recipient|notify|report to|escalate to|escalation/iu,
  deadline: /期限|タイミング|時期|緊急度|時間|deadline|timing|^when\b|within|urgency|time/iu,
  condition: /条件|事象|場合|対象|condition|trigger|incident type|event|case/iu,
  role: /役割|ロール|役職名?$|^role|position|^title/iu,
  holder: /担当|充て|氏名|holder|assigned|^post|incumbent|held by|person|^name|official|充当/iu,
};

function columns(header: Array<{ norm: string }>): Columns {
  const find = (k: keyof Columns, skip: number[] = []): number => header.findIndex((h, i) => !skip.includes(i) && COLS[k].test(h.norm.trim()));
  const from = find('from');
  const to = find('to', [from]);
  const role = find('role');
  return {
    from,
    to,
    deadline: find('deadline', [from, to]),
    condition: find('condition', [from, to]),
    role,
    holder: find('holder', [role]),
  };
}

function tableEdges(ctx: Context, u: Unit): Edge[] {
  const row = u.row!;
  const c = columns(row.header);
  if (c.from < 0 || c.to < 0) return [];
  const ms = ctx.mentions[u.index]!;
  const cellRange = (i: number): [number, number] => {
    const cell = row.cells[i];
    if (!cell) return [0, 0];
    return [u.snippet.normIndexOfText(plainStartOfCell(u, i)), u.snippet.normIndexOfText(plainStartOfCell(u, i) + cell.text.length)];
  };
  const inCell = (i: number): Mention[] => {
    const [s, e] = cellRange(i);
    return ms.filter((m) => m.start >= s && m.end <= e);
  };
  const fromM = inCell(c.from)[0];
  const tos = inCell(c.to);
  if (!tos.length) return [];
  const deadlineText = c.deadline >= 0 ? (row.cells[c.deadline]?.norm ?? '') : '';
  const condText = c.condition >= 0 ? (row.cells[c.condition]?.norm ?? '') : '';
  const japanese = isJapaneseText(u.snippet.norm);
  const out: Edge[] = [];
  for (const t of tos) {
    const e = edge(u, fromM ? ctx.endpoint(u, fromM) : undefined, ctx.endpoint(u, t), `${deadlineText} ${row.cells[c.to]?.norm ?? ''}`, japanese, condText ? `${condText}${japanese ? '場合' : ''}` : '', 'table');
    if (e) {
      if (condText) e.condition = { text: row.cells[c.condition]!.text.trim(), cyber: /サイバー|攻撃|不正アクセス|cyber|attack|intrusion|malware/iu.test(condText) };
      out.push(e);
    }
  }
  return out;
}

/** Plain-text index where cell `i` starts in a row snippet ("a | b | c"). */
function plainStartOfCell(u: Unit, i: number): number {
  let at = 0;
  for (let k = 0; k < i; k++) at += u.row!.cells[k]!.text.length + 3;
  return at;
}

function tableAssignments(ctx: Context, u: Unit, assignments: Assignment[], definitions: TitleDefinition[]): void {
  const row = u.row!;
  const c = columns(row.header);
  if (c.role < 0) return;
  const ms = ctx.mentions[u.index]!;
  const start = u.snippet.normIndexOfText(plainStartOfCell(u, c.role));
  const end = u.snippet.normIndexOfText(plainStartOfCell(u, c.role) + (row.cells[c.role]?.text.length ?? 0));
  const roleM = ms.find((m) => m.start >= start && m.end <= end);
  if (!roleM) return;
  const role = ctx.endpoint(u, roleM);
  if (role.title) definitions.push({ key: role.title, display: role.display, span: role.span });
  if (c.holder < 0) return;
  const cell = row.cells[c.holder];
  if (!cell || !cell.text.trim() || /^[-–—ー―]+$/u.test(cell.text.trim())) return;
  const hs = u.snippet.normIndexOfText(plainStartOfCell(u, c.holder));
  const he = u.snippet.normIndexOfText(plainStartOfCell(u, c.holder) + cell.text.length);
  const holder = holderEndpoint(ctx, u, hs, he);
  if (holder) assignments.push({ role, holder, span: u.snippet.span });
}

// ---------------------------------------------------------------------------------------------
// Assignments in sentences

const JA_ASSIGN_AFTER_ROLE = [
  // 「CSIRT責任者には、情報政策担当参事官を充てる」「報告窓口として情報政策課を置く」
  // (with an optional agent: 「CSIRT責任者には、最高情報セキュリティ責任者により、情報管理課長が指名される」)
  /^(?:には|に|として)、?(?:[^、。()]{1,40}?(?:により|によって)、?)?((?:[^、。()]|\([^()]*\)){1,50}?)(?:を|が)(?:もって)?(?:充て|あて|任命|指名|選任|配置|置|指定|担当さ|務め|就)/u,
  // 「CSIRT責任者は、情報政策担当参事官とする」「…は、…をもって充てる」
  /^(?:には|は)、?((?:[^、。()]|\([^()]*\)){1,50}?)(?:とする|である|をもって充て|が(?:務め|担|当た|就)|を充て)/u,
  // 「報告窓口は、情報セキュリティ対策推進室に置く」
  /^(?:は|を)、?((?:[^、。()]|\([^()]*\)){1,50}?)に(?:置く|置き|置かれ|設置|設け)/u,
  // 「CSIRT責任者：情報システム課長」
  /^\s*[:：]\s*((?:[^、。()]|\([^()]*\)){1,50}?)\s*(?:[。.]|$)/u,
];
// 「情報政策担当参事官をCSIRT責任者に充てる」「情報システム課長がCSIRT責任者を兼ねる」
const JA_ASSIGN_BEFORE_ROLE = /(?:^|[、。])\s*((?:[^、。()]|\([^()]*\)){1,50}?)(?:を|が)、?$/u;
const JA_ASSIGN_VERB_AFTER_ROLE = /^(?:に|と|として)、?(?:充て|あて|任命|指名|選任|する|し、|定め|指定)|^を(?:兼ね|兼務|務め|担)/u;
const JA_ASSIGN_NEG = /(?:てはならない|てはいけない|ない(?!と)|ず(?!つ)|禁止)/u;

const EN_ASSIGN_AFTER_ROLE = /^\s*(?:is|will be|shall be|is held by|is filled by|role is held by|:)\s+(?:the\s+|our\s+|a\s+)?(.{2,60}?)\s*(?:[.;]|,|$|\()/iu;
const EN_ASSIGN_BEFORE_ROLE = [
  // "The Director of IT Operations is the CSIRT lead."
  /(?:^|,\s*|\.\s+)(?:the\s+|our\s+)?([^,.;]{2,60}?)\s+(?:is|will be|shall be)\s+(?:also\s+)?(?:the\s+|our\s+)$/iu,
  /(?:^|,\s*|\.\s+)(?:the\s+|our\s+)?([^,.;]{2,60}?)\s+(?:is|are|shall be|will be)\s+(?:hereby\s+)?(?:appointed|designated|named|assigned)(?:\s+by\s+[^,.;]{1,40}?)?(?:\s+as|\s+to be|\s+to serve as)?\s+(?:the\s+|our\s+)?$/iu,
  /(?:^|,\s*|\.\s+)(?:the\s+|our\s+)?([^,.;]{2,60}?)\s+(?:serves?|acts?|functions?)\s+as\s+(?:the\s+|our\s+)?$/iu,
];
const EN_ASSIGN_NEG = /\b(?:not|never|no)\b/iu;

function sentenceAssignments(ctx: Context, u: Unit, out: Assignment[]): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentions[u.index]!;
  const japanese = isJapaneseText(norm);
  for (const m of ms) {
    if (m.generic || (m.role && !ctx.assignable(m.role))) continue;
    const restStart = norm.length - afterMention(norm, m).length;
    const rest = norm.slice(restStart);
    const role = ctx.endpoint(u, m);
    if (japanese) {
      for (const pattern of JA_ASSIGN_AFTER_ROLE) {
        const a = pattern.exec(rest);
        if (!a) continue;
        const verbTail = rest.slice(a[0].length, a[0].length + 12);
        if (JA_ASSIGN_NEG.test(verbTail.slice(0, 8)) && !/なければ/u.test(verbTail)) continue;
        const hs = restStart + a[0].indexOf(a[1]!);
        const holder = holderEndpoint(ctx, u, hs, hs + a[1]!.length);
        if (holder && !sameEndpoint(holder, role) && !holderNames(ctx, u, holder, role)) out.push({ role, holder, span: u.snippet.span });
        break;
      }
      const b = JA_ASSIGN_BEFORE_ROLE.exec(norm.slice(0, m.start));
      if (b && JA_ASSIGN_VERB_AFTER_ROLE.test(rest)) {
        const tail = rest.slice(0, 16);
        if (!(JA_ASSIGN_NEG.test(tail) && !/なければ/u.test(tail))) {
          const hs = m.start - b[0].length + b[0].indexOf(b[1]!);
          const holder = holderEndpoint(ctx, u, hs, hs + b[1]!.length);
          if (holder && !sameEndpoint(holder, role)) out.push({ role, holder, span: u.snippet.span });
        }
      }
      // 「報告窓口（情報政策課）」: a parenthetical post right after a role names its holder.
      const paren = /^\s*\(([^()、,;:]{2,40})[)、,;:]/u.exec(norm.slice(m.end));
      if (paren && m.role) {
        const hs = m.end + paren[0].indexOf(paren[1]!);
        const holder = holderEndpoint(ctx, u, hs, hs + paren[1]!.length, true);
        if (holder && !holder.role && !out.some((x) => x.holder.title === holder.title && x.role.role === m.role)) {
          out.push({ role, holder, span: u.snippet.span });
        }
      }
    } else {
      const a = EN_ASSIGN_AFTER_ROLE.exec(rest);
      if (a && m.role && !EN_ASSIGN_NEG.test(a[0])) {
        const hs = restStart + a[0].indexOf(a[1]!);
        const holder = holderEndpoint(ctx, u, hs, hs + a[1]!.length);
        if (holder && !sameEndpoint(holder, role) && !holderNames(ctx, u, holder, role)) out.push({ role, holder, span: u.snippet.span });
      }
      const before = norm.slice(0, m.start);
      for (const pattern of EN_ASSIGN_BEFORE_ROLE) {
        const b = pattern.exec(before);
        if (!b || EN_ASSIGN_NEG.test(b[0])) continue;
        const hs = m.start - b[0].length + b[0].indexOf(b[1]!);
        const holder = holderEndpoint(ctx, u, hs, hs + b[1]!.length);
        if (holder && !sameEndpoint(holder, role)) out.push({ role, holder, span: u.snippet.span });
        break;
      }
    }
  }
}

/** A "holder" that itself contains the role ("the Agency's point of contact") describes, not assigns. */
function holderNames(ctx: Context, u: Unit, holder: Endpoint, role: Endpoint): boolean {
  if (!role.role) return false;
  return ctx.mentions[u.index]!.some((m) => m.role === role.role && u.snippet.spanOfNorm(m.start, m.end).start >= holder.span.start && u.snippet.spanOfNorm(m.start, m.end).end <= holder.span.end);
}

/**
 * The holder named in normalized range [start, end): the mention it consists of when there is
 * one (「情報システム課の課長」 is the post 課長 of 情報システム課, keyed as a whole), else the text
 * itself when it reads like a post. Returns undefined for text that names no post at all.
 */
function holderEndpoint(ctx: Context, u: Unit, start: number, end: number, strict = false): Endpoint | undefined {
  const norm = u.snippet.norm;
  let s = start;
  let e = end;
  while (s < e && /[\s、,「『"']/u.test(norm[s]!)) s++;
  while (e > s && /[\s、,。.」』"']/u.test(norm[e - 1]!)) e--;
  // 「大臣官房情報セキュリティ対策推進室（以下「推進室」という。）」: the alias is not part of the name.
  const paren = /\s*\([^()]*\)$/u.exec(norm.slice(s, e));
  if (paren && paren.index > 0) e = s + paren.index;
  if (e <= s) return undefined;
  const text = norm.slice(s, e);
  // A fix's placeholder (〔役職名〕, <post>) stands for the post the author will fill in.
  if (/^(?:〔[^〔〕]{1,30}〕|<[^<>]{1,40}>)$/u.test(text)) {
    return { role: undefined, title: text, display: u.snippet.textOfNorm(s, e).trim(), span: u.snippet.spanOfNorm(s, e), generic: false, roleLike: true, base: undefined };
  }
  const inner = ctx.mentions[u.index]!.filter((m) => m.start >= s && m.end <= e);
  const span = u.snippet.spanOfNorm(s, e);
  const display = u.snippet.textOfNorm(s, e).trim();
  if (inner.length === 1 && inner[0]!.start === s && inner[0]!.end === e) {
    const m = inner[0]!;
    return { ...ctx.endpoint(u, m), title: m.role ? undefined : holderKey(display) };
  }
  const looksLikePost =
    inner.length > 0 ||
    (!strict && /^[\p{Script=Han}\p{Script=Katakana}ー・a-z0-9\s]+$/u.test(text) && text.length <= 30) ||
    /^(?:[A-Z][\w-]*)(?:\s+(?:of|for|and|the|&|[A-Z][\w-]*))*$/u.test(display);
  if (!looksLikePost || /(?:する|します|行う|こと)$|をいう|をいい|という|含む|含め|ものとし/u.test(text) || /\b(?:responsible|accountable|required|expected)\b/iu.test(text)) return undefined;
  const role = inner.length === 1 && inner[0]!.role && inner[0]!.end - inner[0]!.start >= (e - s) * 0.8 ? inner[0]!.role : undefined;
  return { role, title: role ? undefined : holderKey(display), display, span, generic: false, roleLike: true, base: undefined };
}

// ---------------------------------------------------------------------------------------------
// Title definitions and clause references

const ALIAS_JA = /\(以下「([^」]{1,30})」という。?\)/gu;
const ALIAS_EN = /\((?:hereinafter\s+)?(?:the\s+)?["“]([^"”]{1,40})["”]\)/giu;
const ESTABLISH = /^(?:を|は)?(?:置く|置き|設置|設け|新設|置かれ)|^\s*(?:is|are|shall be|will be)\s+(?:established|appointed|set up|created)/u;

function titleDefinitions(ctx: Context, u: Unit, out: TitleDefinition[], aliases: Extraction['aliases']): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentions[u.index]!;
  if (u.kind === 'heading') {
    const stripped = norm.replace(/^[\s\d.()第条章節:：\-]+/u, '');
    const m = ms.find((x) => x.title && x.end - x.start >= stripped.length * 0.6);
    if (m) out.push({ key: m.title!, display: m.display, span: u.snippet.spanOfNorm(m.start, m.end) });
    return;
  }
  for (const m of ms) {
    if (m.title && ESTABLISH.test(afterMention(norm, m))) out.push({ key: m.title, display: m.display, span: u.snippet.spanOfNorm(m.start, m.end) });
  }
  for (const pattern of [ALIAS_JA, ALIAS_EN]) {
    pattern.lastIndex = 0;
    for (const a of norm.matchAll(pattern)) {
      const at = a.index! + a[0].indexOf(a[1]!);
      const inner = ms.find((m) => m.start >= at && m.end <= at + a[1]!.length);
      const key = inner?.title ?? holderKey(a[1]!);
      out.push({ key, display: a[1]!, span: u.snippet.spanOfNorm(at, at + a[1]!.length) });
      // The phrase being abbreviated is defined too.
      const prev = [...ms].reverse().find((m) => m.end <= a.index! && m.title);
      if (prev) {
        out.push({ key: prev.title!, display: prev.display, span: u.snippet.spanOfNorm(prev.start, prev.end) });
        aliases.push({ short: holderKey(key), long: holderKey(prev.title!) });
      }
    }
  }
}

const CLAUSE = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{1,2})((?:\(\d{1,2}\))(?:\([a-z]\))?)?(?![\d]|\.\d)/gu;

export function findClauseRefs(u: Unit): ClauseRef[] {
  const norm = u.snippet.norm;
  const out: ClauseRef[] = [];
  for (const m of norm.matchAll(CLAUSE)) {
    const section = `${m[1]}.${m[2]}.${m[3]}`;
    out.push({ id: section + (m[4] ?? ''), section, raw: u.snippet.textOfNorm(m.index!, m.index! + m[0].length), span: u.snippet.spanOfNorm(m.index!, m.index! + m[0].length) });
  }
  return out;
}

