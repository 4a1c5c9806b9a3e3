import { fill, type Rule } from './types';

/**
 * Broken YAML front matter. Severity warning: the document is still judged (by its title, as if
 * it had no front matter), so no finding of the standard is lost, but what the author declared
 * there — the document's kind above all — was not read, and the document may be judged as
 * something it is not. Reported for judged documents, and by the engine for a document outside
 * every policy set whose broken front matter meant to declare a kind (`kijun:`): that one would
 * otherwise be silently left out.
 */
export const frontMatterInvalid: Rule = {
  meta: {
    id: 'front-matter-invalid',
    clauses: [],
    severity: 'warning',
    scope: 'document',
    fix: undefined,
    title: { en: 'Front matter is valid YAML', ja: 'フロントマターが正しい YAML である' },
    description: {
      en: 'Front matter (`kijun: policy` between `---` lines) declares what a document is. When it is not valid YAML, Kijun cannot read the declaration: it ignores the front matter, classifies the document by its title, and says so at the place the YAML parser stopped.',
      ja: 'フロントマター（`---` の行で挟んだ `kijun: policy` など）は文書の種類を宣言する。YAML として正しくないと宣言を読めないため、フロントマターを無視して見出しから文書の種類を判断し、YAML の解析が止まった位置でその旨を報告する。',
    },
    messages: {
      invalid: {
        en: 'The front matter is not valid YAML ({error}); Kijun ignored it and classified the document by its title.',
        ja: 'フロントマターが YAML として正しくない（{error}）。Kijun はこれを無視し、文書の種類を見出しから判断した。',
      },
    },
  },
  check(ctx) {
    for (const doc of ctx.set.members) reportInvalidFrontMatter(this, doc, ctx.report);
  },
};

/** Used by the engine too, for documents in no policy set whose front matter meant to declare a kind. */
export function reportInvalidFrontMatter(rule: Rule, doc: Parameters<Rule['check']>[0]['set']['root'], report: Parameters<Rule['check']>[0]['report']): void {
  const fm = doc.frontMatter;
  if (fm.error === undefined || fm.errorAt === undefined) return;
  const line = doc.lines.positionAt(fm.errorAt).line;
  const end = Math.max(fm.errorAt, doc.lines.lineEnd(line));
  report({ doc, span: { start: fm.errorAt, end }, message: fill(rule.meta.messages['invalid']!, { error: fm.error }) });
}
