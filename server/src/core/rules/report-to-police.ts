import { insertionFix } from '../fix/insert';
import { insertedSentence } from '../fix/terms';
import { REPORTING } from '../fix/topics';
import { fitting, missingAt } from './locate';
import { fill, type Rule } from './types';

export const reportToPolice: Rule = {
  meta: {
    id: 'report-to-police',
    clauses: ['2.2.4(2)(f)'],
    severity: 'warning',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'Cyber attacks are reported to the police', ja: 'サイバー攻撃は警察へ通報される' },
    description: {
      en: 'Unified Standard 2.2.4(2)(f): when an incident is, or may be, a cyber attack, the CSIRT reports it to the police as its nature requires. A policy that never mentions the police leaves that decision to chance.',
      ja: '統一基準2.2.4(2)(f)は、認知したインシデントがサイバー攻撃又はそのおそれのあるものである場合に、その内容に応じて警察への通報・連絡等を行うことを求めている。警察への通報が定められていなければ、その判断が偶然に委ねられる。',
    },
    messages: {
      missing: {
        en: 'Nothing says that cyber attacks are reported to the police. Unified Standard 2.2.4(2)(f) requires a report to the police when an incident is or may be a cyber attack; add, for example, "{example}"',
        ja: 'サイバー攻撃の場合の警察への通報が定められていない。統一基準2.2.4(2)(f)は、サイバー攻撃又はそのおそれがある場合の警察への通報・連絡等を求めている。例:「{example}」',
      },
      otherCondition: {
        en: 'The police are contacted only under another condition ("{condition}"), not for cyber attacks. Unified Standard 2.2.4(2)(f) requires a report to the police when an incident is or may be a cyber attack.',
        ja: '警察への連絡が別の条件（「{condition}」）でしか定められておらず、サイバー攻撃の場合が含まれていない。統一基準2.2.4(2)(f)は、サイバー攻撃又はそのおそれがある場合の通報を求めている。',
      },
      fixTitle: { en: 'Add the report to the police for cyber attacks', ja: 'サイバー攻撃の場合の警察への通報を定める' },
      fixText: {
        en: 'If an information security incident is or may be a cyber attack, the CSIRT reports it to the police.',
        ja: 'CSIRTは、情報セキュリティインシデントがサイバー攻撃又はそのおそれのあるものである場合には、警察に通報する。',
      },
    },
  },
  check(ctx) {
    const toPolice = ctx.index.edges.filter((e) => e.to.includes('police'));
    if (toPolice.some((e) => !e.edge.condition || e.edge.condition.cyber)) return;
    const { messages } = this.meta;
    const other = toPolice[0];
    if (other) {
      const condition = other.edge.condition!.text;
      ctx.report({ doc: other.doc, span: other.edge.span, message: fill(messages.otherCondition!, { condition }), fixes: [insertionFix(other.doc, messages.fixTitle!, messages.fixText!, { ...REPORTING, ...fitting(ctx) })] });
      return;
    }
    const at = missingAt(ctx.set, REPORTING);
    ctx.report({ ...at, message: fill(messages.missing!, { example: insertedSentence(messages.fixText!, at.doc.language, at.doc.text, { ...REPORTING, ...fitting(ctx) }) }), fixes: [insertionFix(at.doc, messages.fixTitle!, messages.fixText!, { ...REPORTING, ...fitting(ctx) })] });
  },
};
