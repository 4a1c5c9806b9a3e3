import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../server/src/core/model/document';
import { defaultLexicon } from '../../server/src/lexicon';

/**
 * The reporting forms the extractor understands — one case per form, Japanese and English.
 * Each expectation is "from -> to [urgency]" with role ids (or the title as written), so the
 * table doubles as the list of supported phrasings.
 */
function edgesOf(markdown: string): string[] {
  const m = analyzeDocument('file:///t.md', markdown, { lexicon: defaultLexicon() });
  return m.edges.map((e) => `${e.from ? (e.from.role ?? e.from.display) : '?'} -> ${e.to.role ?? e.to.display} [${e.urgency}]`);
}

const ja: Array<[string, string, string[]]> = [
  ['AはBに報告する', '職員は、報告窓口に報告する。', ['staff -> contact-point [none]']],
  ['AはBに連絡する (直ちに)', 'CSIRT責任者は、直ちに最高情報セキュリティ責任者に連絡する。', ['csirt-lead -> ciso [immediate]']],
  ['AはBに通報する (condition)', 'CSIRTは、サイバー攻撃のおそれがある場合には、警察に通報する。', ['csirt -> police [none]']],
  ['AはBに届け出る', '職員は、速やかに報告窓口に届け出なければならない。', ['staff -> contact-point [prompt]']],
  ['Bに一報を入れる', 'CSIRT責任者は、最高情報セキュリティ責任者に一報を入れる。', ['csirt-lead -> ciso [none]']],
  ['AからBへ連絡する', '報告窓口からCSIRT責任者へ遅滞なく連絡する。', ['contact-point -> csirt-lead [prompt]']],
  ['passive 〜に報告されなければならない', 'インシデントは、CSIRT責任者から最高情報セキュリティ責任者に直ちに報告されなければならない。', ['csirt-lead -> ciso [immediate]']],
  ['noun form Bへの報告', 'CSIRTによる内閣サイバーセキュリティセンターへの報告は、速やかに行う。', ['csirt -> nisc [prompt]']],
  ['subject from the section heading', '## CSIRT責任者の責務\n\n- 最高情報セキュリティ責任者に直ちに報告する。\n', ['csirt-lead -> ciso [immediate]']],
  ['subject from a list lead-in', 'CSIRT責任者は、次のとおり対応する。\n\n1. 状況を確認する。\n2. 最高情報セキュリティ責任者に速やかに報告する。\n', ['csirt-lead -> ciso [prompt]']],
  ['arrow chain', '職員 → 報告窓口 → CSIRT責任者 → 最高情報セキュリティ責任者\n', ['staff -> contact-point [none]', 'contact-point -> csirt-lead [none]', 'csirt-lead -> ciso [none]']],
  ['full-width arrow ＞ and ⇒', '職員＞報告窓口⇒CSIRT責任者\n', ['staff -> contact-point [none]', 'contact-point -> csirt-lead [none]']],
  ['numbered escalation steps', '## 報告経路\n\n1. 報告窓口\n2. CSIRT責任者\n3. 最高情報セキュリティ責任者\n', ['contact-point -> csirt-lead [none]', 'csirt-lead -> ciso [none]']],
  ['table 報告者 | 報告先 | 期限', '| 報告者 | 報告先 | 期限 |\n|---|---|---|\n| 職員 | 報告窓口 | 直ちに |\n| 報告窓口 | CSIRT責任者 | 30分以内 |\n| CSIRT責任者 | 最高情報セキュリティ責任者 | 翌営業日 |\n', ['staff -> contact-point [immediate]', 'contact-point -> csirt-lead [prompt]', 'csirt-lead -> ciso [delayed]']],
  ['deadline 30分以内 is prompt (a deadline under a day)', '職員は、認知後30分以内に報告窓口へ報告する。', ['staff -> contact-point [prompt]']],
  ['deadline 3日以内 is delayed', 'CSIRT責任者は、3日以内に最高情報セキュリティ責任者に報告する。', ['csirt-lead -> ciso [delayed]']],
  ['発見次第 is immediate', '発見者は発見次第、システム管理者に報告します。', ['発見者 -> system-security-officer [immediate]']],
  ['urgency of another verb: 直ちに調査し', 'CSIRT責任者は、直ちに事実関係を調査し、最高情報セキュリティ責任者に報告する。', ['csirt-lead -> ciso [none]']],
  ['deadline 翌営業日 is delayed', 'CSIRT責任者は、翌営業日までに最高情報セキュリティ責任者に報告する。', ['csirt-lead -> ciso [delayed]']],
  ['two clauses with their own subjects', '職員は報告窓口に報告し、報告窓口はCSIRT責任者に直ちに報告する。', ['staff -> contact-point [none]', 'contact-point -> csirt-lead [immediate]']],
  ['shared subject across clauses and coordinated recipients', 'CSIRT責任者は、最高情報セキュリティ責任者及び統括情報セキュリティ責任者に報告するとともに、NISCに連絡する。', ['csirt-lead -> ciso [none]', 'csirt-lead -> chief-security-officer [none]', 'csirt-lead -> nisc [none]']],
  ['receiving: AはBから報告を受け', 'CSIRT責任者は、報告窓口から報告を受ける。', ['contact-point -> csirt-lead [none]']],
  ['subject carried to the next sentence', '報告を受けた報告窓口は、内容を記録する。必要なときは、CSIRT責任者に連絡する。', ['contact-point -> csirt-lead [none]']],
  ['NISC old name', 'CSIRTは、内閣官房情報セキュリティセンターに連絡する。', ['csirt -> nisc [none]']],
  ['NISC 2025 successor', 'CSIRTは、国家サイバー統括室に速やかに連絡する。', ['csirt -> nisc [prompt]']],
  ['full-width and spaced terms', 'ＣＳＩＲＴ責任者は、最高情報 セキュリティ責任者に直ちに報告する。', ['csirt-lead -> ciso [immediate]']],
  ['wrapped line inside a sentence', 'CSIRT責任者は、情報セキュリティインシデントを認知した場合には、直ちに最高情報セキュリティ責任者に\n報告する。', ['csirt-lead -> ciso [immediate]']],
];

