import type { DocumentModel } from '../model/document';
import type { Mention } from '../model/mentions';
import { afterMention, isJapaneseText } from '../model/grammar';
import type { Unit } from '../model/units';
import type { SetIndex } from './resolve';

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

const TASKS =
  /把握|被害(?:の)?拡大(?:の)?防止|拡大防止|封じ込め|復旧|再発防止|対処|対応を行|指揮|調整|報告|分析|調査|情報(?:を)?(?:収集|集約|共有)|coordinat|contain|recover|investigat|prevent|triage|assess|respond|handl|report|analy[sz]|restor|escalat|manag/iu;
const ESTABLISH = /設置|置く|置き|設け|整備|編成|組織する|establish|set up|maintain|form(?:s|ed)?\b|constitut|operat/iu;
const TOPIC_AFTER = /^(?:は|が|では|の役割|の任務|の機能|の所掌)/u;

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
  const facts = { firstMention, roleStatement };
  csirtCache.set(index, facts);
  return facts;
}

/** The unit sits under a heading about the CSIRT, or in a list introduced by a sentence about it. */
function inCsirtContext(ref: UnitRef): boolean {
  const heading = ref.unit.section;
  if (heading && /csirt|シーサート|インシデント対応チーム|incident response team/iu.test(heading.snippet.norm) && !/責任者|lead|head|要員|member/iu.test(heading.snippet.norm)) return true;
  const lead = ref.unit.list?.leadIn;
  return lead !== undefined && ref.doc.mentions[lead.index]!.some((m) => m.role === 'csirt');
}

function textOutsideMentions(ref: UnitRef): string {
  let text = ref.unit.snippet.norm;
  for (const m of [...ref.mentions].reverse()) text = text.slice(0, m.start) + ' '.repeat(m.end - m.start) + text.slice(m.end);
  return text;
}

const MEMBERSHIP = /構成|属する|要員|メンバー|選任|指名|充て|member|consist|compris|compos|includ|staffed/iu;
const WORKING = /係長|主査|主任|補佐|係員|担当者|担当職員|職員|技術者|専門官|専門職|調査官|分析官|スタッフ|エンジニア|analyst|engineer|specialist|technician|staff|responder|administrator|officer/iu;
const MANAGER = /課長|室長|部長|局長|審議官|参事官|課室長|官房長|次長|所長|理事|director|head|chief|manager|executive/iu;

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
    const lead = ref.unit.list?.leadIn;
    const underDesignation = lead !== undefined && designating.has(lead);
    const headingAboutMembers = ref.unit.section !== undefined && /(?:csirt|シーサート).*(?:構成|要員|メンバー)|members|composition/iu.test(ref.unit.section.snippet.norm);
    if (!((aboutCsirt && MEMBERSHIP.test(ref.unit.snippet.norm)) || underDesignation || headingAboutMembers)) continue;
    designating.add(ref.unit);
    designations.push(ref);
    for (const m of ref.mentions) {
      if (m.role === 'csirt' || m.role === 'csirt-member' || m.generic) continue;
      if (!m.title && !m.role) continue;
      const d = m.display;
      const level = WORKING.test(d) ? 'working' : MANAGER.test(d) ? 'manager' : 'unknown';
      members.push({ display: d, level, ref });
    }
  }
  return { designations, members };
}

