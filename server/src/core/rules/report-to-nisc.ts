import { insertionFix } from '../fix/insert';
import { insertedSentence } from '../fix/terms';
import { REPORTING } from '../fix/topics';
import { graphOf } from '../set/graph';
import { fitting, missingAt } from './locate';
import { fill, type Rule } from './types';

const FROM = new Set(['csirt', 'csirt-lead']);

export const reportToNisc: Rule = {
  meta: {
    id: 'report-to-nisc',
    clauses: ['2.2.4(2)(f)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'The CSIRT reports incidents to NISC (or the configured authority)', ja: 'CSIRTがNISC（又は設定された機関）へ連絡する' },
    description: {
      en: 'Unified Standard 2.2.4(2)(f): the CSIRT promptly contacts NISC about incidents in the organization\'s systems. NISC is also known by its former name (内閣官房情報セキュリティセンター) and its 2025 successor (国家サイバー統括室). For an affiliated body the supervising ministry takes NISC\'s place; a private organization names its own authority in kijun.json.',
      ja: '統一基準2.2.4(2)(f)は、CSIRTが情報セキュリティインシデントを認知した場合に速やかに内閣官房情報セキュリティセンター（現・内閣サイバーセキュリティセンター、2025年以降は国家サイバー統括室）に連絡することを求めている。独立行政法人等では所管省庁が、民間組織では kijun.json で設定した機関がこれに代わる。',
    },
    messages: {
      missing: {
        en: 'Nothing says that the CSIRT (or the CSIRT lead) contacts {authority} about incidents. Unified Standard 2.2.4(2)(f) requires a prompt report; add, for example, "{example}"',
        ja: 'CSIRT（又はCSIRT責任者）から{authority}への連絡が定められていない。統一基準2.2.4(2)(f)は速やかな連絡を求めている。例:「{example}」',
      },
      fixTitle: { en: 'Add the report to {authority}', ja: '{authority}への連絡を定める' },
      fixText: {
        en: 'When the CSIRT becomes aware of an information security incident in the organization\'s information systems, it reports it to {authority} promptly.',
        ja: 'CSIRTは、情報システムに係る情報セキュリティインシデントを認知した場合には、速やかに{authority}に連絡する。',
      },
    },
  },
  check(ctx) {
    const { index, config } = ctx;
    // No CSIRT and no lead → csirt-defined / csirt-lead-assigned report the gap already.
    if (!index.mentions('csirt').length && !index.holdersOf('csirt-lead').length && !index.mentions('csirt-lead').length) return;
    let target = 'nisc';
    if (config.organizationType === 'affiliated-body') {
      target = 'supervisor';
      // supervisor-contact reports a missing line to the supervisor; do not say it twice.
      if (!index.edges.some((e) => e.to.includes('supervisor'))) return;
    } else if (config.organizationType === 'private' && !(config.authorities['nisc']?.length)) {
      return; // no authority configured: nothing to check against
    }
    const graph = graphOf(index);
    if ([...FROM].some((f) => graph.reaches(f, target))) return;
    const names = config.authorities[target];
    const authority = names?.length ? { en: names[0]!, ja: names[0]! } : ctx.lexicon.roleName(target);
    const at = missingAt(ctx.set, REPORTING);
    const m = this.meta.messages;
    const term = names?.length ? { en: names[0]!, ja: names[0]! } : { en: ctx.lexicon.termFor(target, 'en'), ja: ctx.lexicon.termFor(target, 'ja') };
    ctx.report({ ...at, message: fill(m.missing!, { authority, example: insertedSentence(fill(m.fixText!, { authority: term }), at.doc.language, at.doc.text, { ...REPORTING, ...fitting(ctx) }) }), fixes: [insertionFix(at.doc, fill(m.fixTitle!, { authority }), fill(m.fixText!, { authority: term }), { ...REPORTING, ...fitting(ctx) })] });
  },
};
