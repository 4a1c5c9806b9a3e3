import { insertionFix } from '../fix/insert';
import { insertedSentence } from '../fix/terms';
import { CSIRT_ROLES } from '../fix/topics';
import { fitting, missingAt, related } from './locate';
import type { Fix } from '../types';
import { fill, type Rule } from './types';

export const csirtLeadAssigned: Rule = {
  meta: {
    id: 'csirt-lead-assigned',
    clauses: ['2.1.1(6)(b)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'A post is designated CSIRT lead', ja: 'CSIRT責任者が置かれている' },
    description: {
      en: 'Unified Standard 2.1.1(6)(b) requires a CSIRT lead: the person responsible for handling incidents. The policy must name the post that holds it, so that someone is accountable the moment an incident is reported.',
      ja: '統一基準2.1.1(6)(b)は、情報セキュリティインシデントに対処するための責任者としてCSIRT責任者を置くことを求めている。インシデントの報告を受けた時点で責任を負う者が明確になるよう、充てる役職を定める必要がある。',
    },
    messages: {
      missing: {
        en: 'No post is designated CSIRT lead. Unified Standard 2.1.1(6)(b) requires one; write, for example, "{example}"',
        ja: 'CSIRT責任者が置かれていない。統一基準2.1.1(6)(b)はCSIRT責任者を置くことを求めている。例:「{example}」',
      },
      noHolder: {
        en: 'The CSIRT lead is mentioned, but no post or person is designated to hold it (Unified Standard 2.1.1(6)(b)). Say which post is the CSIRT lead.',
        ja: 'CSIRT責任者への言及はあるが、どの役職を充てるかが定められていない（統一基準2.1.1(6)(b)）。CSIRT責任者に充てる役職を定めること。',
      },
      relatedMention: { en: 'The CSIRT lead is mentioned here without a holder.', ja: 'ここでCSIRT責任者に言及しているが、充てる者が定められていない。' },
      fixTitle: { en: 'Designate the CSIRT lead', ja: 'CSIRT責任者を定める' },
      fixText: { en: 'The CSIRT lead is the `<post>`.', ja: 'CSIRT責任者には、〔役職名〕を充てる。' },
    },
  },
  check(ctx) {
    if (ctx.index.holdersOf('csirt-lead').length > 0) return;
    // A sentence that plausibly designates the lead but could not be read keeps this silent.
    if (ctx.set.members.some((d) => d.unread.some((x) => x.about === 'assignment' && x.role === 'csirt-lead'))) return;
    const at = missingAt(ctx.set, CSIRT_ROLES);
    const mention = ctx.index.mentions('csirt-lead')[0];
    const { messages } = this.meta;
    const fixes: Fix[] = [insertionFix(at.doc, messages.fixTitle!, messages.fixText!, { ...CSIRT_ROLES, ...fitting(ctx) })];
    if (!mention) {
      ctx.report({ ...at, message: fill(messages.missing!, { example: insertedSentence(messages.fixText!, at.doc.language, at.doc.text, { ...CSIRT_ROLES, ...fitting(ctx) }) }), fixes });
      return;
    }
    const unit = mention.doc.units[mention.unit]!;
    ctx.report({ ...at, message: messages.noHolder!, related: [related(mention.doc, unit.snippet.spanOfNorm(mention.start, mention.end), messages.relatedMention!)], fixes });
  },
};
