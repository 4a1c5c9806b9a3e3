import { graphOf, type Step } from '../set/graph';
import type { Endpoint } from '../model/types';
import type { Localized } from '../types';
import { related, rootSpan } from './locate';
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
    ctx.report({
      ...rootSpan(ctx.set),
      message: fill(messages.broken!, { chain: { en: chain('en'), ja: chain('ja') } }),
      related: [...forward, ...backward].map(edgeInfo),
    });
  },
};
