import { concepts, conceptPattern } from '../../lexicon';
import { insertionFix, replacementFix } from '../fix/insert';
import { REPORTING } from '../fix/topics';
import type { DocumentModel } from '../model/document';
import { PLACEHOLDER } from '../model/mentions';
import { isOnlyPlaceholder } from '../model/placeholders';
import type { Assignment, Endpoint, Responsibility } from '../model/types';
import type { Located, ResolvedEdge, SetIndex } from '../set/resolve';
import type { Fix, Localized, Span } from '../types';
import { related } from './locate';
import { fill, type Rule, type RuleContext } from './types';

const SYSTEM_SCOPE = conceptPattern(concepts.systemScope);
const TOP = conceptPattern(concepts.topManagement);
const INCIDENT = /incident|breach|インシデント|事故|事案/iu;

export const csirtLeadConflict: Rule = {
  meta: {
    id: 'csirt-lead-conflict',
    clauses: ['2.1.1(6)(c)'],
    severity: 'warning',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'The CSIRT lead does not report on systems they run', ja: 'CSIRT責任者が自ら所管する情報システムについて報告する立場にない' },
    description: {
      en: 'The guideline to 2.1.1(6)(c): when the CSIRT lead also owns or runs the information systems, the two posts conflict; for incidents in those systems the lead may not report to the CISO, report only part of the facts, or report late. The lead is whoever leads the incident response, whatever the post is called (the CSIRT lead or its holder, an incident commander, a CTO or IT manager said to lead the response or decide the mitigations of incidents) or, where the set names no lead, the post that carries incidents to the top (the liaison to the board and the police); running the systems is the system owner role or a statement that the same post operates, runs or administers the information systems or their security controls. Either give the lead to someone independent of system operation (a statement of that independence keeps the set clean), or give another post a direct line to the CISO (to the board or executive management where the set has no CISO) for those incidents. In 2015 the people who ran the systems were the ones who had to report on them.',
      ja: 'ガイドライン（2.1.1(6)(c)）は、CSIRT責任者が情報システムを所管している場合、二つの役職が利害相反関係にあるため、最高情報セキュリティ責任者等の幹部に報告を上げない、事実関係の一部しか報告しない、報告を遅らせるなどのおそれがあるとする。ここでいう責任者は、呼び名にかかわらずインシデント対応を統括する者（CSIRT責任者又はこれに充てられた職、インシデント対応を指揮し又は対処方針を決定するとされた職。責任者の定めがない場合は、取締役会・警察との窓口としてインシデントを上に伝える職）であり、情報システムの所管とは、情報システムセキュリティ責任者であること又は同じ職が情報システムやそのセキュリティ対策を運用・管理するとの定めである。責任者に情報システムを所管しない者を充てるか（その旨の定めがあれば該当しない）、責任者以外の者に最高情報セキュリティ責任者（置かれていなければ経営層）への報告の役割を与えること。',
    },
    messages: {
      sameHolder: {
        en: 'The CSIRT lead ({holder}) is also the system owner. For incidents in the systems they run, the lead may not report to the CISO, may report only part of the facts, or may report late (guideline to 2.1.1(6)(c)). Appoint a CSIRT lead independent of system operation, or give another post a direct reporting line to the CISO for those incidents.',
        ja: 'CSIRT責任者（{holder}）が情報システムセキュリティ責任者を兼ねている。所管する情報システムのインシデントについて、最高情報セキュリティ責任者に報告を上げない、事実関係の一部しか報告しない、報告を遅らせるおそれがある（ガイドライン2.1.1(6)(c)）。情報システムを所管しない者をCSIRT責任者に充てるか、CSIRT責任者以外の者に最高情報セキュリティ責任者への直接の報告の役割を与えること。',
      },
      operates: {
        en: '{Post} leads the incident response and is responsible for operating {systems}. For incidents in those systems, the lead may not report to the CISO or the executives, may report only part of the facts, or may report late (guideline to 2.1.1(6)(c)). Give the lead to a post independent of system operation, or give another post a direct reporting line to the CISO (where there is none, to the board or executive management) for those incidents.',
        ja: '{post}がインシデント対応を統括し、かつ{systems}の運用を担うとされている。当該システムのインシデントについて、最高情報セキュリティ責任者等の幹部に報告を上げない、事実関係の一部しか報告しない、報告を遅らせるおそれがある（ガイドライン2.1.1(6)(c)）。情報システムの運用を担わない者にインシデント対応を統括させるか、他の者に最高情報セキュリティ責任者（置かれていなければ経営層）への直接の報告の役割を与えること。',
      },
      reporterOperates: {
        en: '{Post} is the one who carries incidents upward and is responsible for operating {systems}, and no other post reports those incidents to the CISO or the executives. For incidents in those systems, it may not report them, may report only part of the facts, or may report late (guideline to 2.1.1(6)(c)). Give another post, independent of system operation, a direct reporting line to the CISO (where there is none, to the board or executive management) for those incidents.',
        ja: '{post}がインシデントを上に伝える立場にあり、かつ{systems}の運用を担うとされているが、他に最高情報セキュリティ責任者等の幹部へ報告する者が定められていない。当該システムのインシデントについて、報告を上げない、事実関係の一部しか報告しない、報告を遅らせるおそれがある（ガイドライン2.1.1(6)(c)）。情報システムの運用を担わない者に最高情報セキュリティ責任者（置かれていなければ経営層）への直接の報告の役割を与えること。',
      },
      relatedSystem: { en: 'The same post is the system owner here.', ja: 'ここで同じ役職が情報システムセキュリティ責任者とされている。' },
      relatedLead: { en: 'Here the same post is made the lead of the incident response.', ja: 'ここで同じ役職がインシデント対応を統括するとされている。' },
      relatedLine: { en: 'Here the same post carries incidents to {line}.', ja: 'ここで同じ役職が{line}への窓口とされている。' },
      fixIndependent: { en: 'Appoint a CSIRT lead independent of system operation', ja: '情報システムを所管しない者をCSIRT責任者に充てる' },
      fixReporter: { en: 'Give another post a direct line to the CISO for incidents in the lead\'s systems', ja: 'CSIRT責任者以外の者にCISOへの報告の役割を与える' },
      reporterText: {
        en: 'For incidents in information systems owned by the CSIRT lead, the `<post>` reports to the Chief Information Security Officer immediately.',
        ja: 'CSIRT責任者が所管する情報システムに係る情報セキュリティインシデントについては、〔役職名〕が最高情報セキュリティ責任者に直ちに報告する。',
      },
      reporterTextPost: {
        en: 'For incidents in the systems run by {post}, the `<post>` reports to the Chief Information Security Officer immediately.',
        ja: '{post}が運用する情報システムに係る情報セキュリティインシデントについては、〔役職名〕が最高情報セキュリティ責任者に直ちに報告する。',
      },
      independentHolder: { en: '`<post independent of system operation>`', ja: '〔情報システムを所管しない役職名〕' },
      theSystems: { en: 'the information systems', ja: '情報システム' },
    },
  },
  check(ctx) {
    const conflict = findConflict(ctx);
    if (!conflict) return;
    const { messages } = this.meta;
    const { lead, operator } = conflict;

    if (lead.how === 'assigned' && operator.how !== 'statement') {
      const { doc, item } = lead.assignment!;
      const owner = operator.assignment;
      ctx.report({
        doc,
        span: item.span,
        message: fill(messages.sameHolder!, { holder: item.holder.display }),
        related: owner ? [related(owner.doc, owner.item.span, messages.relatedSystem!)] : [],
        fixes: [independentLeadFix(doc, item.holder.span), reporterFix(doc, undefined)],
      });
      return;
    }
    const doc = operator.doc;
    const name = postName(ctx.index, operator.ep);
    const systems = operator.object ? cut(operator.doc.text.slice(operator.object.start, operator.object.end)) : undefined;
    const params = { post: name, Post: capitalized(name), systems: systems ? { en: systems, ja: systems } : messages.theSystems! };
    const rel: ReturnType<typeof related>[] = [];
    const sameSpan = lead.doc === operator.doc && lead.span && lead.span.start === operator.span.start;
    if (lead.span && !sameSpan) rel.push(related(lead.doc, lead.span, lead.how === 'upward' ? fill(messages.relatedLine!, { line: lead.line! }) : messages.relatedLead!));
    const fixes: Fix[] = [];
    // Giving the lead to someone else ends the conflict only where the lead is a post written in
    // its assignment or statement (not the CSIRT lead role the operating sentence itself names),
    // in the document the finding is in (a fix edits that document).
    if (lead.doc === doc && lead.how === 'assigned' && operator.ep.role !== 'csirt-lead') fixes.push(independentLeadFix(doc, lead.assignment!.item.holder.span));
    // (Not where one sentence says both: renaming its subject would rename the operator too.)
    if (lead.doc === doc && lead.how === 'statement' && !sameSpan && !lead.responsibility!.inherited && lead.ep.role !== 'csirt-lead') fixes.push(independentLeadFix(doc, lead.ep.span));
    fixes.push(reporterFix(doc, operator.ep.role === 'csirt-lead' || lead.how === 'assigned' ? undefined : name));
    ctx.report({
      doc,
      span: operator.span,
      message: fill(lead.how === 'upward' ? messages.reporterOperates! : messages.operates!, params),
      related: rel,
      fixes,
    });
  },
};

