import { insertionFix } from '../fix/insert';
import { CSIRT_ROLES, ORGANIZATION_SECTION } from '../fix/topics';
import { csirtFacts } from '../set/facts';
import { missingAt, related } from './locate';
import type { Rule } from './types';

export const csirtDefined: Rule = {
  meta: {
    id: 'csirt-defined',
    clauses: ['2.1.1(6)(a)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'A CSIRT is established and its role stated', ja: 'CSIRTが整備され、その役割が明確化されている' },
    description: {
      en: 'The CISO must establish a CSIRT and make its role clear: grasp the situation, stop the damage spreading, recover, report to executives and prevent recurrence. In 2015 the pension service had no CSIRT at all, so nobody owned the response.',
      ja: '最高情報セキュリティ責任者はCSIRTを整備し、その役割（状況の把握、被害拡大防止、復旧、幹部への報告、再発防止）を明確化しなければならない。2015年の年金機構ではCSIRTの定めがなく、対処を担う者がいなかった。',
    },
    messages: {
      missing: {
        en: 'No CSIRT is established in this policy set. Unified Standard 2.1.1(6)(a) requires the CISO to establish a CSIRT and state its role; add a section that sets up the CSIRT and lists what it does.',
        ja: 'このポリシー群ではCSIRTが整備されていない。統一基準2.1.1(6)(a)は、最高情報セキュリティ責任者がCSIRTを整備し、その役割を明確化することを求めている。CSIRTを設置し、その役割を定める節を追加すること。',
      },
      noRole: {
        en: 'A CSIRT is mentioned, but its role is never stated. Unified Standard 2.1.1(6)(a) requires the role to be clear: say what the CSIRT does (grasp the situation, contain, recover, report to executives, prevent recurrence).',
        ja: 'CSIRTへの言及はあるが、その役割が定められていない。統一基準2.1.1(6)(a)は役割の明確化を求めている。CSIRTが行うこと（状況把握、被害拡大防止、復旧、幹部への報告、再発防止）を記載すること。',
      },
      relatedMention: { en: 'The CSIRT is mentioned here.', ja: 'ここでCSIRTに言及している。' },
      fixTitle: { en: 'Add a CSIRT section', ja: 'CSIRTを定める節を追加する' },
      fixText: {
        en: 'The Chief Information Security Officer establishes a CSIRT. When an information security incident occurs, the CSIRT grasps the situation, prevents the damage from spreading, coordinates recovery, reports to executives, and prevents recurrence.',
        ja: '最高情報セキュリティ責任者は、CSIRTを置く。CSIRTは、情報セキュリティインシデントが発生した場合には、状況の把握、被害の拡大防止、復旧、幹部への報告及び再発防止を行う。',
      },
      roleTitle: { en: 'State the CSIRT\'s role', ja: 'CSIRTの役割を追記する' },
      roleText: {
        en: 'The CSIRT grasps the situation, prevents the damage from spreading, coordinates recovery, reports to executives, and prevents recurrence.',
        ja: 'CSIRTは、情報セキュリティインシデントが発生した場合には、状況の把握、被害の拡大防止、復旧、幹部への報告及び再発防止を行う。',
      },
      heading: { en: 'CSIRT', ja: 'CSIRT' },
    },
  },
  check(ctx) {
    const facts = csirtFacts(ctx.index);
    if (facts.roleStatement) return;
    const { messages } = this.meta;
    if (!facts.firstMention) {
      const at = missingAt(ctx.set, ORGANIZATION_SECTION);
      ctx.report({ ...at, message: messages.missing!, fixes: [insertionFix(at.doc, messages.fixTitle!, messages.fixText!, { ...ORGANIZATION_SECTION, heading: messages.heading!, organizationType: ctx.config.organizationType })] });
      return;
    }
    const { doc, unit, mention } = facts.firstMention;
    ctx.report({ doc, span: unit.snippet.spanOfNorm(mention.start, mention.end), message: messages.noRole!, related: [related(doc, unit.snippet.span, messages.relatedMention!)], fixes: [insertionFix(doc, messages.roleTitle!, messages.roleText!, { ...CSIRT_ROLES, organizationType: ctx.config.organizationType })] });
  },
};
