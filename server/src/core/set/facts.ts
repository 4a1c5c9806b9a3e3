import type { DocumentModel } from '../model/document';
import type { Mention } from '../model/mentions';
import { afterMention, isJapaneseText } from '../model/grammar';
import { withoutPlaceholders } from '../model/placeholders';
import type { Unit } from '../model/units';
import { concepts, conceptPattern } from '../../lexicon';
import type { ResolvedEdge, SetIndex } from './resolve';

/**
 * Facts several rules share, derived once per set: does the set establish a CSIRT and state its
 * role, who are its members. Kept out of the rules so that "no knock-on findings" can be decided
 * from the same facts the primary rule uses.
 */

export interface UnitRef {
  doc: DocumentModel;
  unit: Unit;
  mentions: Mention[];
}

export function* unitsOf(index: SetIndex): Generator<UnitRef> {
  for (const doc of index.set.members) {
    for (const unit of doc.units) yield { doc, unit, mentions: doc.mentions[unit.index]! };
  }
}

const TASKS = conceptPattern(concepts.csirtTasks);
const ESTABLISH = conceptPattern(concepts.establish);
const TOPIC_AFTER = /^(?:は|が|では|の役割|の任務|の機能|の所掌|\s*[:：])/u;

export interface CsirtFacts {
  /** First mention of a CSIRT anywhere in the set. */
  firstMention: { doc: DocumentModel; unit: Unit; mention: Mention } | undefined;
  /** A unit that states what the CSIRT does. */
  roleStatement: UnitRef | undefined;
}

const csirtCache = new WeakMap<SetIndex, CsirtFacts>();

export function csirtFacts(index: SetIndex): CsirtFacts {
  const cached = csirtCache.get(index);
  if (cached) return cached;
  let firstMention: CsirtFacts['firstMention'];
  let roleStatement: UnitRef | undefined;
  for (const ref of unitsOf(index)) {
    const csirt = ref.mentions.filter((m) => m.role === 'csirt');
    const context = inCsirtContext(ref);
    if (csirt.length && !firstMention) firstMention = { doc: ref.doc, unit: ref.unit, mention: csirt[0]! };
    if (roleStatement || ref.unit.kind === 'heading') continue;
    if (!csirt.length && !context) continue;
    const text = textOutsideMentions(ref);
    if (!TASKS.test(text)) continue;
    const topic = csirt.some((m) => TOPIC_AFTER.test(afterMention(ref.unit.snippet.norm, m)) || !isJapaneseText(ref.unit.snippet.norm));
    if (topic || context || ESTABLISH.test(text)) roleStatement = ref;
  }
  roleStatement ??= responsibleForPlan(index);
  const facts = { firstMention, roleStatement };
  csirtCache.set(index, facts);
  return facts;
}

/** A responsibility column of a RACI or role table, and a cell that marks it. */
const RESPONSIBLE_COLUMN = /^(?:r|responsible|responsibility|責任|実施|実施責任)$/iu;
const MARKED = /^(?:[✓✔☑●○◎xX]|r|yes|はい)$/u;
const PURPOSE_HEADING = /purpose|scope|目的|趣旨|適用範囲|概要|overview|introduction/iu;

/**
 * "| Incident Response Team | ✓ | | | |" under "Responsible" in a plan whose purpose is to detect,
 * respond to and recover from incidents: the team is made responsible for the plan, and the plan's
 * purpose states what it does.
 */
function responsibleForPlan(index: SetIndex): UnitRef | undefined {
  for (const ref of unitsOf(index)) {
    if (ref.doc.kind !== 'plan' || ref.unit.kind !== 'row' || !ref.unit.row) continue;
    const { header, cells } = ref.unit.row;
    const first = cells[0];
    if (!first || !ref.mentions.some((m) => m.role === 'csirt' && m.start < first.norm.length + 1)) continue;
    const marked = header.some((h, i) => RESPONSIBLE_COLUMN.test(h.norm.trim()) && MARKED.test(cells[i]?.norm.trim() ?? ''));
    if (!marked) continue;
    const purpose = ref.doc.units.some((u) => u.kind === 'sentence' && u.section !== undefined && PURPOSE_HEADING.test(u.section.snippet.norm) && TASKS.test(u.snippet.norm));
    if (purpose) return ref;
  }
  return undefined;
}

/** The unit sits under a heading about the CSIRT, or in a list introduced by a sentence about it. */
function inCsirtContext(ref: UnitRef): boolean {
  const heading = ref.unit.section;
  if (heading && /csirt|シーサート|インシデント対応チーム|response team/iu.test(heading.snippet.norm) && !/責任者|lead|head|要員|member/iu.test(heading.snippet.norm)) return true;
  const lead = ref.unit.list?.leadIn;
  return lead !== undefined && ref.doc.mentions[lead.index]!.some((m) => m.role === 'csirt');
}

/**
 * Keyed by the mentions, which are cached per snippet text (mentions.ts) and so outlive the units
 * an edit rebuilds: the text depends only on the snippet's normalized text and its mentions.
 */
