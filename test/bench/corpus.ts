/**
 * A deterministic corpus of Japanese and English policy documents for the benchmark: realistic
 * sections (roles, assignments, reporting lines, tables, arrows, measures), filled to a size.
 */

/** Mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JA = {
  title: ['情報セキュリティポリシー', '情報セキュリティ対策基準', 'インシデント対応規程'],
  sections: [
    (n: number) => `## 第${n}条（体制）\n\nCSIRT責任者には、情報セキュリティ監察官を充てる。CSIRTは、情報セキュリティインシデントの状況を把握し、被害の拡大防止、復旧及び再発防止を行う。\n`,
    (n: number) => `## 第${n}条（報告）\n\n職員は、情報セキュリティインシデントを認知した場合には、直ちに報告窓口に報告し、その指示に従う。報告窓口は、受け付けた報告を30分以内にCSIRT責任者に報告する。\n`,
    (n: number) => `## 第${n}条（報告経路）\n\n職員 → 報告窓口 → CSIRT責任者 → 最高情報セキュリティ責任者\n\n| 報告者 | 報告先 | 期限 |\n|---|---|---|\n| 職員 | 報告窓口 | 直ちに |\n| CSIRT責任者 | 最高情報セキュリティ責任者 | 速やかに |\n`,
    (n: number) => `## 第${n}条（外部への連絡）\n\nCSIRTは、速やかに内閣サイバーセキュリティセンターに連絡する。サイバー攻撃のおそれがある場合には、警察に通報する（統一基準2.2.4(2)(f)）。\n`,
    (n: number) => `## 第${n}条（標的型攻撃対策）\n\n- メールの添付ファイルを無害化し、実行ファイルをブロックする。\n- EDRにより侵入を早期検知する。\n- ローカル管理者パスワードを端末ごとに固有化する。\n- プロキシログを監視し、外部との不正通信を検知する。\n`,
    (n: number) => `## 第${n}条（周知）\n\n統括情報セキュリティ責任者は、報告窓口及び報告手順を年1回の研修により全ての職員に周知する。報告窓口は情報セキュリティ室に置く（内線 1234）。\n`,
  ],
  filler: ['この規程は、本省の情報資産を守るために必要な事項を定める。', '各課室の長は、所管する業務の情報資産を適切に管理する。', '本条の運用に関し必要な事項は、別に定める。'],
};

const EN = {
  title: ['Information Security Policy', 'Security Standard', 'Incident Response Policy'],
  sections: [
    (n: number) => `## ${n}. Organization\n\nThe CSIRT lead is the Director of Security Audit. The CSIRT assesses incidents, contains damage, coordinates recovery and prevents recurrence.\n`,
    (n: number) => `## ${n}. Reporting\n\nStaff must notify the security hotline immediately. The security hotline escalates to the CSIRT lead within 30 minutes.\n`,
    (n: number) => `## ${n}. Reporting path\n\nStaff -> Security hotline -> CSIRT lead -> CISO\n\n| Reporter | Recipient | Deadline |\n|---|---|---|\n| Staff | Security hotline | immediately |\n| CSIRT lead | CISO | promptly |\n`,
    (n: number) => `## ${n}. External reporting\n\nThe CSIRT reports incidents to NISC promptly. If the incident is a cyber attack, the CSIRT contacts the police (Unified Standard 2.2.4(2)(f)).\n`,
    (n: number) => `## ${n}. Targeted attacks\n\n- Attachments are sandboxed and executable files blocked.\n- Endpoint detection and response detects intrusions early.\n- Unique local admin passwords and network segmentation limit lateral movement.\n- Proxy logs are monitored for unauthorized outbound communication.\n`,
    (n: number) => `## ${n}. Awareness\n\nThe reporting procedure is made known to all staff through annual training. The security hotline is operated by the Security Office (ext. 1234).\n`,
  ],
  filler: ['This policy protects the information assets of the agency.', 'Division directors manage the information assets of their divisions.', 'Details are set out in separate procedures.'],
};

export function policyDocument(seed: number, targetChars: number, language: 'ja' | 'en'): string {
  const r = rng(seed);
  const L = language === 'ja' ? JA : EN;
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  let text = `# ${pick(L.title)} ${seed}\n\n${pick(L.filler)}\n\n`;
  let n = 1;
  while (text.length < targetChars) {
    text += pick(L.sections)(n++) + '\n';
    if (r() < 0.5) text += `${pick(L.filler)}${pick(L.filler)}\n\n`;
  }
  return text;
}

export interface Corpus {
  small: Array<{ name: string; text: string }>;
  medium: Array<{ name: string; text: string }>;
  huge: { name: string; text: string };
}

export function corpus(): Corpus {
  const small = Array.from({ length: 1000 }, (_, i) => ({ name: `small-${String(i).padStart(4, '0')}.md`, text: policyDocument(i + 1, 4_000, i % 2 ? 'en' : 'ja') }));
  const medium = Array.from({ length: 100 }, (_, i) => ({ name: `medium-${String(i).padStart(3, '0')}.md`, text: policyDocument(10_000 + i, 40_000, i % 2 ? 'en' : 'ja') }));
  const huge = { name: 'huge.md', text: policyDocument(99_999, 5_000_000, 'ja') };
  return { small, medium, huge };
}
