import { insertionFix } from '../fix/insert';
import { CONTACT_POINT } from '../fix/topics';
import { concepts, conceptPattern } from '../../lexicon';
import { contactPointDefined, unitsMatching } from '../set/facts';
import { fitting, missingAt } from './locate';
import type { Rule } from './types';

const MADE_KNOWN = conceptPattern(concepts.madeKnown);
const REPORTING = conceptPattern(concepts.reportingTopic);

export const reportingProcedureKnown: Rule = {
  meta: {
    id: 'reporting-procedure-known',
    clauses: ['2.2.4(1)(a)'],
    severity: 'warning',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'The reporting procedure is made known to staff', ja: '報告手順が職員に周知されている' },
    description: {
      en: 'A contact point nobody knows about receives no reports. Unified Standard 2.2.4(1)(a) requires the reporting procedure to be made known to all staff (training, notices, the intranet); the 2015 recommendation asked for the CSIRT\'s role and contact point to be made known to every employee.',
      ja: '知られていない窓口には報告が届かない。統一基準2.2.4(1)(a)は、報告手順を行政事務従事者に周知することを求めている。2015年の勧告も、CSIRTの役割や窓口等を全職員に周知徹底するよう求めた。',
    },
    messages: {
      missing: {
        en: 'Nothing says how the reporting procedure is made known to staff. Unified Standard 2.2.4(1)(a) requires it to be communicated; state how (training, intranet notice, onboarding) and how often.',
        ja: '報告手順を職員に周知する方法が定められていない。統一基準2.2.4(1)(a)は報告手順の周知を求めている。周知の方法（研修、掲示、着任時説明など）と頻度を定めること。',
      },
      fixTitle: { en: 'State how the reporting procedure is made known', ja: '報告手順の周知方法を定める' },
      fixText: {
        en: 'The chief security officer makes the reporting contact point and the reporting procedure known to all staff through onboarding and annual training, and keeps them posted on the intranet.',
        ja: '統括情報セキュリティ責任者は、報告窓口及び報告手順を、着任時の説明及び年1回の研修により全ての職員に周知するとともに、庁内ポータルに常時掲示する。',
      },
    },
  },
  check(ctx) {
    // No contact point → reporting-contact-defined already reports the gap.
    if (!contactPointDefined(ctx.index)) return;
    const known = unitsMatching(ctx.index, MADE_KNOWN, (ref) => REPORTING.test(ref.unit.snippet.norm) || (ref.unit.section !== undefined && REPORTING.test(ref.unit.section.snippet.norm)));
    if (known.length) return;
    const at = missingAt(ctx.set, CONTACT_POINT);
    const m = this.meta.messages;
    ctx.report({ ...at, message: m.missing!, fixes: [insertionFix(at.doc, m.fixTitle!, m.fixText!, { ...CONTACT_POINT, ...fitting(ctx) })] });
  },
};
