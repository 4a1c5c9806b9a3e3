import { fill, type Rule } from './types';

export const suppressionUnused: Rule = {
  meta: {
    id: 'suppression-unused',
    clauses: [],
    severity: 'warning',
    scope: 'suppression',
    // No fix: removing the comment would delete its recorded justification; the author decides.
    fix: undefined,
    title: { en: 'Suppression comments suppress something', ja: '抑制コメントが実際に抑制している' },
    description: {
      en: 'A kijun-disable comment that suppresses nothing is stale: the exception it records no longer applies, or it names the wrong rule. Remove it, so the record of exceptions stays true.',
      ja: '何も抑制していない kijun-disable コメントは古くなっている。記録した例外がもはや当てはまらないか、規則名が誤っている。例外の記録を正確に保つため削除すること。',
    },
    messages: {
      unused: { en: 'This suppression comment ({rules}) suppresses nothing; remove it.', ja: 'この抑制コメント（{rules}）は何も抑制していない。削除すること。' },
    },
  },
  check() {
    // Judged by the engine after every rule has run (see checkSuppressions).
  },
  checkSuppressions(doc, suppressions, report) {
    for (const s of suppressions) {
      if (s.used) continue;
      const rules = s.rules.length ? s.rules.join(', ') : '*';
      report({
        doc,
        span: s.span,
        message: fill(this.meta.messages.unused!, { rules }),
      });
    }
  },
};

