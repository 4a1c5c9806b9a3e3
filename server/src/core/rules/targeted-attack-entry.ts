import { insertionFix } from '../fix/insert';
import { TARGETED_ENTRY } from '../fix/topics';
import { measureIn } from '../model/readers/measures';
import { fitting, missingAt } from './locate';
import type { Rule } from './types';

export const targetedAttackEntry: Rule = {
  meta: {
    id: 'targeted-attack-entry',
    clauses: ['6.2.4(1)(a)'],
    severity: 'warning',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'Entry measures against targeted attacks', ja: '標的型攻撃の入口対策' },
    description: {
      en: 'Unified Standard 6.2.4(1)(a): measures that reduce intrusion by targeted attacks (entry measures) — attachment controls, blocking executables, patching, vulnerability management. The 2015 breach began with targeted e-mails whose attachments staff opened.',
      ja: '統一基準6.2.4(1)(a)は、標的型攻撃による組織内部への侵入を低減する対策（入口対策）を求めている。添付ファイル対策、実行ファイルのブロック、パッチ適用、脆弱性管理など。2015年の事案は、職員が添付ファイルを開いた標的型メールから始まった。',
    },
    messages: {
      missing: {
        en: 'No entry measures against targeted attacks are stated (Unified Standard 6.2.4(1)(a)): add measures such as e-mail attachment controls, blocking executable files, timely patching and vulnerability management.',
        ja: '標的型攻撃の入口対策が定められていない（統一基準6.2.4(1)(a)）。メール添付ファイル対策、実行ファイルのブロック、修正プログラムの適用、脆弱性管理などを定めること。',
      },
      fixTitle: { en: 'Add entry measures', ja: '入口対策を定める' },
      fixText: {
        en: 'As entry measures against targeted attacks, system security officers control e-mail attachments, block executable files, apply security patches promptly, and manage vulnerabilities.',
        ja: '情報システムセキュリティ責任者は、標的型攻撃の入口対策として、メール添付ファイルの無害化、実行ファイルのブロック、修正プログラムの速やかな適用及び脆弱性管理を行う。',
      },
      heading: { en: 'Targeted attacks', ja: '標的型攻撃対策' },
    },
  },
  check(ctx) {
    if (ctx.set.members.some((doc) => doc.units.some((u) => measureIn(u, 'entry')))) return;
    const at = missingAt(ctx.set, TARGETED_ENTRY);
    const m = this.meta.messages;
    ctx.report({ ...at, message: m.missing!, fixes: [insertionFix(at.doc, m.fixTitle!, m.fixText!, { ...TARGETED_ENTRY, heading: m.heading!, ...fitting(ctx) })] });
  },
};
