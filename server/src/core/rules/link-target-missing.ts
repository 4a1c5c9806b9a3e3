import { isMarkdownUri, resolveLink } from '../set/links';
import { fill, type Rule } from './types';

export const linkTargetMissing: Rule = {
  meta: {
    id: 'link-target-missing',
    clauses: [],
    severity: 'error',
    scope: 'document',
    fix: undefined,
    title: { en: 'Local links point to existing files and headings', ja: 'ローカルリンクの参照先が存在する' },
    description: {
      en: 'A policy that links to a procedure that does not exist promises a procedure nobody can find. Local links and their #anchors (GitHub heading slugs) must resolve. A link that leaves the workspace is not followed (what exists outside it is not reported either way) and is said, as information.',
      ja: '存在しない手順書へのリンクは、誰も見つけられない手順を約束することになる。ローカルリンクとそのアンカー（GitHubの見出しスラッグ）は解決できなければならない。ワークスペースの外へのリンクは参照せず（外に何が存在するかはどちらとも報告しない）、情報としてその旨を示す。',
    },
    messages: {
      file: { en: 'Link target "{target}" does not exist.', ja: 'リンク先「{target}」が存在しない。' },
      anchor: { en: 'Heading "#{anchor}" does not exist in {target}.', ja: '{target} に見出し「#{anchor}」が存在しない。' },
      sameTarget: { en: 'Another link to the same missing target.', ja: '同じ存在しないリンク先への別のリンク。' },
      outside: { en: 'Link target "{target}" is outside the workspace; Kijun does not follow it.', ja: 'リンク先「{target}」はワークスペースの外にあるため、Kijun は参照しない。' },
    },
  },
  check(ctx) {
    const { messages } = this.meta;
    for (const doc of ctx.set.members) {
      // One finding per missing target in a file; its other links are related information
      // (a template's 75 links to one #TODO anchor are one problem).
      const seen = new Map<string, Array<{ uri: string; range: ReturnType<typeof doc.lines.range>; message: { en: string; ja: string } }>>();
      const report = (key: string, span: { start: number; end: number }, message: { en: string; ja: string }): void => {
        const also = seen.get(key);
        if (also) {
          also.push({ uri: doc.uri, range: doc.lines.range(span), message: messages.sameTarget! });
          return;
        }
        const related: Array<{ uri: string; range: ReturnType<typeof doc.lines.range>; message: { en: string; ja: string } }> = [];
        seen.set(key, related);
        ctx.report({ doc, span, message, related });
      };
      for (const link of doc.links) {
        const r = resolveLink(doc.uri, link.url);
        if (!r) continue;
        const targetUri = r.uri ?? doc.uri;
        const target = ctx.documents.get(targetUri);
        const label = r.uri ? link.url.split('#')[0]! : link.url;
        // Outside the workspace: neither followed nor checked (whether it exists would leak), only said.
        if (r.uri && !ctx.inWorkspace(r.uri)) {
          ctx.report({ severity: 'information', doc, span: link.urlSpan, message: fill(messages.outside!, { target: label }) });
          continue;
        }
        if (r.uri && !target && !ctx.exists(r.uri)) {
          report(`file:${r.uri}`, link.urlSpan, fill(messages.file!, { target: label }));
          continue;
        }
        if (r.anchor && (target || isMarkdownUri(targetUri))) {
          if (!target) continue; // exists but was not loaded: cannot judge its headings
          const wanted = r.anchor.toLowerCase();
          // Heading slugs and explicit HTML anchors (<a name="x">, id="x").
          if (!target.headings.some((h) => h.slug === wanted) && !target.anchors.includes(wanted)) {
            report(`anchor:${targetUri}#${wanted}`, link.urlSpan, fill(messages.anchor!, { anchor: r.anchor, target: r.uri ? label : { en: 'this document', ja: 'この文書' } }));
          }
        }
      }
    }
  },
};
