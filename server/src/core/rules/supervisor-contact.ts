import { insertionFix } from '../fix/insert';
import { REPORTING } from '../fix/topics';
import { fitting, missingAt } from './locate';
import { fill, type Rule } from './types';

export const supervisorContact: Rule = {
  meta: {
    id: 'supervisor-contact',
    clauses: ['recommendation-1(4)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'An affiliated body has an emergency line to its supervising ministry', ja: '所管法人から所管省庁への緊急連絡経路がある' },
    description: {
      en: 'The 2015 recommendation (item 1(4)) required the ministry and the pension service to build a structure for quick and accurate liaison after an incident. A body supervised by a ministry must say how and how fast the ministry is told. Enabled by "organizationType": "affiliated-body" in kijun.json.',
      ja: '2015年の勧告（1(4)）は、厚労省と機構の間で、インシデント発生後の連絡・連携を迅速かつ的確に行うための体制の構築を求めた。所管法人は、所管省庁へいつどのように連絡するかを定める必要がある。kijun.json の "organizationType": "affiliated-body" で有効になる。',
    },
    messages: {
      missing: {
        en: 'This organization is an affiliated body, but nothing says that {supervisor} is contacted urgently when an incident occurs. Add an emergency reporting line to the supervising ministry (2015 recommendation 1(4)).',
        ja: '所管法人であるにもかかわらず、インシデント発生時に{supervisor}へ緊急に連絡する定めがない。所管省庁への緊急連絡経路を定めること（2015年勧告1(4)）。',
      },
      delayedOnly: {
        en: '{supervisor} is informed only with a delay ({deadline}). An affiliated body needs an emergency line to its supervising ministry (2015 recommendation 1(4)).',
        ja: '{supervisor}への連絡が遅れて行われる定めしかない（{deadline}）。所管法人には所管省庁への緊急連絡経路が必要である（2015年勧告1(4)）。',
      },
      fixTitle: { en: 'Add the emergency line to the supervising ministry', ja: '所管省庁への緊急連絡を定める' },
      fixText: {
        en: 'When the CSIRT lead becomes aware of an information security incident, the CSIRT lead contacts {supervisor} immediately (emergency contact: `<number>`).',
        ja: 'CSIRT責任者は、情報セキュリティインシデントを認知した場合には、直ちに{supervisor}に連絡する（緊急連絡先：〔番号〕）。',
      },
    },
  },
  check(ctx) {
    if (ctx.config.organizationType !== 'affiliated-body') return;
    const names = ctx.config.authorities['supervisor'];
    const supervisor = names?.length ? { en: names[0]!, ja: names[0]! } : ctx.lexicon.roleName('supervisor');
    const edges = ctx.index.edges.filter((e) => e.to.includes('supervisor'));
    if (edges.some((e) => e.edge.urgency !== 'delayed')) return;
    const { messages } = this.meta;
    const first = edges[0];
    const term = names?.length ? { en: names[0]!, ja: names[0]! } : { en: ctx.lexicon.termFor('supervisor', 'en'), ja: ctx.lexicon.termFor('supervisor', 'ja') };
    const at = first ? { doc: first.doc, span: first.edge.span } : missingAt(ctx.set, REPORTING);
    const fixes = [insertionFix(at.doc, messages.fixTitle!, fill(messages.fixText!, { supervisor: term }), { ...REPORTING, ...fitting(ctx) })];
    if (first) ctx.report({ ...at, message: fill(messages.delayedOnly!, { supervisor, deadline: first.edge.deadline ?? '?' }), fixes });
    else ctx.report({ ...at, message: fill(messages.missing!, { supervisor }), fixes });
  },
};
