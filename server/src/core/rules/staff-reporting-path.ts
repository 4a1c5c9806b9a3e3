import { insertionFix } from '../fix/insert';
import { insertedSentence } from '../fix/terms';
import { REPORTING } from '../fix/topics';
import { contactPointDefined, staffReportDesks } from '../set/facts';
import { graphOf } from '../set/graph';
import { fitting, missingAt } from './locate';
import { fill, type Rule } from './types';

export const staffReportingPath: Rule = {
  meta: {
    id: 'staff-reporting-path',
    clauses: ['2.2.4(2)(a)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'Staff report incidents to the contact point', ja: '職員が報告窓口へ報告する' },
    description: {
      en: 'Unified Standard 2.2.4(2)(a): staff who become aware of an incident report it to the contact point and follow its instructions. A contact point that staff are never told to use is not a reporting path.',
      ja: '統一基準2.2.4(2)(a)は、情報セキュリティインシデントを認知した行政事務従事者が報告窓口へ報告し、指示に従うことを求めている。職員に窓口への報告が義務付けられていなければ、報告経路にならない。',
    },
    messages: {
      missing: {
        en: 'Nothing tells staff to report incidents to the contact point. Unified Standard 2.2.4(2)(a) requires staff who notice an incident to report it to the contact point and follow its instructions; add, for example, "{example}"',
        ja: '職員が報告窓口へ報告する旨が定められていない。統一基準2.2.4(2)(a)は、インシデントを認知した行政事務従事者が報告窓口へ報告し、指示に従うことを求めている。例:「{example}」',
      },
      fixTitle: { en: 'Tell staff to report to the contact point', ja: '職員から報告窓口への報告を定める' },
      fixText: {
        en: 'Staff who become aware of an information security incident report it to the reporting contact point immediately and follow its instructions.',
        ja: '職員は、情報セキュリティインシデントを認知した場合には、直ちに報告窓口に報告し、その指示に従う。',
      },
    },
  },
  check(ctx) {
    // No contact point → reporting-contact-defined already reports it.
    if (!contactPointDefined(ctx.index)) return;
    if (graphOf(ctx.index).reaches('staff', 'contact-point')) return;
    // Staff told to report to a team or desk of the organization, or to the CSIRT itself, report
    // to their contact point (checks.md "Contact points").
    if (staffReportDesks(ctx.index).length) return;
    const at = missingAt(ctx.set, REPORTING);
    const m = this.meta.messages;
    ctx.report({ ...at, message: fill(m.missing!, { example: insertedSentence(m.fixText!, at.doc.language, at.doc.text, { ...REPORTING, ...fitting(ctx) }) }), fixes: [insertionFix(at.doc, m.fixTitle!, m.fixText!, { ...REPORTING, ...fitting(ctx) })] });
  },
};
