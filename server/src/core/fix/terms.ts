import type { OrganizationType } from '../config';

/**
 * Inserted sentences in the document's own words. The fix texts are written with the Unified
 * Standard's terms (職員, 情報セキュリティインシデント, 府省庁外, 庁内); a document that says 役職員,
 * 情報セキュリティ事故 or 機構 gets those instead, so that the new sentence reads as part of it.
 * Placeholders (〔…〕, `<…>`) are left as written.
 */

export interface TermContext {
  organizationType?: OrganizationType | undefined;
  /**
   * Whether the policy set has a CSIRT. When it has none, a sentence that makes the CSIRT act
   * would itself raise "a CSIRT is mentioned but its role is never stated": the CSIRT lead acts
   * instead (csirt-defined reports the missing CSIRT, with its own fix). Undefined: leave as is.
   */
  csirt?: boolean | undefined;
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/** What the document calls its staff, among the usual words; undefined when it uses none. */
function staffTerm(text: string): string | undefined {
  const candidates: Array<[string, RegExp]> = [
    ['役職員', /役職員/gu],
    ['教職員', /教職員/gu],
    ['従業員', /従業員/gu],
    ['職員', /(?<![役教])職員/gu],
  ];
  let best: string | undefined;
  let most = 0;
  for (const [term, re] of candidates) {
    const n = count(text, re);
    if (n > most) [best, most] = [term, n];
  }
  return best;
}

/** 「事故」 when the document speaks of 事故 more than of インシデント. */
function incidentTerm(text: string): { full: string; short: string } | undefined {
  const accident = count(text, /事故/gu);
  const incident = count(text, /インシデント/gu);
  if (accident <= incident) return undefined;
  return { full: /情報セキュリティ事故/u.test(text) ? '情報セキュリティ事故' : 'セキュリティ事故', short: '事故' };
}

/** The name a document gives its own organization: （以下「機構」という。）. */
const SELF = /以下[「『]((?:[^」』]{0,8})(?:機構|法人|当社|会社|本学|大学|協会|センター|組合|公社|財団|事業団|研究所|病院|機関))[」』]という/u;

function outsideWord(text: string, org: OrganizationType | undefined): { outside: string; inside: string } | undefined {
  if (!org || org === 'government-agency') return undefined;
  const self = SELF.exec(text)?.[1];
  return self ? { outside: `${self}外`, inside: `${self}内` } : { outside: '組織外', inside: '組織内' };
}

/** Applies `fn` to the text outside placeholders. */
function outsidePlaceholders(text: string, fn: (s: string) => string): string {
  return text
    .split(/(〔[^〕]*〕|`[^`]*`)/u)
    .map((part, i) => (i % 2 ? part : fn(part)))
    .join('');
}

export function fitJapanese(text: string, documentText: string, ctx: TermContext = {}): string {
  const staff = staffTerm(documentText);
  const incident = incidentTerm(documentText);
  const org = outsideWord(documentText, ctx.organizationType);
  return outsidePlaceholders(text, (s) => {
    let out = s;
    if (staff && staff !== '職員') out = out.replace(/(?<![役教])職員/gu, staff);
    if (incident) out = out.replace(/情報セキュリティインシデント/gu, incident.full).replace(/インシデント/gu, incident.short);
    if (org) out = out.replace(/府省庁外/gu, org.outside).replace(/庁内/gu, org.inside);
    if (ctx.csirt === false) out = out.replace(/CSIRT(?!責任者)(?=[はがにをの])/gu, 'CSIRT責任者');
    return out;
  });
}

/** "staff" → "employees" / "personnel" when the document says so. */
export function fitEnglish(text: string, documentText: string, ctx: TermContext = {}): string {
  if (ctx.csirt === false) text = text.replace(/\b([Tt]he) CSIRT\b(?! lead)/gu, '$1 CSIRT lead');
  const staff = count(documentText, /\bstaff\b/giu);
  const employees = count(documentText, /\bemployees?\b/giu);
  const personnel = count(documentText, /\bpersonnel\b/giu);
  const term = employees > staff && employees >= personnel ? 'employees' : personnel > staff ? 'personnel' : undefined;
  if (!term) return text;
  return outsidePlaceholders(text, (s) => s.replace(/\bstaff\b/gu, term).replace(/\bStaff\b/gu, term[0]!.toUpperCase() + term.slice(1)));
}

export function fitTerms(text: string, language: 'ja' | 'en', documentText: string, ctx: TermContext = {}): string {
  return language === 'ja' ? fitJapanese(text, documentText, ctx) : fitEnglish(text, documentText, ctx);
}

/**
 * The sentence a fix inserts, as an example to quote in a message: in the document's language
 * and words whatever the message's language, so that the example matches what the fix writes.
 */
export function insertedSentence(text: { en: string; ja: string }, language: 'ja' | 'en', documentText: string, ctx: TermContext = {}): { en: string; ja: string } {
  const s = fitTerms(text[language], language, documentText, ctx);
  return { en: s, ja: s };
}
