import { concepts, conceptPattern } from '../../lexicon';
import { insertionFix, replacementFix } from '../fix/insert';
import { REPORTING } from '../fix/topics';
import { holderKey } from '../model/holders';
import { afterMention } from '../model/grammar';
import type { Assignment } from '../model/types';
import { unitsOf, type UnitRef } from '../set/facts';
import type { Located } from '../set/resolve';
import { related } from './locate';
import { fill, type Rule, type RuleContext } from './types';

const OPERATES = conceptPattern(concepts.operatesSystems);
const SYSTEM_SCOPE = conceptPattern(concepts.systemScope);

export const csirtLeadConflict: Rule = {
  meta: {
    id: 'csirt-lead-conflict',
    clauses: ['2.1.1(6)(c)'],
    severity: 'warning',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'The CSIRT lead does not report on systems they run', ja: 'CSIRT責任者が自ら所管する情報システムについて報告する立場にない' },
    description: {
      en: 'The guideline to 2.1.1(6)(c): when the CSIRT lead also owns or runs the information systems, the two posts conflict; for incidents in those systems the lead may not report to the CISO, report only part of the facts, or report late. Either give the CSIRT lead to someone independent of system operation, or give another post a direct line to the CISO for those incidents. In 2015 the people who ran the systems were the ones who had to report on them.',
      ja: 'ガイドライン（2.1.1(6)(c)）は、CSIRT責任者が情報システムを所管している場合、二つの役職が利害相反関係にあるため、最高情報セキュリティ責任者等の幹部に報告を上げない、事実関係の一部しか報告しない、報告を遅らせるなどのおそれがあるとする。CSIRT責任者に情報システムを所管しない者を充てるか、CSIRT責任者以外の者に最高情報セキュリティ責任者への報告の役割を与えること。',
    },
    messages: {
      sameHolder: {
        en: 'The CSIRT lead ({holder}) is also the system owner. For incidents in the systems they run, the lead may not report to the CISO, may report only part of the facts, or may report late (guideline to 2.1.1(6)(c)). Appoint a CSIRT lead independent of system operation, or give another post a direct reporting line to the CISO for those incidents.',
        ja: 'CSIRT責任者（{holder}）が情報システムセキュリティ責任者を兼ねている。所管する情報システムのインシデントについて、最高情報セキュリティ責任者に報告を上げない、事実関係の一部しか報告しない、報告を遅らせるおそれがある（ガイドライン2.1.1(6)(c)）。情報システムを所管しない者をCSIRT責任者に充てるか、CSIRT責任者以外の者に最高情報セキュリティ責任者への直接の報告の役割を与えること。',
      },
      operates: {
        en: 'The CSIRT lead is described as running the information systems. For incidents in those systems, the lead may not report to the CISO, may report only part of the facts, or may report late (guideline to 2.1.1(6)(c)). Appoint a CSIRT lead independent of system operation, or give another post a direct reporting line to the CISO for those incidents.',
        ja: 'CSIRT責任者が情報システムを所管（管理・運用）する旨が定められている。当該情報システムのインシデントについて、最高情報セキュリティ責任者に報告を上げない、事実関係の一部しか報告しない、報告を遅らせるおそれがある（ガイドライン2.1.1(6)(c)）。情報システムを所管しない者をCSIRT責任者に充てるか、CSIRT責任者以外の者に最高情報セキュリティ責任者への直接の報告の役割を与えること。',
      },
      relatedSystem: { en: 'The same post is the system owner here.', ja: 'ここで同じ役職が情報システムセキュリティ責任者とされている。' },
      fixIndependent: { en: 'Appoint a CSIRT lead independent of system operation', ja: '情報システムを所管しない者をCSIRT責任者に充てる' },
      fixReporter: { en: 'Give another post a direct line to the CISO for incidents in the lead\'s systems', ja: 'CSIRT責任者以外の者にCISOへの報告の役割を与える' },
      reporterText: {
        en: 'For incidents in information systems owned by the CSIRT lead, the `<post>` reports to the Chief Information Security Officer immediately.',
        ja: 'CSIRT責任者が所管する情報システムに係る情報セキュリティインシデントについては、〔役職名〕が最高情報セキュリティ責任者に直ちに報告する。',
      },
      independentHolder: { en: '`<post independent of system operation>`', ja: '〔情報システムを所管しない役職名〕' },
    },
  },
  check(ctx) {
    const { index } = ctx;
    const leads = index.holdersOf('csirt-lead');
    const owners = index.holdersOf('system-security-officer');
    const { messages } = this.meta;
    let lead: Located<Assignment> | undefined;
    let owner: Located<Assignment> | undefined;
    for (const l of leads) {
      const lk = key(l.item);
      if (l.item.holder.role === 'system-security-officer') {
        lead = l;
        break;
      }
      owner = owners.find((o) => key(o.item) === lk);
      if (owner) {
        lead = l;
        break;
      }
    }
    const operating = lead ? undefined : operatesSystems(ctx);
    if (!lead && !operating) return;
    if (mitigated(ctx, leads)) return;

    if (lead) {
      const { doc, item } = lead;
      ctx.report({
        doc,
        span: item.span,
        message: fill(messages.sameHolder!, { holder: item.holder.display }),
        related: owner ? [related(owner.doc, owner.item.span, messages.relatedSystem!)] : [],
        fixes: [
          replacementFix(doc, messages.fixIndependent!, item.holder.span.start, item.holder.span.end, messages.independentHolder![doc.language], 'review'),
          reporterFix(doc),
        ],
      });
      return;
    }
    const { doc, unit } = operating!;
    ctx.report({ doc, span: unit.snippet.span, message: messages.operates!, fixes: [reporterFix(doc)] });
  },
};