const outsideCache = new WeakMap<Mention[], string>();
function textOutsideMentions(ref: UnitRef): string {
  const cached = outsideCache.get(ref.mentions);
  if (cached !== undefined) return cached;
  // One pass over the sorted mentions (a line of 40,000 names must not cost 40,000 copies).
  const norm = ref.unit.snippet.norm;
  const parts: string[] = [];
  let at = 0;
  for (const m of ref.mentions) {
    if (m.start < at) continue;
    parts.push(norm.slice(at, m.start), ' '.repeat(m.end - m.start));
    at = m.end;
  }
  parts.push(norm.slice(at));
  const text = parts.join('');
  outsideCache.set(ref.mentions, text);
  return text;
}

const MEMBERSHIP = conceptPattern(concepts.membership);
/** Words that speak of members as such (not of the lead's appointment). */
const MEMBER_WORDS = /構成員|要員|メンバー|属する職員|\bmembers?\b|consists? of|compris|staffed by/iu;
const WORKING = conceptPattern(concepts.workingLevel);
const MANAGER = conceptPattern(concepts.managerLevel);

/** After a staff mention: the staff report or are told, rather than being drawn on. */
const STAFF_AS_REPORTER = /^(?:から|より|に対し|に対する|へ|に周知|への|には報告|は報告|が報告|は、?[^。]{0,20}報告)/u;
/** The CSIRT itself and its lead say nothing about the members' level. */
const SKIP_MEMBER_ROLES = new Set(['csirt', 'csirt-member', 'csirt-lead', 'contact-point', 'nisc', 'police', 'supervisor', 'staff']);
const ROLE_LEVEL: Record<string, 'working' | 'manager'> = {
  ciso: 'manager',
  'chief-security-officer': 'manager',
  'security-officer': 'manager',
};

export interface MemberFacts {
  /** Units that designate members. */
  designations: UnitRef[];
  members: Array<{ display: string; level: 'working' | 'manager' | 'unknown'; ref: UnitRef }>;
}

export function csirtMembers(index: SetIndex): MemberFacts {
  const designations: UnitRef[] = [];
  const members: MemberFacts['members'] = [];
  const designating = new Set<Unit>();
  for (const ref of unitsOf(index)) {
    if (ref.unit.kind === 'heading') continue;
    const aboutCsirt = ref.mentions.some((m) => m.role === 'csirt' || m.role === 'csirt-member');
    const lead = ref.unit.list?.leadIn ?? ref.unit.row?.leadIn;
    const underDesignation = lead !== undefined && designating.has(lead);
    const headingAboutMembers = ref.unit.section !== undefined && /(?:csirt|シーサート|cirt|response team|インシデント対応チーム).*(?:構成|要員|メンバー|体制|structure|roster|composition|roles)|members|composition/iu.test(ref.unit.section.snippet.norm);
    // 「## CSIRT」 … "Members: the CISO selects …": membership stated inside the CSIRT's section.
    const inCsirtSection = ref.unit.section !== undefined && /csirt|シーサート|cirt|response team|インシデント対応チーム/iu.test(ref.unit.section.snippet.norm) && !/責任者|lead|head/iu.test(ref.unit.section.snippet.norm);
    if (!((aboutCsirt && MEMBERSHIP.test(ref.unit.snippet.norm)) || (inCsirtSection && MEMBER_WORDS.test(ref.unit.snippet.norm)) || underDesignation || headingAboutMembers)) continue;
    designating.add(ref.unit);
    designations.push(ref);
    // Working-level members are often named generically: 「係員2名」, "two security analysts".
    const generic = WORKING.exec(textOutsideMentions(ref));
    if (generic) members.push({ display: generic[0], level: 'working', ref });
    for (const m of ref.mentions) {
      // 「…係の職員のうちから指名する者」, "staff of the IT division": ordinary staff named as the
      // pool members are drawn from are working-level members; staff who report (「職員から」) are not.
      if (m.role === 'staff' && !m.generic && !STAFF_AS_REPORTER.test(afterMention(ref.unit.snippet.norm, m))) {
        members.push({ display: m.display, level: 'working', ref });
        continue;
      }
      if (m.generic || (m.role && SKIP_MEMBER_ROLES.has(m.role))) continue;
      if (!m.title && !m.role) continue;
      const d = m.display;
      const level = m.role ? (ROLE_LEVEL[m.role] ?? 'unknown') : WORKING.test(d) ? 'working' : MANAGER.test(d) ? 'manager' : 'unknown';
      members.push({ display: d, level, ref });
    }
  }
  return { designations, members };
}


/** Units of the set whose text (outside role mentions) matches a concept pattern. */
export function unitsMatching(index: SetIndex, pattern: RegExp, filter: (ref: UnitRef) => boolean = () => true): UnitRef[] {
  const out: UnitRef[] = [];
  // The pattern first: its answer is kept per unit, the filter's is not.
  for (const ref of unitsOf(index)) if (matchesOutsideMentions(ref, pattern) && filter(ref)) out.push(ref);
  return out;
}

