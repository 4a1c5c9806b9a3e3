import { insertionFix } from '../fix/insert';
import { CONTACT_POINT } from '../fix/topics';
import { contactPointDefined } from '../set/facts';
import { fitting, missingAt } from './locate';
import type { Rule } from './types';

export const reportingContactDefined: Rule = {
  meta: {
    id: 'reporting-contact-defined',
    clauses: ['2.2.4(1)(a)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'A reporting contact point is defined', ja: '報告窓口が定められている' },
    description: {
      en: 'Staff who notice an incident need one place to report it. Unified Standard 2.2.4(1)(a) requires a reporting procedure that includes a reporting contact point. In 2015 suspicious e-mail was handled locally because there was nowhere defined to report it.',
      ja: 'インシデントに気付いた職員には、報告先が一つ定まっている必要がある。統一基準2.2.4(1)(a)は、報告窓口を含む報告手順の整備を求めている。2015年の事案では報告先が定まっておらず、不審メールが現場限りで処理された。',
    },
    messages: {
      missing: {
        en: 'No reporting contact point is defined. Unified Standard 2.2.4(1)(a) requires a reporting procedure that includes a contact point; state which office receives incident reports and how to reach it (phone, e-mail, out of hours).',
        ja: '報告窓口が定められていない。統一基準2.2.4(1)(a)は、報告窓口を含む報告手順の整備を求めている。インシデントの報告を受け付ける部署と連絡方法（電話、メール、夜間休日）を定めること。',
      },
      fixTitle: { en: 'Define the reporting contact point', ja: '報告窓口を定める' },
      fixText: {
        en: 'The reporting contact point for information security incidents is the `<office>` (phone: `<number>`, e-mail: `<address>`; outside office hours: `<number>`).',
        ja: '情報セキュリティインシデントの報告窓口は、〔部署名〕に置く（電話：〔番号〕、電子メール：〔アドレス〕、夜間・休日：〔番号〕）。',
      },
      heading: { en: 'Reporting contact point', ja: '報告窓口' },
    },
  },
  check(ctx) {
    if (contactPointDefined(ctx.index)) return;
    const at = missingAt(ctx.set, CONTACT_POINT);
    const m = this.meta.messages;
    ctx.report({ ...at, message: m.missing!, fixes: [insertionFix(at.doc, m.fixTitle!, m.fixText!, { ...CONTACT_POINT, heading: m.heading!, ...fitting(ctx) })] });
  },
};