const negativeJa: Array<[string, string]> = [
  ['negation 報告しない', '職員は、私物端末の不具合を報告窓口に報告しない。'],
  ['prohibition てはならない', '職員は、外部の者に連絡してはならない。'],
  ['compound noun 報告手順', '統括情報セキュリティ責任者は、報告窓口を含む報告手順を整備する。'],
  ['compound noun 報告窓口 alone', '報告窓口を設置する。'],
];

const en: Array<[string, string, string[]]> = [
  ['A reports to B', 'The CSIRT lead reports to the CISO.', ['csirt-lead -> ciso [none]']],
  ['A must notify B', 'Staff must notify the security hotline immediately.', ['staff -> contact-point [immediate]']],
  ['A escalates to B', 'The security hotline escalates to the CSIRT lead.', ['contact-point -> csirt-lead [none]']],
  ['A informs B without delay', 'The CSIRT lead informs the CISO without delay.', ['csirt-lead -> ciso [immediate]']],
  ['passive shall be reported to B by A', 'Incidents shall be reported to the CISO by the CSIRT lead promptly.', ['csirt-lead -> ciso [prompt]']],
  ['passive B must be notified by A', 'The CISO must be notified by the CSIRT lead as soon as possible.', ['csirt-lead -> ciso [prompt]']],
  ['A contacts B (condition)', 'If the incident is a cyber attack, the CSIRT contacts the police.', ['csirt -> police [none]']],
  ['A alerts B and C', 'The CSIRT lead alerts the CISO and the chief security officer.', ['csirt-lead -> ciso [none]', 'csirt-lead -> chief-security-officer [none]']],
  ['arrows ->', 'Staff -> Security hotline -> CSIRT lead -> CISO', ['staff -> contact-point [none]', 'contact-point -> csirt-lead [none]', 'csirt-lead -> ciso [none]']],
  ['numbered escalation steps', '## Escalation path\n\n1. Security hotline\n2. CSIRT lead\n3. CISO\n', ['contact-point -> csirt-lead [none]', 'csirt-lead -> ciso [none]']],
  ['table Reporter | Recipient | Deadline', '| Reporter | Recipient | Deadline |\n|---|---|---|\n| Staff | Security hotline | immediately |\n| Security hotline | CSIRT lead | within 30 minutes |\n| CSIRT lead | CISO | next business day |\n', ['staff -> contact-point [immediate]', 'contact-point -> csirt-lead [prompt]', 'csirt-lead -> ciso [delayed]']],
  ['subject from the section heading', '## Responsibilities of the CSIRT lead\n\n- Report to the CISO immediately.\n', ['csirt-lead -> ciso [immediate]']],
  ['within 24 hours is delayed (a day or more)', 'The CSIRT reports to NISC within 24 hours.', ['csirt -> nisc [delayed]']],
  ['within one hour is prompt', 'The CSIRT reports to NISC within one hour of discovery.', ['csirt -> nisc [prompt]']],
  ['24 hours a day is no deadline', 'Staff report to the security hotline, which is staffed 24 hours a day.', ['staff -> contact-point [none]']],
  ['in a timely manner is prompt', 'The CSIRT lead notifies the CISO in a timely manner.', ['csirt-lead -> ciso [prompt]']],
  ['weekly is delayed', 'The CSIRT lead briefs the CISO weekly.', ['csirt-lead -> ciso [delayed]']],
  ['two verbs, shared subject', 'The CSIRT lead reports to the CISO and notifies NISC.', ['csirt-lead -> ciso [none]', 'csirt-lead -> nisc [none]']],
];

const negativeEn: Array<[string, string]> = [
  ['negation must not', 'Staff must not contact the police directly.'],
  ['compound noun reporting procedure', 'The chief security officer maintains the reporting procedure.'],
  ['noun report without recipient', 'The CSIRT lead writes a report.'],
];

describe('Japanese reporting forms', () => {
  for (const [name, text, expected] of ja) it(name, () => expect(edgesOf(text)).toEqual(expected));
  for (const [name, text] of negativeJa) it(`no edge: ${name}`, () => expect(edgesOf(text)).toEqual([]));
});

describe('English reporting forms', () => {
  for (const [name, text, expected] of en) it(name, () => expect(edgesOf(text)).toEqual(expected));
  for (const [name, text] of negativeEn) it(`no edge: ${name}`, () => expect(edgesOf(text)).toEqual([]));
});

describe('conditions', () => {
  it('reads a Japanese cyber-attack condition', () => {
    const m = analyzeDocument('file:///t.md', 'CSIRTは、サイバー攻撃又はそのおそれがある場合には、警察に通報する。', { lexicon: defaultLexicon() });
    expect(m.edges[0]?.condition).toMatchObject({ cyber: true });
  });
  it('reads an English non-cyber condition', () => {
    const m = analyzeDocument('file:///t.md', 'If a laptop is stolen, staff report it to the police.', { lexicon: defaultLexicon() });
    expect(m.edges[0]?.condition).toMatchObject({ cyber: false });
  });
});