/**
 * Answers kept per unit, like its text outside mentions: after a keystroke the sections not
 * edited keep their mentions (mentions.ts keeps them with each parse), so the rules' patterns run over the edited one only
 * (three rules asking every unit of a 40 KB policy were a tenth of an edit's analysis).
 */
const matchCache = new WeakMap<Mention[], Map<RegExp, boolean>>();
function matchesOutsideMentions(ref: UnitRef, pattern: RegExp): boolean {
  if (pattern.global || pattern.sticky) return pattern.test(textOutsideMentions(ref));
  let known = matchCache.get(ref.mentions);
  if (!known) matchCache.set(ref.mentions, (known = new Map()));
  let hit = known.get(pattern);
  if (hit === undefined) known.set(pattern, (hit = pattern.test(textOutsideMentions(ref))));
  return hit;
}

export function mentionsRole(ref: UnitRef, role: string): boolean {
  return ref.mentions.some((m) => m.role === role);
}

const CONTACT_DEFINITION = conceptPattern(concepts.contactDefinition);
const CONTACT_DETAILS = conceptPattern(concepts.contactDetails);

/**
 * Is a reporting contact point defined? An assignment (「報告窓口は推進室に置く」), a sentence
 * that establishes it or gives its contact details, or a section about it that does.
 */
export function contactPointDefined(index: SetIndex): boolean {
  const cached = contactCache.get(index);
  if (cached !== undefined) return cached;
  let defined = index.holdersOf('contact-point').length > 0;
  // A channel staff report to defines the contact point (checks.md "Contact points"):
  // 「security@example.go.jp に報告する」, "by sending email to security@example.com".
  if (!defined) defined = staffReportDesks(index).length > 0;
  if (!defined) {
    for (const ref of unitsOf(index)) {
      const norm = ref.unit.snippet.norm;
      if (ref.unit.kind !== 'heading' && (hasEmailAddress(norm) || CHANNEL_PHONE.test(norm)) && CHANNEL_REPORT.test(norm)) {
        defined = true;
        break;
      }
    }
  }
  if (!defined) {
    for (const ref of unitsOf(index)) {
      const text = textOutsideMentions(ref);
      const about = mentionsRole(ref, 'contact-point') || (ref.unit.section !== undefined && ref.doc.mentions[headingUnit(ref)]?.some((m) => m.role === 'contact-point'));
      if (about && ref.unit.kind !== 'heading' && (CONTACT_DETAILS.test(text) || (mentionsRole(ref, 'contact-point') && CONTACT_DEFINITION.test(text)))) {
        defined = true;
        break;
      }
    }
  }
  contactCache.set(index, defined);
  return defined;
}
const contactCache = new WeakMap<SetIndex, boolean>();

const RECEIVING_UNIT = conceptPattern(concepts.receivingUnit);
/** Recipients that are no desk of the organization: outside bodies, the CISO, the staff themselves. */
const NOT_A_DESK = new Set(['nisc', 'police', 'supervisor', 'ciso', 'staff']);
const desksCache = new WeakMap<SetIndex, ResolvedEdge[]>();

/**
 * Staff's reports to a team, desk or office of the organization ("…should be escalated to the
 * information security team", "start an incident by contacting the Security Team",
 * 「情報システム課に報告する」, or the CSIRT itself): the unit staff are told to report incidents
 * to is their contact point, whether or not the text calls it one (checks.md "Contact points").
 */
export function staffReportDesks(index: SetIndex): ResolvedEdge[] {
  const cached = desksCache.get(index);
  if (cached) return cached;
  const desks = index.edges.filter((e) => {
    if (!e.from.includes('staff') || e.edge.to.vague || e.to.some((n) => NOT_A_DESK.has(n))) return false;
    // Named: 「報告窓口」 alone names no desk, and a placeholder (〔部署名〕) names nothing.
    const name = e.edge.to.display.trim();
    // The CSIRT counts only when the text itself names the staff as reporting to it ("Notify the
    // incident response team" in a plan's procedure speaks to the responders, not the staff).
    return ((e.to.includes('csirt') && !e.edge.from?.implicit) || (e.to.some((n) => n.startsWith('title:')) && RECEIVING_UNIT.test(name))) && withoutPlaceholders(name).found.length === 0;
  });
  desksCache.set(index, desks);
  return desks;
}

/** A phone number or extension. */
const CHANNEL_PHONE = /(?:tel|phone|電話|内線|ext)\.?\s*[:：]?\s*\+?[0-9][0-9\s()-]{2,}/iu;

/** An e-mail address, found from its "@" (no pattern that backtracks over a long word). */
export function hasEmailAddress(text: string): boolean {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at > 0 && /[\w.+-]/u.test(text[at - 1]!) && /^[\w-]+\.[\w-]/u.test(text.slice(at + 1, at + 64))) return true;
  }
  return false;
}
/** …that incidents are reported to. */
const CHANNEL_REPORT = /報告|連絡|通報|届け?出|report|notif|inform|contact|e-?mail (?:security|incident)|send(?:ing)? (?:an? )?e-?mail/iu;

function headingUnit(ref: UnitRef): number {
  const h = ref.unit.section!;
  return ref.doc.units.findIndex((u) => u.heading === h);
}
