import { LIMITS } from '../model/document';
import { fill, type Rule } from './types';

export const documentSkipped: Rule = {
  meta: {
    id: 'document-skipped',
    clauses: [],
    severity: 'information',
    scope: 'document',
    fix: undefined,
    title: { en: 'Documents Kijun could not analyze are reported', ja: '解析できなかった文書を報告する' },
    description: {
      en: `A document larger than ${LIMITS.maxChars.toLocaleString('en')} characters, nested deeper than ${LIMITS.maxNesting} lists or quotes, or containing binary data is not parsed: its findings would be incomplete, so Kijun says so instead of staying silent.`,
      ja: `${LIMITS.maxChars.toLocaleString('en')} 文字を超える文書、${LIMITS.maxNesting} 段より深くリストや引用を入れ子にした文書、バイナリを含む文書は解析しない。指摘が不完全になるため、黙って飛ばさずにその旨を報告する。`,
    },
    messages: {
      size: { en: 'Kijun did not analyze this document: it has {n} characters, more than the limit of {limit}. Split it into smaller documents linked from the policy.', ja: 'この文書は {n} 文字あり、上限（{limit} 文字）を超えるため解析していない。ポリシーからリンクする小さな文書に分割すること。' },
      nesting: { en: 'Kijun did not analyze this document: lists or quotes are nested {n} levels deep, more than the limit of {limit}.', ja: 'この文書はリスト又は引用の入れ子が {n} 段あり、上限（{limit} 段）を超えるため解析していない。' },
      binary: { en: 'Kijun did not analyze this document: it contains binary data (NUL bytes), not Markdown text.', ja: 'この文書はバイナリデータ（NULバイト）を含み、Markdownのテキストではないため解析していない。' },
    },
  },
  check(ctx) {
    for (const doc of ctx.set.members) reportSkipped(this, doc, ctx.report);
  },
};

/** Used by the engine too, for skipped documents that belong to no policy set. */
export function reportSkipped(rule: Rule, doc: Parameters<Rule['check']>[0]['set']['root'], report: Parameters<Rule['check']>[0]['report']): void {
  const s = doc.skipped;
  if (!s) return;
  const limit = s.reason === 'size' ? LIMITS.maxChars.toLocaleString('en') : String(LIMITS.maxNesting);
  report({ doc, span: { start: 0, end: doc.lines.lineEnd(0) }, message: fill(rule.meta.messages[s.reason]!, { n: s.detail.toLocaleString('en'), limit }) });
}
