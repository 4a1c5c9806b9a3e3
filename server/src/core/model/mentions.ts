import type { Lexicon } from '../../lexicon';
import { normalizeKey } from '../text/normalize';
import type { Snippet } from './snippet';

/**
 * The shared noun-phrase layer: who a snippet names. Lexicon roles (「CSIRT責任者」, "CISO"),
 * role-like titles the lexicon does not know (「情報政策担当参事官」, "Director of IT
 * Operations"), persons and bodies named by a noun (「発見者」「経営者」, "state agencies",
 * "their unit information security coordinator") and acronyms ("ITSS"). Every reader works on
 * these; none of them masks text for another. Positions are indices into `snippet.norm`.
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
  /**
   * Generic and vague (関係者, 関係機関, "stakeholders"): names nobody in particular, so a report
   * to it is no reporting edge. A reporter's own superior (上司, "line manager") is generic but
   * not vague.
   */
  vague: boolean;
  /** For a title built on a lexicon role (「CSIRT責任者補佐」), that role — used for suggestions. */
  base: string | undefined;
}

const RUN = /[\p{Script=Han}\p{Script=Katakana}ー・a-z0-9&]+/gu;
/**
 * Whether a code unit continues a Japanese noun run (RUN without its Latin letters and digits),
 * from a table filled as codes are met: every character of every snippet is asked.
 */
const JA_RUN_CHAR = /[\p{Script=Han}\p{Script=Katakana}ー・&]/u;
const jaRunCodes = new Uint8Array(0x10000);
function japaneseRunCode(code: number): boolean {
  let v = jaRunCodes[code]!;
  if (v === 0) jaRunCodes[code] = v = JA_RUN_CHAR.test(String.fromCharCode(code)) ? 2 : 1;
  return v === 2;
}
const DETERMINERS = /^(?:当該|各|同|全|本|当|貴|上記|前記|所属)(?=.{2,})/u;
/** Item numbers, article numbers and paragraph numbers that a noun run may start with. */
const LEADING_NUMBERS = /^(?:第[0-9一二三四五六七八九十百]+(?:条|項|号|章|節|款)(?:の[0-9]+)?|[0-9]+)+(?=[\p{Script=Han}\p{Script=Katakana}])/u;
const REPORTING = /報告|連絡|通報|届け?出|一報|通知|相談|問い?合わせ|report|notif|inform|escalat|contact|call/u;

/**
 * Mentions depend only on a snippet's text and the lexicon, so they are kept on the snippet that
 * edits shift (its origin) and found once across edits. (On the snippet, not in a WeakMap: the
 * map's entries cost a third of the finding on a first analysis, and their wrappers 4 MB of a
 * thousand models.)
 */
export function findMentions(snippet: Snippet, lexicon: Lexicon): Mention[] {
  const key = snippet.origin ?? snippet;
  if (key.mentionLexicon === lexicon) return key.mentions as Mention[];
  const mentions = new MentionFinder(snippet, lexicon).find();
  key.mentionLexicon = lexicon;
  key.mentions = mentions;
  return mentions;
}

/** A fix's placeholder (〔役職名〕, <post>) stands for a post the author has yet to name. */
export const PLACEHOLDER = /〔[^〔〕]{1,30}〕|<[^<>\s][^<>]{0,38}>/gu;

/** Suffix lists by the code of their last character, longest first (built once per list). */
const suffixIndexes = new WeakMap<string[], Map<number, string[]>>();

/** The longest of `suffixes` that `s` ends with (the lists hold no empty suffix). */
function endsWithAny(s: string, suffixes: string[]): string | undefined {
  let index = suffixIndexes.get(suffixes);
  if (!index) {
    index = new Map();
    for (const x of suffixes) {
      const last = x.charCodeAt(x.length - 1);
      const list = index.get(last) ?? [];
      list.push(x);
      index.set(last, list);
    }
    for (const list of index.values()) list.sort((a, b) => b.length - a.length);
    suffixIndexes.set(suffixes, index);
  }
  const list = index.get(s.charCodeAt(s.length - 1));
  if (list) for (const x of list) if (s.endsWith(x)) return x;
  return undefined;
}

