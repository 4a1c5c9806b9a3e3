import { fill, type Rule } from './types';

export const clauseReference: Rule = {
  meta: {
    id: 'clause-reference',
    clauses: [],
    severity: 'error',
    scope: 'document',
    // The nearest existing clause is a guess about what the author meant: a person confirms it.
    fix: 'review',
    title: { en: 'Cited clauses exist in the standard', ja: '引用された条項が統一基準に存在する' },
    description: {
      en: 'A citation of a clause that does not exist (for example 2.2.4(3): 2.2.4 has only items (1) and (2)) misleads reviewers and auditors who follow it. Only sections the catalog covers completely (2.1.1, 2.2.4, 6.2.4) are judged.',
      ja: '存在しない条項（例: 2.2.4(3)。2.2.4には(1)と(2)しかない）の引用は、それを辿る査読者や監査人を誤らせる。カタログが全項目を持つ節（2.1.1、2.2.4、6.2.4）の引用のみを判定する。',
    },
    messages: {
      unknown: {
        en: 'Clause {id} does not exist in {standard}. Did you mean {suggestion}?',
        ja: '条項 {id} は{standard}に存在しない。{suggestion} の誤りではないか。',
      },
      fixTitle: { en: 'Replace with {suggestion}', ja: '{suggestion} に置き換える' },
    },
  },
  check(ctx) {
    const { messages } = this.meta;
    for (const doc of ctx.set.members) {
      for (const ref of doc.clauseRefs) {
        if (!ctx.catalog.covers(ref.section) || ctx.catalog.has(ref.id)) continue;
        const suggestion = ctx.catalog.nearest(ref.id) ?? ref.section;
        ctx.report({
          doc,
          span: ref.span,
          message: fill(messages.unknown!, { id: ref.id, standard: ctx.catalog.data.name, suggestion }),
          fixes: [
            {
              title: fill(messages.fixTitle!, { suggestion }),
              applicability: 'review',
              edits: [{ range: doc.lines.range(ref.span), newText: suggestion }],
            },
          ],
        });
      }
    }
  },
};