type Post = { ep: Endpoint; doc: DocumentModel; span: Span | undefined; tokens: Set<string> };
interface Lead extends Post {
  how: 'assigned' | 'statement' | 'role' | 'upward';
  assignment?: Located<Assignment>;
  responsibility?: Responsibility;
  /** For an upward line: whom it reaches (the board, the police …). */
  line?: Localized;
}
interface Operator extends Post {
  how: 'assigned' | 'role' | 'statement';
  assignment?: Located<Assignment>;
  object?: Span | undefined;
  span: Span;
}

interface Conflict {
  lead: Lead;
  operator: Operator;
}

/**
 * The lead of the incident response and the operator of the systems being one post, with no
 * independent reporter (checks.md "Independent reporter") and no statement of independence.
 */
function findConflict(ctx: RuleContext): Conflict | undefined {
  const { index } = ctx;
  // A placeholder post (「〔役職名〕は、…の運用管理を所掌する」) is nobody yet: it neither leads nor operates.
  const responsibilities = index.set.members.flatMap((doc) => doc.responsibilities.filter((r) => !isOnlyPlaceholder(r.post.display)).map((r) => ({ r, doc })));
  const memo = new Map<Endpoint, Set<string>>();
  const holderKeys = new Map<string, string[]>();
  const tokens = (ep: Endpoint): Set<string> => {
    let t = memo.get(ep);
    if (!t) memo.set(ep, (t = postTokens(index, ep, holderKeys)));
    return t;
  };
  const anyDoc = index.set.root;

  const leads: Lead[] = [];
  for (const a of index.namedHoldersOf('csirt-lead')) leads.push({ how: 'assigned', ep: a.item.holder, doc: a.doc, span: a.item.span, tokens: new Set([...tokens(a.item.holder), 'role:csirt-lead']), assignment: a });
  for (const { r, doc } of responsibilities) if (r.kind === 'leads') leads.push({ how: 'statement', ep: r.post, doc, span: r.span, tokens: tokens(r.post), responsibility: r });
  // The CSIRT lead itself, written as such or as a post identified as it (「リーダーは、CSIRTの業務を統括する」).
  const leadRole = roleEndpoint(ctx, 'csirt-lead');
  const leadAppears =
    index.mentions('csirt-lead').length > 0 ||
    index.edges.some((e) => e.from.includes('csirt-lead') || e.to.includes('csirt-lead')) ||
    responsibilities.some(({ r }) => r.post.role === 'csirt-lead');
  if (leadAppears) leads.push({ how: 'role', ep: leadRole, doc: anyDoc, span: undefined, tokens: tokens(leadRole) });

  const hasCiso = index.mentions('ciso').length > 0;
  const toTop = (e: ResolvedEdge): boolean => (hasCiso ? e.to.includes('ciso') : isTop(e.edge.to));
  if (!leads.length) {
    // No lead is named: the post that carries incidents to the top is the one who reports on them.
    for (const { r, doc } of responsibilities) {
      if (r.kind !== 'liaison' || !r.to) continue;
      const tops = r.to.filter(isTop);
      const aboutIncidents = r.to.some((t) => t.role === 'police') || INCIDENT.test(doc.text.slice(r.span.start, r.span.end));
      if (!tops.length || !aboutIncidents) continue;
      leads.push({ how: 'upward', ep: r.post, doc, span: r.span, tokens: tokens(r.post), responsibility: r, line: names(r.to.filter((t) => !t.vague)) });
    }
    for (const e of index.edges) {
      const from = e.edge.from;
      if (!from || from.implicit || from.generic || !isTop(e.edge.to) || (from.role && !ctx.lexicon.isAssignable(from.role))) continue;
      if (!INCIDENT.test(e.doc.text.slice(e.edge.span.start, e.edge.span.end))) continue;
      leads.push({ how: 'upward', ep: from, doc: e.doc, span: e.edge.span, tokens: tokens(from), line: names([e.edge.to]) });
    }
  }
  if (!leads.length) return undefined;

  const operators: Operator[] = [];
  for (const a of index.namedHoldersOf('system-security-officer')) operators.push({ how: 'assigned', ep: a.item.holder, doc: a.doc, span: a.item.span, tokens: new Set([...tokens(a.item.holder), 'role:system-security-officer']), assignment: a });
  // The lead whose holder is the system role itself (「CSIRT責任者は、情報システムセキュリティ責任者とする」).
  operators.push({ how: 'role', ep: roleEndpoint(ctx, 'system-security-officer'), doc: anyDoc, span: { start: 0, end: 0 }, tokens: new Set(['role:system-security-officer']) });
  for (const { r, doc } of responsibilities) if (r.kind === 'operates') operators.push({ how: 'statement', ep: r.post, doc, span: r.span, object: r.object, tokens: tokens(r.post) });

  const independent = responsibilities.filter(({ r }) => r.kind === 'independent').map(({ r }) => r.post);
  // A statement that the lead — the CSIRT lead, an incident commander, whatever it is called — is
  // independent of system operation speaks of every lead of the set.
  if (independent.some((p) => p.role === 'csirt-lead')) return undefined;
  const independentTokens = new Set(independent.flatMap((p) => [...tokens(p)]));

  const operatorTokens = new Set(operators.filter((o) => o.how !== 'role').flatMap((o) => [...o.tokens]));
  // Operators by token, in reading order: a lead finds the first one it shares a token with.
  const byToken = new Map<string, number[]>();
  operators.forEach((o, i) => {
    for (const t of o.tokens) byToken.set(t, [...(byToken.get(t) ?? []), i]);
  });
  const reporters = reporterEdges(index, tokens, toTop);
  const seen = new Set<string>();
  for (const lead of leads) {
    if (intersects(lead.tokens, independentTokens)) continue;
    const signature = `${lead.how === 'assigned'}|${[...lead.tokens].sort().join('|')}`;
    if (seen.has(signature)) continue;
    seen.add(signature);
    let first = Infinity;
    for (const t of lead.tokens) for (const i of byToken.get(t) ?? []) if (i < first && (operators[i]!.how !== 'role' || lead.how === 'assigned')) first = i;
    if (first === Infinity) continue;
    if (independentReporter(reporters, lead, operatorTokens)) continue;
    return { lead, operator: operators[first]! };
  }
  return undefined;
}

