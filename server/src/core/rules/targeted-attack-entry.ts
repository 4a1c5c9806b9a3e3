import { concepts, conceptPattern } from '../../lexicon';
import { unitsMatching } from '../set/facts';
import { rootSpan } from './locate';
import type { Rule } from './types';

const ENTRY = conceptPattern(concepts.targetedAttack.entry);

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
    },
  },
  check(ctx) {
    if (unitsMatching(ctx.index, ENTRY).length) return;
    ctx.report({ ...rootSpan(ctx.set), message: this.meta.messages.missing! });
  },
};
