import { insertionFix } from '../fix/insert';
import { CSIRT_ROLES } from '../fix/topics';
import { csirtFacts, csirtMembers } from '../set/facts';
import { fitting, missingAt, related } from './locate';
import { fill, type Rule } from './types';

export const csirtMembersSelected: Rule = {
  meta: {
    id: 'csirt-members-selected',
    clauses: ['2.1.1(6)(b)'],
    severity: 'warning',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'CSIRT members are selected, including working-level staff', ja: 'CSIRTに属する職員（実働要員を含む）が選任されている' },
    description: {
      en: 'Unified Standard 2.1.1(6)(b) requires the CISO to select CSIRT members with the expertise or aptitude for the work. A CSIRT made only of directors cannot act: in 2015 the ministry\'s CSIRT consisted of division directors and above, with no working-level staff appointed.',
      ja: '統一基準2.1.1(6)(b)は、専門的な知識又は適性を有する者をCSIRTに属する職員として選任することを求めている。課室長級だけのCSIRTは実働できない。2015年の事案では、CSIRTの構成員が課室長等以上で、実働要員（課長補佐以下）が選任されていなかった。',
    },
    messages: {
      missing: {
        en: 'The CSIRT\'s members are never designated. Unified Standard 2.1.1(6)(b) requires the CISO to select CSIRT members with the necessary expertise; list the posts that belong to the CSIRT, including working-level staff.',
        ja: 'CSIRTに属する職員が定められていない。統一基準2.1.1(6)(b)は、専門的な知識又は適性を有する者をCSIRTに属する職員として選任することを求めている。実働要員を含め、CSIRTに属する役職を定めること。',
      },
      managersOnly: {
        en: 'Every designated CSIRT member is a manager-level post ({members}); no working-level member is named. A CSIRT without hands-on staff cannot respond (2.1.1(6)(b)); add working-level members such as analysts or deputy directors.',
        ja: 'CSIRTの構成員がすべて管理職級（{members}）で、実働要員が定められていない。実働できる職員のいないCSIRTは対処できない（統一基準2.1.1(6)(b)）。課長補佐・係長級などの実働要員を加えること。',
      },
      relatedDesignation: { en: 'Members are designated here.', ja: 'ここで構成員を定めている。' },
      fixTitle: { en: 'Designate CSIRT members, including working-level staff', ja: '実働要員を含むCSIRTの構成員を定める' },
      fixText: {
        en: 'CSIRT members are the `<post>` and working-level staff with the necessary expertise: `<post>`, `<post>`.',
        ja: 'CSIRTに属する職員には、〔役職名〕のほか、専門的な知識又は適性を有する実働要員として〔係長級の役職名〕及び〔担当職員の役職名〕を充てる。',
      },
      workingTitle: { en: 'Add working-level CSIRT members', ja: 'CSIRTに実働要員を加える' },
      workingText: {
        en: 'CSIRT members also include working-level staff with the necessary expertise: `<post>`, `<post>`.',
        ja: 'CSIRTには、専門的な知識又は適性を有する実働要員として、〔係長級の役職名〕及び〔担当職員の役職名〕を含める。',
      },
    },
  },
  check(ctx) {
    // No CSIRT → csirt-defined reports it; members of nothing would be a knock-on finding.
    if (!csirtFacts(ctx.index).roleStatement) return;
    const { designations, members } = csirtMembers(ctx.index);
    const { messages } = this.meta;
    if (!designations.length || !members.length) {
      const at = missingAt(ctx.set, CSIRT_ROLES);
      ctx.report({ ...at, message: messages.missing!, fixes: [insertionFix(at.doc, messages.fixTitle!, messages.fixText!, { ...CSIRT_ROLES, ...fitting(ctx) })] });
      return;
    }
    if (members.some((m) => m.level !== 'manager')) return;
    const first = designations[0]!;
    const names = [...new Set(members.map((m) => m.display))].join(', ');
    ctx.report({
      doc: first.doc,
      span: first.unit.snippet.span,
      message: fill(messages.managersOnly!, { members: names }),
      fixes: [insertionFix(first.doc, messages.workingTitle!, messages.workingText!, { ...CSIRT_ROLES, ...fitting(ctx) })],
      related: designations.slice(1).filter((d) => !d.unit.list || d.unit.list.leadIn !== first.unit).map((d) => related(d.doc, d.unit.snippet.span, messages.relatedDesignation!)),
    });
  },
};
