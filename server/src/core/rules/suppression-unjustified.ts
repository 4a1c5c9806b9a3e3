import type { Rule } from './types';

export const suppressionUnjustified: Rule = {
  meta: {
    id: 'suppression-unjustified',
    clauses: [],
    severity: 'warning',
    scope: 'suppression',
    fix: 'review',
    title: { en: 'Suppressions carry a justification', ja: '抑制には理由が記されている' },
    description: {
      en: 'The standard\'s exception process (例外措置) requires a recorded reason. A suppression comment must say why after "--", e.g. <!-- kijun-disable-next-line ciso-reporting -- exception 2026-014 approved by the CISO -->.',
      ja: '統一基準の例外措置は理由の記録を求めている。抑制コメントには「--」の後に理由を書くこと。例: <!-- kijun-disable-next-line ciso-reporting -- 例外措置申請 2026-014 により承認 -->',
    },
    messages: {
      unjustified: {
        en: 'This suppression has no justification. Write the reason after "--" (for example the approved exception\'s number).',
        ja: 'この抑制には理由が記されていない。「--」の後に理由（承認された例外措置の番号など）を記載すること。',
      },
      fixTitle: { en: 'Add a justification placeholder', ja: '理由の記入欄を追加する' },
    },
  },
  check() {
    // Judged by the engine (see checkSuppressions).
  },
  checkSuppressions(doc, suppressions, report) {
    for (const s of suppressions) {
      if (s.justification) continue;
      const close = doc.text.lastIndexOf('-->', s.span.end);
      const placeholder = doc.language === 'ja' ? ' -- 〔理由〕 ' : ' -- <reason> ';
      const at = close >= 0 ? close : s.span.end;
      // Keep exactly one space before "-->".
      const start = doc.text.slice(s.span.start, at).trimEnd().length + s.span.start;
      report({
        doc,
        span: s.span,
        message: this.meta.messages.unjustified!,
        fixes: [{ title: this.meta.messages.fixTitle!, applicability: 'review', edits: [{ range: doc.lines.range({ start, end: at }), newText: placeholder }] }],
      });
    }
  },
};
