import { fill, type Rule } from './types';

export const suppressionUnjustified: Rule = {
  meta: {
    id: 'suppression-unjustified',
    clauses: [],
    severity: 'warning',
    scope: 'suppression',
    fix: 'review',
    title: { en: 'Suppressions carry a justification', ja: '抑制には理由が記されている' },
    description: {
      en: 'The standard\'s exception process (例外措置) requires a recorded reason. A suppression comment must say why after "--", e.g. <!-- kijun-disable-next-line ciso-reporting -- exception 2026-014 approved by the CISO -->. A placeholder such as `<reason>` or 〔理由〕 (what the quick fix writes for you to fill) is no reason; JSON and SARIF output record such a suppression as not justified (SARIF status underReview).',
      ja: '統一基準の例外措置は理由の記録を求めている。抑制コメントには「--」の後に理由を書くこと。例: <!-- kijun-disable-next-line ciso-reporting -- 例外措置申請 2026-014 により承認 -->。〔理由〕や `<reason>` のような記入欄（クイックフィックスが記入用に書くもの）は理由ではなく、JSON及びSARIFの出力では理由のない抑制として記録する（SARIFの status は underReview）。',
    },
    messages: {
      unjustified: {
        en: 'This suppression has no justification. Write the reason after "--" (for example the approved exception\'s number).',
        ja: 'この抑制には理由が記されていない。「--」の後に理由（承認された例外措置の番号など）を記載すること。',
      },
      placeholder: {
        en: 'The justification of this suppression is only a placeholder ({text}). Write the reason in its place (for example the approved exception\'s number).',
        ja: 'この抑制の理由は記入欄（{text}）のままである。記入欄を理由（承認された例外措置の番号など）に置き換えること。',
      },
      empty: {
        en: 'The justification of this suppression says nothing ("{text}"). Write the reason after "--" (for example the approved exception\'s number).',
        ja: 'この抑制の理由には内容がない（「{text}」）。「--」の後に理由（承認された例外措置の番号など）を記載すること。',
      },
      fixTitle: { en: 'Add a justification placeholder', ja: '理由の記入欄を追加する' },
    },
  },
  check() {
    // Judged by the engine (see checkSuppressions).
  },
  checkSuppressions(doc, suppressions, report) {
    const { messages } = this.meta;
    for (const s of suppressions) {
      if (s.justified) continue;
      if (s.justification) {
        // Written but saying nothing: a placeholder (the fix's own 〔理由〕) or punctuation. No
        // fix: another placeholder would not help, and only the author knows the reason.
        const message = s.placeholders.length ? fill(messages.placeholder!, { text: s.placeholders.join(' ') }) : fill(messages.empty!, { text: s.justification });
        report({ doc, span: s.span, message });
        continue;
      }
      const close = doc.text.lastIndexOf('-->', s.span.end);
      const placeholder = doc.language === 'ja' ? ' -- 〔理由〕 ' : ' -- <reason> ';
      const at = close >= 0 ? close : s.span.end;
      // Keep exactly one space before "-->".
      const start = doc.text.slice(s.span.start, at).trimEnd().length + s.span.start;
      report({
        doc,
        span: s.span,
        message: messages.unjustified!,
        fixes: [{ title: messages.fixTitle!, applicability: 'review', edits: [{ range: doc.lines.range({ start, end: at }), newText: placeholder }] }],
      });
    }
  },
};
