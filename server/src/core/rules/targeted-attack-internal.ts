import { insertionFix } from '../fix/insert';
import { TARGETED_INTERNAL } from '../fix/topics';
import { measureIn } from '../model/readers/measures';
import { fitting, missingAt } from './locate';
import type { Rule } from './types';

const MEASURES = ['detection', 'lateral', 'outbound'] as const;

export const targetedAttackInternal: Rule = {
  meta: {
    id: 'targeted-attack-internal',
    clauses: ['6.2.4(1)(b)'],
    severity: 'warning',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'Internal measures against targeted attacks', ja: '標的型攻撃の内部対策' },
    description: {
      en: 'Unified Standard 6.2.4(1)(b): three internal measures for attacks that got in — detect them early, make lateral spread harder, and detect unauthorized communication with the outside. In 2015 the attackers moved between terminals and talked to their servers for days unnoticed.',
      ja: '統一基準6.2.4(1)(b)は、内部に侵入した攻撃を早期検知して対処する、侵入範囲の拡大の困難度を上げる、外部との不正通信を検知して対処する、の三つの内部対策を求めている。2015年の事案では、攻撃者が端末間を移動し、外部の指令サーバとの通信が数日間気付かれなかった。',
    },
    messages: {
      detection: {
        en: 'No measure for detecting intrusions early is stated (Unified Standard 6.2.4(1)(b)): add, for example, endpoint detection and response or monitoring of security logs.',
        ja: '内部に侵入した攻撃を早期に検知する対策が定められていない（統一基準6.2.4(1)(b)）。EDR等による端末の監視、ログの常時監視などを定めること。',
      },
      lateral: {
        en: 'No measure making lateral spread harder is stated (Unified Standard 6.2.4(1)(b)): add, for example, unique local administrator passwords per device, network segmentation, and control of administrator accounts.',
        ja: '侵入範囲の拡大の困難度を上げる対策が定められていない（統一基準6.2.4(1)(b)）。端末ごとのローカル管理者パスワードの固有化、ネットワークの分離、管理者アカウントの管理などを定めること。',
      },
      outbound: {
        en: 'No measure for detecting unauthorized communication with the outside is stated (Unified Standard 6.2.4(1)(b)): add, for example, proxy log monitoring and egress filtering.',
        ja: '外部との不正通信を検知する対策が定められていない（統一基準6.2.4(1)(b)）。プロキシログの監視、外部への通信の制限（出口対策）などを定めること。',
      },
      detectionTitle: { en: 'Add early detection of intrusions', ja: '侵入の早期検知を定める' },
      detectionText: {
        en: 'To detect intrusions early, system security officers monitor endpoints with endpoint detection and response and monitor security logs continuously.',
        ja: '情報システムセキュリティ責任者は、内部に侵入した攻撃を早期検知するため、EDRによる端末の監視及びログの常時監視を行う。',
      },
      lateralTitle: { en: 'Add measures against lateral spread', ja: '侵入範囲の拡大を困難にする対策を定める' },
      lateralText: {
        en: 'To make lateral spread harder, system security officers give each device a unique local administrator password, segment the network, and restrict administrator accounts.',
        ja: '情報システムセキュリティ責任者は、侵入範囲の拡大の困難度を上げるため、ローカル管理者パスワードの端末ごとの固有化、ネットワークの分離及び管理者アカウントの管理を行う。',
      },
      outboundTitle: { en: 'Add detection of unauthorized outbound communication', ja: '外部との不正通信の検知を定める' },
      outboundText: {
        en: 'To detect unauthorized communication with the outside, system security officers monitor proxy logs and filter outbound traffic.',
        ja: '情報システムセキュリティ責任者は、外部との不正通信を検知するため、プロキシログの監視及び外部への通信の制限を行う。',
      },
      heading: { en: 'Targeted attacks', ja: '標的型攻撃対策' },
    },
  },
  check(ctx) {
    for (const m of MEASURES) {
      // Read on the text itself: a role mention never hides a measure (「内部に侵入した攻撃を…」).
      if (ctx.set.members.some((doc) => doc.units.some((u) => measureIn(u, m)))) continue;
      const at = missingAt(ctx.set, TARGETED_INTERNAL);
      const msg = this.meta.messages;
      ctx.report({ ...at, message: msg[m]!, fixes: [insertionFix(at.doc, msg[`${m}Title`]!, msg[`${m}Text`]!, { ...TARGETED_INTERNAL, heading: msg.heading!, ...fitting(ctx) })] });
    }
  },
};
