import { insertionFix } from '../fix/insert';
import { insertedSentence } from '../fix/terms';
import { REPORTING } from '../fix/topics';
import { fitting, missingAt, related } from './locate';
import { fill, type Rule } from './types';

const FROM = new Set(['csirt-lead', 'csirt']);

export const cisoReporting: Rule = {
  meta: {
    id: 'ciso-reporting',
    clauses: ['2.1.1(6)(c)', '2.2.4(2)(b)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'The CSIRT lead reports to the CISO without delay', ja: 'CSIRT責任者から最高情報セキュリティ責任者へ直ちに報告される' },
    description: {
      en: 'When an incident occurs, a report must reach the CISO immediately (2.1.1(6)(c)); the CSIRT lead reports promptly (2.2.4(2)(b)). A line that only reports at the next meeting does not satisfy it. In 2015 reports never reached the top until it was too late.',
      ja: '情報セキュリティインシデントが発生した際は、直ちに最高情報セキュリティ責任者へ報告が行われる体制が必要であり（2.1.1(6)(c)）、CSIRT責任者は速やかに報告しなければならない（2.2.4(2)(b)）。定例会議での報告のみでは足りない。2015年の事案では、報告が幹部に届かなかった。',
    },
    messages: {
      missing: {
        en: 'Nothing says that the CSIRT lead (or the CSIRT) reports incidents to the CISO. Unified Standard 2.1.1(6)(c) and 2.2.4(2)(b) require a report to reach the CISO without delay; add a sentence such as "{example}"',
        ja: 'CSIRT責任者（又はCSIRT）から最高情報セキュリティ責任者への報告が定められていない。統一基準2.1.1(6)(c)・2.2.4(2)(b)は、直ちに最高情報セキュリティ責任者へ報告が行われる体制を求めている。例:「{example}」',
      },
      delayedOnly: {
        en: 'The CSIRT lead reports to the CISO only with a delay ({deadline}). Unified Standard 2.1.1(6)(c) requires the report to reach the CISO immediately when an incident occurs; state an immediate or prompt report.',
        ja: 'CSIRT責任者から最高情報セキュリティ責任者への報告が遅れて行われる定めしかない（{deadline}）。統一基準2.1.1(6)(c)は、インシデント発生時に直ちに報告が行われる体制を求めている。直ちに（又は速やかに）報告する旨を定めること。',
      },
      relatedDelayed: { en: 'A delayed report to the CISO is defined here.', ja: 'ここで遅れた報告が定められている。' },
      fixTitle: { en: 'Add the report from the CSIRT lead to the CISO', ja: 'CSIRT責任者から最高情報セキュリティ責任者への報告を定める' },
      fixText: {
        en: 'When the CSIRT lead becomes aware of an information security incident, the CSIRT lead reports it to the Chief Information Security Officer immediately.',
        ja: 'CSIRT責任者は、情報セキュリティインシデントを認知した場合には、直ちに最高情報セキュリティ責任者に報告する。',
      },
    },
  },
  check(ctx) {
    const { index } = ctx;
    // With neither a CSIRT nor a CSIRT lead, csirt-defined / csirt-lead-assigned already report the gap.
    if (!index.mentions('csirt').length && !index.mentions('csirt-lead').length && !index.holdersOf('csirt-lead').length) return;
    const edges = index.edgesBetween((n) => FROM.has(n), (n) => n === 'ciso');
    const { messages } = this.meta;
    if (!edges.length) {
      const at = missingAt(ctx.set, REPORTING);
      ctx.report({ ...at, message: fill(messages.missing!, { example: insertedSentence(messages.fixText!, at.doc.language, at.doc.text, { ...REPORTING, ...fitting(ctx) }) }), fixes: [insertionFix(at.doc, messages.fixTitle!, messages.fixText!, { ...REPORTING, ...fitting(ctx) })] });
      return;
    }
    if (edges.some((e) => e.edge.urgency !== 'delayed')) return;
    const [first, ...rest] = edges;
    ctx.report({
      doc: first!.doc,
      span: first!.edge.span,
      message: fill(messages.delayedOnly!, { deadline: first!.edge.deadline ?? '?' }),
      fixes: [insertionFix(first!.doc, messages.fixTitle!, messages.fixText!, { ...REPORTING, ...fitting(ctx) })],
      related: rest.map((e) => related(e.doc, e.edge.span, messages.relatedDelayed!)),
    });
  },
};
