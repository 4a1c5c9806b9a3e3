import type { Lexicon } from '../../../lexicon';
import { afterMention, isJapaneseSentence, particleIs, re } from '../grammar';
import { findMentions, type Mention } from '../mentions';
import type { Endpoint } from '../types';
import type { HeadingInfo, Unit } from '../units';
import { phrases } from '../../../lexicon';
import { implicitReporter } from './reporters';

/**
 * What every reader shares for one document: the units, their mentions (the shared noun-phrase
 * layer) and the subject a unit inherits from its sentence, list lead-in, article or heading.
 */

const EN_VERB = re(phrases.reporting.en.verb, 'giu');
const TOPIC = /^(?:は|が|では|からは|により|による|によって)/u;

export class ReadingContext {
  private readonly subjects = new WeakMap<Unit, Endpoint | null>();
  /** Mentions of units readers make on the fly (the sentences of a table cell). */
  private readonly extraMentions = new WeakMap<Unit, Mention[]>();
  private readonly headingUnits = new Map<number, Unit>();

  constructor(
    readonly units: Unit[],
    readonly mentions: Mention[][],
    readonly lexicon: Lexicon,
  ) {
    for (const u of units) if (u.heading) this.headingUnits.set(u.heading.index, u);
  }

  /** The mentions of a unit of the document or of one a reader made (a cell's sentence). */
  mentionsOf(u: Unit): Mention[] {
    if (u.index >= 0) return this.mentions[u.index]!;
    let ms = this.extraMentions.get(u);
    if (!ms) {
      ms = findMentions(u.snippet, this.lexicon);
      this.extraMentions.set(u, ms);
    }
    return ms;
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
      vague: m.vague,
      roleLike: m.roleLike,
      base: m.base,
    };
  }

  /** The explicit topic of a sentence: its first mention marked は / が (ja) or first mention before the verb (en). */
  topicOf(u: Unit): Endpoint | undefined {
    const norm = u.snippet.norm;
    const ms = this.mentionsOf(u);
    if (isJapaneseSentence(norm)) {
      const m = ms.find((x) => particleIs(norm, x, TOPIC) && !x.generic);
      return m ? this.endpoint(u, m) : undefined;
    }
    EN_VERB.lastIndex = 0;
    const v = EN_VERB.exec(norm);
    const limit = v ? v.index : norm.length;
    // "NISC is notified by the CSIRT": a passive's subject is its recipient; the agent acts.
    if (v && /\b(?:be|is|are|was|were|been|being)\s+(?:\w+ly\s+|also\s+)?$/u.test(norm.slice(0, v.index))) {
      const agent = ms.find((x) => x.start >= v.index && /\bby\s+(?:the\s+|our\s+|its\s+)?$/u.test(norm.slice(v.index, x.start)) && !x.generic);
      return agent ? this.endpoint(u, agent) : undefined;
    }
    // "Responsibilities of the CSIRT Lead:" names its subject after "of".
    const m = ms.find((x) => x.end <= limit && !x.generic && (!/\b(?:to|with|from|by|of|in|at|for)\s+(?:the\s+|our\s+)?$/u.test(norm.slice(0, x.start)) || /\b(?:responsibilit(?:y|ies)|duties|role|tasks|functions) of\s+(?:the\s+)?$/u.test(norm.slice(0, x.start))));
    return m ? this.endpoint(u, m) : undefined;
  }

  /**
   * Who a sentence speaks of when it names nobody: the previous sentence of its paragraph or
   * item, its list's lead-in, the first sentence of its article (第N条), else its section heading.
   */
  contextSubject(u: Unit): Endpoint | undefined {
    const cached = this.subjects.get(u);
    if (cached !== undefined) return cached ?? undefined;
    let s: Endpoint | undefined;
    // 「報告を受けた所属長は、…。必要があるときは、…に連絡する。」: the subject carries over
    // to the following sentences of the same paragraph.
    if (u.sentence > 0 && u.index > 0) {
      const prev = this.units[u.index - 1];
      if (prev) s = this.topicOf(prev) ?? this.contextSubject(prev);
    }
    if (!s && u.list?.leadIn) s = this.topicOf(u.list.leadIn) ?? this.contextSubject(u.list.leadIn);
    if (!s && u.article && u.article !== u) s = this.topicOf(u.article) ?? this.contextSubject(u.article);
    // A table row's actor cell (「発見者、一次対応者」) is who its action cell speaks of.
    if (!s && u.row && u.index < 0) s = this.rowActor(u);
    if (!s) {
      for (let i = u.sectionPath.length - 1; i >= 0 && !s; i--) s = this.headingSubject(u.sectionPath[i]!);
    }
    this.subjects.set(u, s ?? null);
    return s;
  }

  /** A role the sentence's form implies rather than names (the staff an instruction speaks to). */
  implied(role: string, span: Endpoint['span'], lang: 'ja' | 'en'): Endpoint {
    return { role, title: undefined, display: this.lexicon.roleName(role)[lang], span, generic: false, roleLike: false, base: undefined, implicit: true };
  }

  /**
   * The subject the unit's frame gives — its list's lead-in, its article, its section heading —
   * leaving out the sentence before it.
   */
  frameSubject(u: Unit): Endpoint | undefined {
    let s: Endpoint | undefined;
    if (u.list?.leadIn) s = this.topicOf(u.list.leadIn) ?? this.contextSubject(u.list.leadIn);
    if (!s && u.article && u.article !== u) s = this.topicOf(u.article) ?? this.contextSubject(u.article);
    for (let i = u.sectionPath.length - 1; i >= 0 && !s; i--) s = this.headingSubject(u.sectionPath[i]!);
    return s;
  }

  /**
   * The subject of the sentence before this one in the same section, across paragraphs — only
   * for forms that continue an instruction (an agentless passive after "you must report …").
   */
  previousSubject(u: Unit): Endpoint | undefined {
    for (let i = u.index - 1; i >= 0 && i >= u.index - 3; i--) {
      const p = this.units[i]!;
      if (p.kind !== 'sentence' || p.section !== u.section) return undefined;
      const s = this.topicOf(p) ?? implicitReporter(this, p);
      if (s) return s;
    }
    return undefined;
  }

  /**
   * "the desk" after "the Incident Reporting Desk": the nearest earlier mention of the same
   * section (this unit or the three before it) whose name ends with the head noun.
   */
  antecedent(u: Unit, head: string, before: number): Endpoint | undefined {
    const ends = new RegExp(`\\b${head.replace(/[^\p{L}\p{N}]/gu, '')}$`, 'iu');
    for (let i = u.index; i >= 0 && i >= u.index - 3; i--) {
      const p = i === u.index ? u : this.units[i]!;
      if (p.section !== u.section) return undefined;
      const ms = this.mentionsOf(p).filter((m) => (p !== u || m.end <= before) && ends.test(m.display));
      const m = ms[ms.length - 1];
      if (m) return this.endpoint(p, m);
    }
    return undefined;
  }

  /** The first mention of the row's actor cell: a cell that holds names and nothing else. */
  private rowActor(u: Unit): Endpoint | undefined {
    for (const cell of u.row!.cells) {
      if (cell === u.snippet || cell.text.length > 40) continue;
      const cellUnit: Unit = { ...u, snippet: cell };
      const ms = findMentions(cell, this.lexicon);
      if (!ms.length) continue;
      const rest = cell.norm.replace(/\s/gu, '');
      const covered = ms.reduce((n, m) => n + m.end - m.start, 0);
      if (covered >= rest.replace(/[、,・/]/gu, '').length * 0.7) return this.endpoint(cellUnit, ms[0]!);
    }
    return undefined;
  }

  /** 「CSIRT責任者の責務」, 「### CSIRT責任者」, "Responsibilities of the CSIRT lead" name a subject. */
  headingSubject(h: HeadingInfo): Endpoint | undefined {
    const u = this.headingUnits.get(h.index);
    if (!u) return undefined;
    const norm = u.snippet.norm;
    for (const m of this.mentions[u.index]!) {
      if (m.generic) continue;
      const after = afterMention(norm, m);
      const before = norm.slice(0, m.start);
      if (isJapaneseSentence(norm)) {
        if (/^(?:$|は|が|の(?!長)|による|から|とは|\s)/u.test(after) && !/(?:への|に対する|と)$/u.test(before)) return this.endpoint(u, m);
      } else if (!/\b(?:to|with|by)\s+(?:the\s+|our\s+)?$/u.test(before)) {
        return this.endpoint(u, m);
      }
    }
    // "What should I do?", "If you suspect an incident", 「インシデントを発見したら」: a section
    // addressed to whoever notices an incident speaks to the staff.
    if (READER_HEADING.test(norm)) return this.implied('staff', u.snippet.spanOfNorm(0, norm.length), isJapaneseSentence(norm) ? 'ja' : 'en');
    return undefined;
  }
}

const READER_HEADING = /^\W*(?:what (?:should|do|must|can) (?:i|you|we) do\b|what to do (?:if|when)\b|(?:if|when) you\b|how (?:do i|to|can i|should i) report\b|reporting an? (?:incident|suspected)|(?:インシデント|事故|異常|不審)[^。]{0,20}(?:を|に)(?:発見|認知|気付|気づ)(?:した(?:ら|場合|とき|時)|いたら))/iu;