interface ReporterEdge {
  tokens: Set<string>;
  /** From the CSIRT lead or the CSIRT (no independent line when the conflicted post is the CSIRT lead). */
  csirt: boolean;
}

/** Edges to the CISO (to the top where there is none) that could be an independent reporter's. */
function reporterEdges(index: SetIndex, tokens: (ep: Endpoint) => Set<string>, toTop: (e: ResolvedEdge) => boolean): ReporterEdge[] {
  const out: ReporterEdge[] = [];
  for (const e of index.edges) {
    const from = e.edge.from;
    if (!from || !toTop(e)) continue;
    if (e.from.includes('staff') || e.from.includes('system-security-officer')) continue;
    if (e.edge.condition && !SYSTEM_SCOPE.test(e.edge.condition.text)) continue;
    out.push({ tokens: tokens(from), csirt: e.from.some((n) => n === 'csirt-lead' || n === 'csirt') });
  }
  return out;
}

/**
 * An independent reporter: an edge to the CISO (to the top where the set has no CISO) from a post
 * other than the lead and its holder, other than a post that runs systems, the staff at large,
 * or the CSIRT the conflicted lead heads; covering all incidents or those in the lead's systems.
 */
function independentReporter(reporters: ReporterEdge[], lead: Lead, operatorTokens: Set<string>): boolean {
  const isCsirtLead = lead.tokens.has('role:csirt-lead');
  return reporters.some((r) => !(isCsirtLead && r.csirt) && !intersects(r.tokens, lead.tokens) && !intersects(r.tokens, operatorTokens));
}

