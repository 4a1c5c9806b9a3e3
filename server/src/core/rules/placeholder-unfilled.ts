import { NOTHING_UNFILLED } from '../set/unfilled';
import type { Localized } from '../types';
import { fill, type Rule } from './types';

/**
 * Each placeholder left in a judged document (model/placeholders.ts says what one is). The
 * rules a placeholder seems to satisfy stay silent — so that a fix's own sentence is not
 * reported, and offered, again — and this finding carries their clauses instead: what stays
 * unmet until the placeholder is filled (set/unfilled.ts). No fix: only the author knows what
 * to write.
 */
export const placeholderUnfilled: Rule = {
  meta: {
    id: 'placeholder-unfilled',
    clauses: [],
    severity: 'warning',
    scope: 'document',
    fix: undefined,
    title: { en: 'Placeholders are filled in', ja: '記入欄が記入されている' },
    description: {
      en: 'Fixes insert policy text with placeholders for the author to fill in (〔役職名〕, `<post>`, 〔理由〕), and templates carry their own (`{{COMPANY_NAME}}`, [更新日], [ORGANIZATION NAME], `<insert email address here>`). A placeholder names nobody and satisfies nothing: a CSIRT lead whose holder is 〔役職名〕 has no holder, a report from `<post>` has no sender, a contact point reached at 〔番号〕 cannot be reached. The finding names the requirement that stays unmet until the placeholder is filled, and the compliance report shows that clause as incomplete. Links, footnotes ([^1]), citations ([1]), task-list boxes ([ ]), HTML tags, autolinks, code and comments are not placeholders, nor are the slots of a script or a quoted message (`IC: My name is [NAME]`), which are filled when it is used.',
      ja: '修正は作成者が記入するための記入欄（〔役職名〕、`<post>`、〔理由〕）付きの規定文を挿入し、雛形にも独自の記入欄がある（`{{COMPANY_NAME}}`、[更新日]、[ORGANIZATION NAME]、`<insert email address here>`）。記入欄は誰も指さず、どの要件も満たさない。CSIRT責任者に〔役職名〕を充てても充てる者はなく、`<post>` からの報告には報告者がなく、〔番号〕の窓口には連絡できない。指摘は、記入されるまで満たされない要件を示し、準拠状況レポートではその条項を「未完成」と表示する。リンク、脚注（[^1]）、引用番号（[1]）、タスクリストの欄（[ ]）、HTMLタグ、自動リンク、コード及びコメントは記入欄ではない。台本や引用した文面の差込み欄（`IC: My name is [NAME]`）は使う時に埋めるものであり、これも対象外とする。',
    },
    messages: {
      unfilled: {
        en: '"{text}" is a placeholder left to fill in. Replace it with what it stands for.',
        ja: '「{text}」は未記入の記入欄である。記入すべき内容に置き換えること。',
      },
      blocks: {
        en: '"{text}" is a placeholder left to fill in. A placeholder satisfies no requirement; until it is filled, this stays unmet: {requirements}.',
        ja: '「{text}」は未記入の記入欄である。記入欄は要件を満たさないため、記入されるまで次の要件は満たされない: {requirements}。',
      },
    },
  },
  late: true,
  check(ctx) {
    const { messages } = this.meta;
    // The common case, a set without placeholders, never reads the set a second time.
    const unfilled = ctx.set.members.some((d) => d.placeholders.length) ? ctx.unfilled() : NOTHING_UNFILLED;
    for (const doc of ctx.set.members) {
      for (const p of doc.placeholders) {
        const blocked = unfilled.of(doc, p);
        if (!blocked.length) {
          ctx.report({ doc, span: p.span, message: fill(messages.unfilled!, { text: p.text }) });
          continue;
        }
        const list = (lang: 'en' | 'ja'): string =>
          blocked.map((b) => (lang === 'ja' ? `${b.title.ja}（${b.clauses.join('、')}）` : `${b.title.en} (${b.clauses.join(', ')})`)).join(lang === 'ja' ? '、' : '; ');
        const requirements: Localized = { en: list('en'), ja: list('ja') };
        const clauses = [...new Set(blocked.flatMap((b) => b.clauses))];
        ctx.report({ doc, span: p.span, message: fill(messages.blocks!, { text: p.text, requirements }), clauses });
      }
    }
  },
};
