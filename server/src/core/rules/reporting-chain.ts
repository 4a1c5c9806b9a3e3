import { insertionFix } from '../fix/insert';
import { REPORTING } from '../fix/topics';
import { graphOf, type Step } from '../set/graph';
import type { Endpoint } from '../model/types';
import type { Localized } from '../types';
import { fitting, missingAt, related } from './locate';
import { fill, type Rule } from './types';

export const reportingChain: Rule = {
  meta: {
    id: 'reporting-chain',
    clauses: ['2.2.4(2)(a)', '2.2.4(2)(b)', '2.1.1(6)(c)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'Reports from staff reach the CISO', ja: '職員からの報告が最高情報セキュリティ責任者まで届く' },
    description: {
      en: 'Every link must exist for a report to travel from the member of staff who notices an incident to the CISO: staff → contact point → CSIRT lead → CISO (2.2.4(2)(a)(b), 2.1.1(6)(c)). In 2015 reports stopped part-way and the top learned of the breach too late.',
      ja: 'インシデントに気付いた職員から最高情報セキュリティ責任者まで報告が届くには、職員 → 報告窓口 → CSIRT責任者 → 最高情報セキュリティ責任者の各経路が必要である（2.2.4(2)(a)(b)、2.1.1(6)(c)）。2015年の事案では報告が途中で止まり、幹部が事態を把握したときには手遅れだった。',
    },
    messages: {
      broken: {
        en: 'Reports from staff never reach the CISO: {chain}. Add the missing link so that the chain continues to the CISO (Unified Standard 2.2.4(2)(a)(b), 2.1.1(6)(c)).',
        ja: '職員からの報告が最高情報セキュリティ責任者に届かない: {chain}。経路が途切れている箇所に報告の定めを追加すること（統一基準2.2.4(2)(a)(b)、2.1.1(6)(c)）。',
      },
      edge: { en: 'Link {from} → {to} is defined here.', ja: '{from} → {to} の報告はここで定められている。' },
      broke: { en: '(break)', ja: '(途切れ)' },
      fixTitle: { en: 'Add the missing link {from} → {to}', ja: '途切れている {from} → {to} の報告を定める' },
      fixText: {
        en: 'When the {from} receives a report of an information security incident, the {from} reports it to the {to} immediately.',
        ja: '{from}は、情報セキュリティインシデントの報告を受けた場合には、直ちに{to}に報告する。',
      },
    },
  },
  check(ctx) {
    const graph = graphOf(ctx.index);
    if (graph.reaches('staff', 'ciso')) return;
    const forward = graph.longestChainFrom('staff');
    const backward = graph.longestChainInto('ciso');
    const name = (n: string): Localized => graph.name(n, ctx.lexicon);
    const { messages } = this.meta;
    // A role reached through its holder's title is shown with the title as written: 情報セキュリティ責任者（所属長）.
    const written = (n: string, ep: Endpoint | undefined, lang: 'en' | 'ja'): string => {
      const base = name(n)[lang];
      return ep?.title && !n.startsWith('title:') ? (lang === 'ja' ? `${base}（${ep.display}）` : `${base} (${ep.display})`) : base;
    };
    const chain = (lang: 'en' | 'ja'): string => {
      const head = [name('staff')[lang], ...forward.map((s) => written(s.to, s.edge.edge.to, lang))];
      const tail = backward.length ? [written(backward[0]!.from, backward[0]!.edge.edge.from, lang), ...backward.map((s) => written(s.to, s.edge.edge.to, lang))] : [name('ciso')[lang]];
      return `${head.join(' → ')} → ${messages.broke![lang]} … ${tail.join(' → ')}`;
    };
    const edgeInfo = (s: Step) => related(s.edge.doc, s.edge.edge.span, fill(messages.edge!, { from: name(s.from), to: name(s.to) }));
    // The fix joins the end of the forward chain to the start of the backward one.
    // Prefer the last role of the organization reached (not an outside vendor) as the sender.
    const lastStep = [...forward].reverse().find((s) => !s.to.startsWith('title:')) ?? forward[forward.length - 1];
    const firstStep = backward[0];
    const term = (n: string, ep: Endpoint | undefined): Localized =>
      ep?.title ? { en: ep.display, ja: ep.display } : n.startsWith('title:') ? name(n) : { en: ctx.lexicon.termFor(n, 'en'), ja: ctx.lexicon.termFor(n, 'ja') };
    const from = lastStep ? term(lastStep.to, lastStep.edge.edge.to) : term('staff', undefined);
    const to = firstStep ? term(firstStep.from, firstStep.edge.edge.from) : term('ciso', undefined);
    const at = missingAt(ctx.set, REPORTING);
    ctx.report({
      ...at,
      fixes: [insertionFix(at.doc, fill(messages.fixTitle!, { from, to }), fill(messages.fixText!, { from, to }), { under: [/経路|chain/iu, ...REPORTING.under!], ...fitting(ctx) })],
      message: fill(messages.broken!, { chain: { en: chain('en'), ja: chain('ja') } }),
      related: [...forward, ...backward].map(edgeInfo),
    });
  },
};