/** What identifies a post across the set: its key, the roles it holds, and the holders of its role. */
function postTokens(index: SetIndex, ep: Endpoint, holderKeys: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  const key = index.key(ep);
  if (key) out.add(key);
  for (const n of index.nodes(ep)) out.add(n.startsWith('title:') ? n : `role:${n}`);
  if (ep.role) {
    let keys = holderKeys.get(ep.role);
    if (!keys) holderKeys.set(ep.role, (keys = index.namedHoldersOf(ep.role).flatMap((a) => index.key(a.item.holder) ?? [])));
    for (const k of keys) out.add(k);
  }
  return out;
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function isTop(ep: Endpoint): boolean {
  return ep.role === 'ciso' || TOP.test(ep.display.toLowerCase());
}

function roleEndpoint(ctx: RuleContext, role: string): Endpoint {
  return { role, title: undefined, display: ctx.lexicon.roleName(role).en, span: { start: 0, end: 0 }, generic: false, roleLike: true, base: undefined };
}

const LATIN = /^[\p{Script=Latin}\d\s&'’.,()/-]+$/u;

/** How a message names a post: "the CTO", "the CSIRT lead (Head of Digital Services)", 「情報システム部長」. */
function postName(index: SetIndex, ep: Endpoint): Localized {
  const latin = LATIN.test(ep.display);
  let en: string;
  let ja: string;
  if (ep.role) {
    const [lexEn, lexJa] = [lexiconName(ep.role, 'en'), lexiconName(ep.role, 'ja')];
    en = latin ? withArticle(ep.display) : ep.display === lexJa ? `the ${lexEn}` : `the ${lexEn} (${ep.display})`;
    ja = !latin ? ep.display : ep.display.toLowerCase() === lexEn.toLowerCase() ? lexJa : `${lexJa}（${ep.display}）`;
  } else {
    en = latin ? withArticle(ep.display) : ep.display;
    ja = ep.display;
  }
  // A placeholder a fix left (〔役職名〕, `<post>`) names no holder.
  const holder = ep.role === 'csirt-lead' ? index.holdersOf('csirt-lead').find((a) => !new RegExp(PLACEHOLDER.source, 'u').test(a.item.holder.display))?.item.holder : undefined;
  if (!holder || holder.display === ep.display) return { en, ja };
  return { en: `${en} (${holder.display})`, ja: `${ja}（${holder.display}）` };
}

function withArticle(s: string): string {
  return /^the\s/iu.test(s) ? s : `the ${s}`;
}

function lexiconName(role: string, lang: 'en' | 'ja'): string {
  if (role === 'csirt-lead') return lang === 'en' ? 'CSIRT lead' : 'CSIRT責任者';
  if (role === 'system-security-officer') return lang === 'en' ? 'system owner' : '情報システムセキュリティ責任者';
  return role;
}

function capitalized(l: Localized): Localized {
  return { en: l.en.charAt(0).toUpperCase() + l.en.slice(1), ja: l.ja };
}

function names(eps: Endpoint[]): Localized {
  const list = eps.map((e) => e.display);
  const en = list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  return { en: LATIN.test(en) ? withArticle(en) : en, ja: list.join('・') };
}

/** A span of the source as a short phrase for a message. */
function cut(text: string): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length <= 80 ? t : `${t.slice(0, 77).replace(/\s+\S*$/u, '')}…`;
}

function independentLeadFix(doc: DocumentModel, holder: Span): Fix {
  const m = csirtLeadConflict.meta.messages;
  return replacementFix(doc, m.fixIndependent!, holder.start, holder.end, m.independentHolder![doc.language], 'review');
}

/** The independent reporter's sentence (to the CISO, as checks.md words it), naming the conflicted post when that is not the CSIRT lead. */
function reporterFix(doc: DocumentModel, post: Localized | undefined): Fix {
  const m = csirtLeadConflict.meta.messages;
  const under = { under: [/csirt責任者|csirt lead/iu, ...REPORTING.under!] };
  return insertionFix(doc, m.fixReporter!, post ? fill(m.reporterTextPost!, { post }) : m.reporterText!, under);
}