function key(a: Assignment): string {
  return a.holder.title ? holderKey(a.holder.title) : `role:${a.holder.role}`;
}

function reporterFix(doc: Parameters<typeof insertionFix>[0]) {
  const m = csirtLeadConflict.meta.messages;
  return insertionFix(doc, m.fixReporter!, m.reporterText!, { under: [/csirt責任者|csirt lead/iu, ...REPORTING.under!] });
}

/** 「CSIRT責任者は、情報システムの運用管理を所掌する」 — the lead (or its holder) as topic, operating systems. */
function operatesSystems(ctx: RuleContext): UnitRef | undefined {
  const leadNodes = (n: string[]) => n.includes('csirt-lead');
  for (const ref of unitsOf(ctx.index)) {
    if (ref.unit.kind !== 'sentence') continue;
    const topic = ref.mentions.find((m) => /^(?:は|が|では)/u.test(afterMention(ref.unit.snippet.norm, m)) || !/[\p{Script=Han}]/u.test(ref.unit.snippet.norm));
    if (!topic) continue;
    const nodes = ctx.index.nodes({ role: topic.role, title: topic.title, display: topic.display, span: { start: 0, end: 0 }, generic: false, roleLike: true, base: undefined });
    if (leadNodes(nodes) && OPERATES.test(ref.unit.snippet.norm.slice(topic.end))) return ref;
  }
  return undefined;
}

/**
 * An independent reporter: an edge to the CISO from a post other than the CSIRT lead, its team or
 * its holder, covering all incidents or those in the lead's systems.
 */
function mitigated(ctx: RuleContext, leads: Array<Located<Assignment>>): boolean {
  const leadKeys = new Set(leads.map((l) => key(l.item)));
  return ctx.index.edges.some((e) => {
    if (!e.to.includes('ciso') || !e.edge.from) return false;
    if (e.from.some((n) => n === 'csirt-lead' || n === 'csirt' || n === 'system-security-officer')) return false;
    const fromKey = e.edge.from.title ? holderKey(e.edge.from.title) : `role:${e.edge.from.role}`;
    if (leadKeys.has(fromKey)) return false;
    if (e.from.includes('staff')) return false;
    return !e.edge.condition || SYSTEM_SCOPE.test(e.edge.condition.text);
  });
}