/** Another organization owning the post named next (「顧客の」, "the vendor's", "of the customer"). */
const OUTSIDE_OWNER = /(?:顧客|お客様|取引先|委託先|受託者|契約(?:の)?相手方|相手方|他社|ベンダー|ベンダ|利用者|提携先)の$|\b(?:customer|client|vendor|supplier|partner|third[- ]party|contractor)(?:s)?['’]s?\s+(?:own\s+|internal\s+)?$/u;

/** The organization's own posts and bodies: another organization's are not them. */
const OUR_POSTS = new Set(['ciso', 'csirt-lead', 'csirt-member', 'csirt', 'chief-security-officer', 'security-officer', 'system-security-officer', 'contact-point']);

const BARE_BODIES = new Set(['委員会', '事務局', '本部']);

/** Unit suffixes of one character need a name of two characters or more: 内部, 全部, 一部 are no units. */
const SHORT_UNIT_SUFFIX = /^(?:部|課|室|局|係|班|官)$/u;

const EN_LEADING = /^(?:The|A|An|Our|Each|Every|All|Any|This|That|Their|Its|Your|If|When|Then|Otherwise|And|Or|In|Under|For|Once|Except)\s+/;

/** Per-lexicon lists every snippet would otherwise rebuild. */
const generics = new WeakMap<Lexicon, string[]>();
function englishGenerics(lexicon: Lexicon): string[] {
  let g = generics.get(lexicon);
  if (!g) generics.set(lexicon, (g = [...lexicon.genericRecipients].filter((x) => /^[a-z ]+$/u.test(x))));
  return g;
}
const headSets = new WeakMap<Lexicon, Set<string>>();
function englishHeads(lexicon: Lexicon): Set<string> {
  let h = headSets.get(lexicon);
  if (!h) headSets.set(lexicon, (h = new Set([...lexicon.titles.enRoleHeads, ...lexicon.titles.enUnitHeads])));
  return h;
}

const titlePatterns = new WeakMap<Lexicon, RegExp[]>();

/** "Director of IT Operations" first, so that "The Director" is not taken for a title on its own. */
function enTitlePatterns(lexicon: Lexicon): RegExp[] {
  let p = titlePatterns.get(lexicon);
  if (!p) {
    const heads = [...lexicon.titles.enRoleHeads, ...lexicon.titles.enUnitHeads].map((h) => h[0]!.toUpperCase() + h.slice(1)).join('|');
    const cap = "[A-Z][A-Za-z&'-]*";
    p = [
      new RegExp(`\\b(?:Director|Head|Chief|Vice President|VP|Manager|Office|Department|Division|Board|Council|Committee|Secretary|Minister)\\s+(?:of|for)\\s+(?:the\\s+)?${cap}(?:\\s+(?:(?:and|for|of|the)\\s+)*${cap})*`, 'g'),
      new RegExp(`\\b(?:${cap}\\s+){0,4}(?:${heads})s?\\b`, 'g'),
    ];
    titlePatterns.set(lexicon, p);
  }
  return p;
}

/** Words that never modify a head noun in an English noun phrase (verbs, function words). */
const EN_STOP = new Set(
  'a an the this that these those and or but if when where which who whom whose while with without within to of in on at by for from as is are was were be been being has have had do does did must shall will would should may might can could not no any all each every some such other than then also only just still please immediately promptly report reports reported reporting notify notifies notified inform informs informed contact contacts contacted escalate escalates escalated alert alerts call calls send sends submit submits provide provides give gives so it its their his her your our my we you they he she them us me there here after before upon until unless except because since into onto over under about per via including include includes concurrent following prior pursuant regarding concerning during throughout'.split(' '),
);

class MentionFinder {
  private readonly out: Mention[] = [];
  private readonly norm: string;
  /** Characters already taken by a mention: overlap checks stay linear in the text. */
  private readonly covered: Uint8Array;

  constructor(
    private readonly snippet: Snippet,
    private readonly lexicon: Lexicon,
  ) {
    this.norm = snippet.norm;
    this.covered = new Uint8Array(this.norm.length + 1);
  }

  find(): Mention[] {
    this.channels();
    this.lexiconTerms();
    this.placeholders();
    this.jaTitles();
    this.enTitles();
    this.enGeneric();
    this.enNounPhrases();
    this.acronyms();
    this.out.sort((a, b) => a.start - b.start);
    this.outsideOwners();
    return this.glosses(this.out);
  }

  /**
   * 「顧客の内部セキュリティチーム」, "the customer's security team": a post of another
   * organization is named, not one of ours — a recipient still, but never a role to define.
   */
  private outsideOwners(): void {
    for (const m of this.out) {
      if (m.role ? !OUR_POSTS.has(m.role) : !m.roleLike) continue;
      if (!OUTSIDE_OWNER.test(this.norm.slice(Math.max(0, m.start - 24), m.start))) continue;
      // "the vendor's incident response manager" is not our CSIRT lead.
      if (m.role) m.title = normalizeKey(m.display);
      m.role = undefined;
      m.roleLike = false;
    }
  }

  private make(start: number, end: number, role: string | undefined, title: string | undefined, roleLike: boolean, generic: boolean, base: string | undefined): Mention {
    const display = this.snippet.textOfNorm(start, end).trim();
    const vague = generic && !this.lexicon.lineManagers.has(title ?? normalizeKey(display));
    return { start, end, role, title, display, roleLike, generic, vague, base };
  }

  private overlaps(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.covered[i]) return true;
    return false;
  }

  private push(m: Mention): void {
    this.out.push(m);
    this.covered.fill(1, m.start, m.end);
  }

  private lexiconTerms(): void {
    const norm = this.norm;
    const reportingContext = REPORTING.test(norm);
    for (let i = 0; i < norm.length; ) {
      const t = this.lexicon.termAt(norm, i);
      if (!t || (t.contextual && !reportingContext)) {
        i++;
        continue;
      }
      let end = i + t.norm.length;
      if (t.asciiEnd && norm[end] === 's' && !/[a-z0-9]/.test(norm[end + 1] ?? '')) end++;
      // A Japanese noun run that goes on past the term may name a different post (CSIRT責任者補佐).
      const runEnd = end < norm.length ? this.runStop(end) : end;
      // 「情報セキュリティ最高責任者 情報セキュリティ最高責任者（以下…）は」: a term followed by
      // another term (a definition list's term and the sentence that defines it) is two mentions.
      if (runEnd > end && !this.lexicon.termAt(norm, end)) {
        const rest = norm.slice(end, runEnd);
        const same = this.lexicon.sameRoleSuffixes.some((s) => rest === s);
        if (!same && endsWithAny(rest, this.lexicon.titles.jaRoleSuffixes)) {
          const key = normalizeKey(norm.slice(i, runEnd));
          this.push(this.make(i, runEnd, undefined, key, true, this.lexicon.genericRecipients.has(key), t.role));
          i = runEnd;
          continue;
        }
      }
      this.push(this.make(i, end, t.role, undefined, false, false, undefined));
      i = end;
    }
  }

  /** The run [walkedFrom, walkedTo) runStop last walked: every index in it stops at walkedTo. */
  private walkedFrom = 0;
  private walkedTo = 0;

  /**
   * The first index at or after `i` where a Japanese noun run stops: a character outside the run,
   * or white space before it. Asked only where a term ends, and linear over a snippet however
   * many terms one run holds.
   */
  private runStop(i: number): number {
    if (i >= this.walkedFrom && i < this.walkedTo) return this.walkedTo;
    const norm = this.norm;
    let k = i;
    while (k < norm.length && japaneseRunCode(norm.charCodeAt(k)) && !this.snippet.gapBefore(k)) k++;
    this.walkedFrom = i;
    this.walkedTo = k;
    return k;
  }

  /**
   * An e-mail address is a channel staff report to: the contact point, given as a channel
   * (checks.md "Contact points": "by sending email to security@example.com").
   */
  private channels(): void {
    const norm = this.norm;
    // Found from each "@" outwards: a pattern would backtrack over a long word without one.
    const local = /[a-z0-9._%+-]/u;
    const domain = /[a-z0-9.-]/u;
    for (let at = norm.indexOf('@'); at >= 0; at = norm.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && at - start < 64 && local.test(norm[start - 1]!)) start--;
      let end = at + 1;
      while (end < norm.length && end - at < 255 && domain.test(norm[end]!)) end++;
      while (end > at + 1 && norm[end - 1] === '.') end--;
      if (start === at || !/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/u.test(norm.slice(at + 1, end))) continue;
      if (!this.overlaps(start, end)) this.push(this.make(start, end, 'contact-point', undefined, false, false, undefined));
    }
  }

  private placeholders(): void {
    PLACEHOLDER.lastIndex = 0;
    for (const m of this.norm.matchAll(PLACEHOLDER)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (!this.overlaps(start, end)) this.push(this.make(start, end, undefined, m[0], true, false, undefined));
    }
  }

  private jaTitles(): void {
    const norm = this.norm;
    const { jaRoleSuffixes, jaUnitSuffixes, jaNotTitles, jaPersons } = this.lexicon.titles;
    for (const m of this.runs()) {
      let start = m.index;
      let text = m.text;
      // 「システム統括管理者及び運用監視班長」: 及(び), 並(びに), 又(は), 若(しくは) and a trailing 等 end a noun.
      const next = norm[start + text.length] ?? '';
      if (/[及並又若]$/u.test(text) && /^[\p{Script=Hiragana}]/u.test(next)) text = text.slice(0, -1);
      text = text.replace(/(?:等|など)$/u, '');
      // 「第2条委員会」「2委員長」: the article or paragraph number is not part of the name.
      const lead = LEADING_NUMBERS.exec(text);
      if (lead) {
        start += lead[0].length;
        text = text.slice(lead[0].length);
      }
      if (!text) continue;
      // 「情報セキュリティ管理者 情報セキュリティ管理者（以下…）」: a definition list's term, then the same title.
      if (text.length % 2 === 0 && text.length >= 6 && text.slice(0, text.length / 2) === text.slice(text.length / 2)) text = text.slice(0, text.length / 2);
      // Runs of Latin letters only are English words, handled by enTitles.
      if (!/[\p{Script=Han}\p{Script=Katakana}]/u.test(text)) continue;
      const d = DETERMINERS.exec(text);
      if (d) {
        start += d[0].length;
        text = text.slice(d[0].length);
      }
      // 「各部門の長」「重要な情報システムに係る業務を所管する課の長」: the head of a unit.
      let end = start + text.length;
      const headOf = norm.charCodeAt(end) === 0x306e ? /^の長(?![\p{Script=Han}])/u.exec(norm.slice(end)) : null;
      if (headOf && endsWithAny(text, jaUnitSuffixes)) end += headOf[0].length;
      if (this.overlaps(start, end)) continue;
      const whole = norm.slice(start, end);
      if (jaPersons.includes(whole) || (headOf && end > start + text.length)) {
        this.push(this.make(start, end, undefined, normalizeKey(whole), true, this.lexicon.genericRecipients.has(whole), undefined));
        continue;
      }
      if (this.lexicon.genericRecipients.has(text)) {
        this.push(this.make(start, end, undefined, text, true, true, undefined));
        continue;
      }
      const roleSuffix = endsWithAny(text, jaRoleSuffixes);
      const unitSuffix = endsWithAny(text, jaUnitSuffixes);
      const suffix = roleSuffix ?? unitSuffix;
      // A bare 「委員会」「事務局」 is the body the text has named before (「第2条 委員会は、…」).
      if ((!suffix || text.length <= suffix.length) && !BARE_BODIES.has(text)) continue;
      if (jaNotTitles.includes(text)) continue;
      if (suffix && !roleSuffix && SHORT_UNIT_SUFFIX.test(suffix) && text.length - suffix.length < 2) continue;
      this.push(this.make(start, end, undefined, normalizeKey(text), roleSuffix !== undefined, this.lexicon.genericRecipients.has(text), undefined));
    }
  }

  /** Noun runs of the normalized text, cut where the text had white space (a term and its definition). */
  private runs(): Array<{ index: number; text: string }> {
    const out: Array<{ index: number; text: string }> = [];
    const gaps = this.snippet.mayHaveGaps();
    for (const m of this.norm.matchAll(RUN)) {
      let start = m.index!;
      const end = start + m[0].length;
      for (let i = start + 1; gaps && i < end; i++) {
        if (!this.snippet.gapBefore(i)) continue;
        out.push({ index: start, text: this.norm.slice(start, i) });
        start = i;
      }
      out.push({ index: start, text: this.norm.slice(start, end) });
    }
    return out;
  }

  private enTitles(): void {
    const text = this.snippet.text;
    // Titles are capitalized words: nothing to find in text without an upper-case letter.
    if (!/[A-Z]/u.test(text)) return;
    for (const re of enTitlePatterns(this.lexicon)) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        let s = m.index!;
        let t = m[0];
        const lead = EN_LEADING.exec(t);
        if (lead) {
          s += lead[0].length;
          t = t.slice(lead[0].length);
        }
        if (!/\s/.test(t)) continue; // a lone capitalized head word ("Team") names nothing specific
        const start = this.snippet.normIndexOfText(s);
        const end = this.snippet.normIndexOfText(s + t.length);
        if (this.overlaps(start, end)) continue;
        const key = normalizeKey(t);
        const lastWord = key.split(' ').pop()!.replace(/s$/, '');
        const roleLike = this.lexicon.titles.enRoleHeads.includes(lastWord) || /^(?:director|head|chief|vice president|vp|manager) of /.test(key);
        this.push(this.make(start, end, undefined, key, roleLike, this.lexicon.genericRecipients.has(key), undefined));
      }
    }
  }

  /** "senior executives", "stakeholders", "line manager": generic recipients. */
  private enGeneric(): void {
    const norm = this.norm;
    if (!/[a-z]/u.test(norm)) return;
    for (const g of englishGenerics(this.lexicon)) {
      for (let at = norm.indexOf(g); at >= 0; at = norm.indexOf(g, at + 1)) {
        const end = at + g.length;
        if (/[a-z]/u.test(norm[at - 1] ?? '') || /[a-z]/u.test(norm[end] ?? '')) continue;
        if (this.overlaps(at, end)) continue;
        this.push(this.make(at, end, undefined, g, true, true, undefined));
      }
    }
  }

  /**
   * Lower-case English noun phrases that end in a role or unit head: "their unit information
   * security coordinator", "state agencies", "the impacted department or equipment owner",
   * "head of the public agency". They are posts or bodies named in an argument position, and
   * never role-undefined findings (`roleLike` false).
   */
  private enNounPhrases(): void {
    const norm = this.norm;
    if (!/[a-z]/u.test(norm)) return;
    const heads = englishHeads(this.lexicon);
    const words = [...norm.matchAll(/[a-z][a-z'’-]*/gu)].map((w) => ({ text: w[0].replace(/['’]s$/u, ''), start: w.index!, end: w.index! + w[0].length, possessive: /['’]s$/u.test(w[0]) }));
    let from = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w.start < from) continue;
      const singular = w.text.replace(/ies$/u, 'y').replace(/s$/u, '');
      if ((!heads.has(w.text) && !heads.has(singular)) || w.possessive) continue;
      // "The CTO leads the incident response", "heads all investigations": a verb, not a plural head.
      if (singular !== w.text && /^\s+(?:the|a|an|our|all|every|its|their|any|each)\b/u.test(norm.slice(w.end, w.end + 8))) continue;
      // Modifiers: the words right before the head that are neither function words nor verbs.
      let k = i;
      while (k > 0 && i - k < 4) {
        const p = words[k - 1]!;
        if (p.start < from || p.possessive || EN_STOP.has(p.text) || !/^\s+$/u.test(norm.slice(p.end, words[k]!.start))) break;
        k--;
      }
      const start = words[k]!.start;
      let end = w.end;
      // "head of the public agency", "office of cybersecurity".
      if (k === i && /^(?:head|office|director|chief|department)$/u.test(w.text)) {
        const of = /^\s+of\s+(?:the\s+)?((?:[a-z][a-z-]*\s*){1,3})/u.exec(norm.slice(end));
        if (of) {
          const kept: string[] = [];
          for (const t of of[1]!.trim().split(/\s+/u)) {
            if (EN_STOP.has(t)) break;
            kept.push(t);
          }
          if (kept.length) end = end + of[0].indexOf(of[1]!) + kept.join(' ').length;
        }
      }
      // A bare singular head ("team", "office") names nothing specific; a plural names a class
      // of reporters ("Departments with … must contact …").
      if (k === i && end === w.end && (singular === w.text || !this.lexicon.titles.enUnitHeads.includes(singular)) && !BARE_HEADS.test(w.text)) continue;
      // "the impacted department or equipment owner": one recipient named two ways.
      const or = /^\s+or\s+((?:[a-z][a-z-]*\s+){0,3})([a-z][a-z-]*)/u.exec(norm.slice(end));
      if (or && heads.has(or[2]!.replace(/s$/u, '')) && !(or[1] ?? '').trim().split(/\s+/u).some((x) => EN_STOP.has(x))) end += or[0].length;
      if (this.overlaps(start, end)) continue;
      const key = normalizeKey(norm.slice(start, end));
      this.push(this.make(start, end, undefined, key, false, this.lexicon.genericRecipients.has(key), undefined));
      from = end;
    }
  }

  /** "ITSS", "OVPR", 「CIO」: upper-case acronyms of two to six letters that are not common words. */
  private acronyms(): void {
    const text = this.snippet.text;
    for (const m of text.matchAll(/(?<![A-Za-z0-9-])([A-Z][A-Z&]{1,5})(?![A-Za-z0-9-])/gu)) {
      const a = m[1]!;
      if (COMMON_ACRONYMS.has(a)) continue;
      const start = this.snippet.normIndexOfText(m.index!);
      const end = this.snippet.normIndexOfText(m.index! + a.length);
      if (this.overlaps(start, end)) continue;
      this.push(this.make(start, end, undefined, normalizeKey(a), false, false, undefined));
    }
  }

  /**
   * "Information Technology Security Services (ITSS)", 「…センター（NISC）」: a title glossed by an
   * acronym is one mention that reads as both; a lexicon acronym gives the title its role.
   */
  private glosses(ms: Mention[]): Mention[] {
    const out: Mention[] = [];
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]!;
      const g = ms[i + 1];
      if (g && !m.role && m.title && /^\s*\($/u.test(this.norm.slice(m.end, g.start)) && this.norm[g.end] === ')' && /^[a-z&-]{2,8}$/u.test(g.display.toLowerCase()) && (g.role || !g.title || g.title === normalizeKey(g.display))) {
        const end = g.end + 1;
        out.push({ ...m, end, role: g.role ?? m.role, title: g.role ? undefined : m.title, display: this.snippet.textOfNorm(m.start, end).trim() });
        i++;
        continue;
      }
      out.push(m);
    }
    return out;
  }
}

/** Bare heads that name someone on their own ("users", "the governor"). */
const BARE_HEADS = /^(?:users?|governors?|supervisors?|designees?|liaisons?|students?|contractors?|vendors?|directors?)$/u;

/** Upper-case words that are not bodies or posts. */
const COMMON_ACRONYMS = new Set(
  'IT OS PC PCS USB PDF URL HTTP HTTPS ID IDS AI API DNS VPN LAN WAN OK FAQ NO II III IV VI UTC JST AM PM US UK EU JP TO OF OR AND THE IF PHI PII HIPAA FERPA GDPR SIMM RCW SPG ISO IEC NIST SP CVE CVSS MFA SSO SMS EDR SIEM XDR IPS WAF SOP RACI TBD TODO NA CC BY SA MIT'.split(' '),
);
