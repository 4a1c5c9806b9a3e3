import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../server/src/core/model/document';
import { defaultLexicon } from '../../server/src/lexicon';

/**
 * One case per written form the readers understand (server/src/core/model/readers/), Japanese
 * and English, each with lookalikes that must read as nothing. Expectations use role ids or the
 * text as written: "from -> to [urgency]" for edges, "role := holder" for assignments.
 * docs/phrasings.md lists the same forms with examples.
 */
function read(markdown: string): { edges: string[]; assignments: string[] } {
  const m = analyzeDocument('file:///t.md', markdown, { lexicon: defaultLexicon() });
  const end = (e: { role?: string | undefined; display: string } | undefined): string => (e ? (e.role ?? e.display) : '?');
  return {
    edges: m.edges.map((e) => `${end(e.from)} -> ${end(e.to)} [${e.urgency}]`),
    assignments: m.assignments.map((a) => `${end(a.role)} := ${end(a.holder)}`),
  };
}
const edges = (md: string): string[] => read(md).edges;
const assignments = (md: string): string[] => read(md).assignments;

describe('Japanese prose: edges', () => {
  const cases: Array<[string, string, string[]]> = [
    ['a duty list under a 所掌 lead-in (text items)', 'CSIRTは、次に掲げる事務を所掌する。\n\n(1) 被害の拡大を防ぐための措置に関すること。\n(2) 最高情報セキュリティ責任者への報告に関すること。\n(3) 所管省庁へのインシデントに係る連絡に関すること。\n', ['csirt -> ciso [none]', 'csirt -> supervisor [none]']],
    ['a numbered paragraph speaks of its article’s subject', '第5条 CSIRTは、次の業務を行う。\n(1) インシデントの分析\n2 前項の業務の結果は、最高情報セキュリティ責任者へ報告するものとする。\n', ['csirt -> ciso [none]']],
    ['receiver side without a topic, under the team’s heading', '## CSIRTの役割\n\n- 部局長からの被害報告を受け、状況を分析する。\n', ['部局長 -> csirt [none]']],
    ['coordinated topics with 及び and や', '統括情報セキュリティ責任者及び情報セキュリティ責任者は、直ちにCSIRTに報告する。', ['chief-security-officer -> csirt [immediate]', 'security-officer -> csirt [immediate]']],
    ['coordinated reporters with や', '教職員や学生は、速やかに部局窓口に報告すること。', ['staff -> contact-point [prompt]', '学生 -> contact-point [prompt]']],
    ['a back-referring subject (当該責任者は)', '情報システムセキュリティ責任者は、異常を記録する。当該責任者は、記録した内容をCSIRTに速やかに報告する。', ['system-security-officer -> csirt [prompt]']],
    ['the whoever-notices reporter (…を発見した場合は)', '- 不審な通信を発見した場合は、情報システム課に連絡します。', ['staff -> 情報システム課 [none]']],
    ['a polite request through a channel (フォームから)', '障害やウイルス感染に気付いたときは、下記の通報フォームからご連絡ください。', ['staff -> 通報フォーム [none]']],
    ['a forward reference resolved by the contact line', 'インシデントが発生した場合、下記フォームより報告してください。\nお問い合わせ先：総合情報センター\n', ['staff -> 総合情報センター [none]']],
    ['a report handed in (報告書を…に提出する)', '部局情報セキュリティ責任者は、所定の報告書を3日以内にCSIRTに提出する。', ['security-officer -> csirt [delayed]']],
    ['a recipient carried to a joined clause', '事業団は、主務省に直ちに第一報を行い、その後の経過を適宜報告する。', ['? -> supervisor [immediate]', '? -> supervisor [none]']],
    ['where the report was received sends it on', '報告窓口で受けた報告は、速やかにCSIRT責任者に伝達される。', ['contact-point -> csirt-lead [prompt]']],
    ['伝える', 'セキュリティ窓口は、報告を受けたら速やかにCSIRT責任者へ伝えます。', ['contact-point -> csirt-lead [prompt]']],
    ['その他の before a vague recipient keeps the named one', 'CSIRTは、内閣サイバーセキュリティセンターその他の関係機関に連絡する。', ['csirt -> nisc [none]']],
    ['a table whose cells are sentences, with an actor column', '|  |  |  |\n|---|---|---|\n| 手順1 | 第一発見者は直ちに対応責任者に報告します。 | 第一発見者 |\n| 手順2 | 対応責任者は不正アクセスの場合は警察署に届け出ます。 | 対応責任者 |\n', ['第一発見者 -> 対応責任者 [immediate]', '対応責任者 -> police [none]']],
    ['a colon list of cases and recipients', '## 漏洩者は、次のとおり対処する。\n\n関係先への連絡先\n  盗難 :警察\n  紛失 :総務課\n', ['漏洩者 -> police [none]', '漏洩者 -> 総務課 [none]']],
    ['gapped pairs sharing one verb', '報告窓口は直ちにCSIRT責任者に、CSIRT責任者は直ちにCISOに報告する。', ['contact-point -> csirt-lead [immediate]', 'csirt-lead -> ciso [immediate]']],
    ['gapped pairs with それぞれ, urgency per clause', '報告窓口はCSIRT責任者に、CSIRT責任者は速やかにCISOに、それぞれ報告する。', ['contact-point -> csirt-lead [none]', 'csirt-lead -> ciso [prompt]']],
    ['a second clause with its own verb is no gapping', 'CSIRT責任者は、CISOに報告し、CISOは必要に応じNISCに連絡する。', ['csirt-lead -> ciso [none]', 'ciso -> nisc [none]']],
    ['duties of a body set up and made to act (causative)', '庁にCSIRTを置き、被害の拡大防止、情報システムの復旧、CISOへの報告及び再発防止に当たらせる。', ['csirt -> ciso [none]']],
    ['duties given to the causee marked に', 'CISOは、CSIRTにNISCへの連絡を行わせる。', ['csirt -> nisc [none]']],
    ['the office of an outside body is the body', 'CSIRT責任者は、直ちに主務省の情報セキュリティ担当部局に電話で第一報を入れる。', ['csirt-lead -> supervisor [immediate]']],
    ['the desk of the police is the police', 'CSIRTは、不正アクセスによる被害を警察の相談窓口に通報する。', ['csirt -> police [none]']],
    ['an office of one’s own stays as written', 'CSIRTは、総務課の担当者に速やかに連絡する。', ['csirt -> 担当者 [prompt]']],
    ['an e-mail address as the recipient', '職員は、インシデントを認知したときは、csirt@example.go.jp に直ちに報告する。', ['staff -> contact-point [immediate]']],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(edges(text)).toEqual(want));

  const none: Array<[string, string]> = [
    ['a definition (…をいう)', '(1) インシデント対応 被害の把握、関係機関への報告、公表等の一連の対応をいう。'],
    ['a structure for reporting (体制を整える)', '部局総括責任者は、CSIRTと連携して、連絡及び報告のための体制を整える。'],
    ['a source, not a recipient (…から提供される)', 'センターは、NISCから提供される注意喚起を各部局へ転送しない。'],
    ['deputising (…に事故があるときは)', '統括情報セキュリティ責任者は、CISOに事故があるときは、その職務を代理する。'],
    ['approval (…の承認を得て)', 'CSIRT責任者は、最高情報セキュリティ責任者の承認を得て、担当者を追加する。'],
    ['an announcement to generic insiders', 'システム管理者は、社内関係者に周知します。'],
    ['a report to nobody in particular', 'CSIRTは、関係者に速やかに連絡する。'],
  ];
  for (const [name, text] of none) it(`no edge: ${name}`, () => expect(edges(text)).toEqual([]));
  it('an actor of its own keeps the section’s subject away', () => {
    expect(edges('## CSIRT責任者の責務\n\n- 外部委託先は、障害を情報システム課に連絡する。\n')).toEqual(['外部委託先 -> 情報システム課 [none]']);
  });
});

describe('English prose: edges', () => {
  const cases: Array<[string, string, string[]]> = [
    ['the office of an outside body is the body', 'The CSIRT Lead notifies the security office of the supervising ministry without delay.', ['csirt-lead -> supervisor [immediate]']],
    ['a possessive outside body', 'The CSIRT reports cyber attacks to the local police’s cyber crime unit.', ['csirt -> police [none]']],
    ['an office of one’s own stays as written', 'Staff report incidents to the service desk of the IT Division.', ['staff -> contact-point [none]']],
    ['coordinated reporters', 'Faculty members and students are asked to report suspected incidents promptly to the Director of Campus Technology.', ['Faculty members -> Director of Campus Technology [prompt]', 'students -> Director of Campus Technology [prompt]']],
    ['a lower-case recipient with a possessive', 'Users of campus systems must report incidents to their departmental security liaison.', ['staff -> departmental security liaison [none]']],
    ['the reader addressed ("If you …, contact …")', 'If you notice unusual activity on your account, contact your department’s technical support person right away.', ['staff -> technical support person [immediate]']],
    ['an agentless passive continues the instruction', 'You must report any lost laptop via the IT Portal.\n\nLost laptops can also be reported by calling the service desk.\n', ['staff -> IT Portal [none]', 'staff -> contact-point [none]']],
    ['a title glossed by a lexicon acronym takes its role', 'Agencies must report incidents to the National Cyber Security Centre (NISC) within one hour of discovery.', ['Agencies -> nisc [prompt]']],
    ['"It is the responsibility of X to …"', 'It is the responsibility of the employee who finds a breach to immediately notify his or her supervisor and to report it to the Privacy Office.', ['staff -> supervisor [immediate]', 'staff -> Privacy Office [none]']],
    ['"requires X to report"', 'The agency requires personnel to report incidents to the organizational incident response capability within 48 hours.', ['staff -> csirt [delayed]']],
    ['a passive reporter named by the locative', 'A breach in a county department shall be reported to the chief information security officer.', ['county department -> ciso [none]']],
    ['a pronoun subject from the sentence before', 'The Chief Information Security Officer is the Vice President for Technology. He reports serious breaches to the Board of Trustees promptly.', ['ciso -> Board of Trustees [prompt]']],
    ['gerund duties under "Responsibilities of X:"', 'Responsibilities of the CSIRT Lead:\n\n- Reporting incident status to the CISO\n- Notifying law enforcement when a crime is suspected\n', ['csirt-lead -> ciso [none]', 'csirt-lead -> police [none]']],
    ['a recipient-only table under the section’s subject', '## Notification (Incident Response Manager)\n\n| Severity | Notify | Within |\n|---|---|---|\n| High | CISO | 1 hour |\n| Medium | CISO | 3 days |\n', ['csirt-lead -> ciso [prompt]', 'csirt-lead -> ciso [delayed]']],
    ['a fallback inside a recipient list', 'The officer shall give notice to the director, or the deputy director in the event the director is absent, and the chief information officer.', ['? -> director [none]', '? -> deputy director [none]', '? -> chief information officer [none]']],
    ['a proper noun recipient', 'Major incidents should be reported to Parliament within 14 days.', ['? -> Parliament [delayed]']],
    ['an agentless duty passive on suspected incidents is addressed to the staff', 'All suspected security incidents must be reported to the Security Team.', ['staff -> Security Team [none]']],
    ['a discovery condition with no comma, then a duty passive', 'If a password is compromised or suspected of compromise the incident should be escalated to the information security team immediately.', ['staff -> information security team [immediate]']],
    ['a passive duty on violations, to an internal post', 'Any known violations of this policy should be reported to the IT Manager.', ['staff -> IT Manager [none]']],
    ['a report the organization owes outside names no reporter', 'Any breach of personal data must be reported to the police.', ['? -> police [none]']],
    ['contacting a team for advice is no report', 'For any further questions, contact security@example.org, or for security advice, contact the Cyber Assistance Team.', []],
    ['questions after the verb: no report', 'Contact the CISO if you have any questions about this policy.', []],
    ['a relative "who" continues the chain from the recipient', 'The incident handler notifies the CSIRT manager, who then notifies the CIO.', ['incident handler -> csirt-lead [none]', 'csirt-lead -> CIO [none]']],
    ['a relative "which" on a desk', 'Staff report to the Service Desk, which escalates confirmed incidents to the CSIRT lead.', ['staff -> contact-point [none]', 'contact-point -> csirt-lead [none]']],
    ['a coordinated recipient behind a comma-bounded case', 'The CSIRT notifies NISC promptly and, for cyber attacks, the police.', ['csirt -> nisc [prompt]', 'csirt -> police [prompt]']],
    ['a comma-bounded case before a verb is not a recipient', 'The CSIRT notifies NISC promptly and, for most incidents, handles them itself.', ['csirt -> nisc [prompt]']],
    ['the receiver named in the subject sends it on', 'Reports received by the Service Desk are forwarded to the Security Office.', ['contact-point -> Security Office [none]']],
    ['"the desk" refers back to the desk named before', 'The Incident Reporting Desk is the point of contact for incidents. Reports received by the desk are passed to the CSIRT lead without delay.', ['contact-point -> csirt-lead [immediate]']],
    ['a passive’s agent carries to the next sentence of its paragraph', 'NISC is notified by the CSIRT. Staff are also informed.', ['csirt -> nisc [none]', 'csirt -> staff [none]']],
    ['an agentless passive to its subject borrows no reporter from another paragraph', 'NISC is notified by the CSIRT.\n\nStaff are notified of every closed incident.\n', ['csirt -> nisc [none]', '? -> staff [none]']],
    ['"passed on to"', 'The duty officer passes the report on to the CISO at once.', ['duty officer -> ciso [immediate]']],
    ['mixed language: English with Japanese glosses', 'The CSIRT Lead (CSIRT責任者) informs the CISO (最高情報セキュリティ責任者) immediately.', ['csirt-lead -> ciso [immediate]']],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(edges(text)).toEqual(want));

  const none: Array<[string, string]> = [
    ['a temporal clause restates, it does not require', 'Once an incident is reported to the security office, the office opens a ticket.'],
    ['a relative clause in parentheses', 'Coordinators review every incident (including those reported to them by users) before closing it.'],
    ['an agentless passive with no recipient', 'Security incidents must be reported immediately upon discovery.'],
    ['advocacy', 'Establishing an incident response team is a great way to respond quickly.'],
    ['cooperation', 'The CIRT works closely with your security team during the investigation.'],
    ['staff informed of the procedure', 'Staff are informed of this procedure through the intranet and annual training.'],
  ];
  for (const [name, text] of none) it(`no edge: ${name}`, () => expect(edges(text)).toEqual([]));
});

describe('assignments', () => {
  const cases: Array<[string, string, string[]]> = [
    ['「Rを置き、Hをもってこれに充てる」', '本市に最高情報セキュリティ責任者を置き、総務局長をもってこれに充てる。', ['ciso := 総務局長']],
    ['「…として…を置き」 is no assignment of the description', '全体を統括する最高責任者として最高情報セキュリティ責任者を置き、副市長をもってこれに充てる。', ['ciso := 副市長']],
    ['「Rは、…、Hがこれにあたる」', '情報セキュリティ管理者は、学園の情報セキュリティを管理し、情報システム室長がこれにあたる。', ['情報セキュリティ管理者 := 情報システム室長']],
    ['「XはYとし、」 twice', '統括責任者は情報担当理事とし、管理責任者は情報化推進室長とする。', ['統括責任者 := 情報担当理事', '管理責任者 := 情報化推進室長']],
    ['holder(role) glosses', '委員は、次のとおりとする。\n    総務課長（統括情報セキュリティ責任者）\n    情報政策課長（情報セキュリティ責任者）\n', ['chief-security-officer := 総務課長', 'security-officer := 情報政策課長']],
    ['(=A 兼 B) names two roles of one post', '担当者は、事故が起きた場合、所長(=個人情報保護責任者 兼 情報セキュリティ責任者)に連絡する。', ['個人情報保護責任者 := 所長', 'security-officer := 所長']],
    ['a designation as holder', 'CSIRT責任者は、情報センターの教員のうちから、最高情報セキュリティ責任者が指名する。', ['csirt-lead := 情報センターの教員']],
    ['a team lead by another name, identified by its duty', 'リーダーは、本学の職員のうちから、学長が指名する。\n\nリーダーは、本学CSIRTの業務を統括する。\n', ['csirt-lead := 本学の職員']],
    ['membership items and a back-reference', '第2条 CSIRTは、次に掲げる者をもって組織する。\n(1) 情報基盤センターの教員\n(2) 情報推進課の職員\n2 CSIRTにチームリーダーを置き、前項第1号に掲げる者の中から最高情報セキュリティ責任者が指名する。\n', ['csirt-member := 情報基盤センターの教員', 'csirt-member := 情報推進課の職員', 'csirt-lead := 情報基盤センターの教員']],
    ['a term and its holder separated by white space', 'CSIRTは、次に掲げる者で構成する。\n\n(1) CSIRT責任者　情報基盤センター長の職にある者\n', ['csirt-lead := 情報基盤センター長']],
    ['a role table with an empty first header cell over role names', '|  | 構成 | 役割 |\n|---|---|---|\n| CSIRT責任者 | 総務部長 | インシデント対応を統括する。 |\n| CSIRT要員 | 情報システム担当者の中からCSIRT責任者が指名する。 | 対応を行う。 |\n', ['csirt-lead := 総務部長', 'csirt-member := 情報システム担当者']],
    ['a pool designation in 「…をもって充てる」 (a member role)', 'CSIRT員は、情報政策課の主査及び係員のうちから最高情報セキュリティ責任者が指名する者をもって充てる。', ['csirt-member := 情報政策課の主査及び係員']],
    ['a designation inside 「Rには…を充てる」 is one holder', 'CSIRT要員には、情報管理室の係員のうちからCSIRT責任者が指名する者を充てる。', ['csirt-member := 情報管理室の係員']],
    ['a designation from a back-reference is kept as written', '前条第2項に掲げる者のうちから最高情報セキュリティ責任者が指名する者をCSIRT要員とする。', ['csirt-member := 前条第2項に掲げる者のうちから最高情報セキュリティ責任者が指名する者']],
    ['「Rには、Hがあたる」', 'CSIRTの責任者には、情報企画監があたる。', ['csirt-lead := 情報企画監']],
    ['「RはHとし、R2を兼ねる」: one holder, two roles', 'CSIRT責任者は、情報管理部長とし、情報システムセキュリティ責任者を兼ねる。', ['csirt-lead := 情報管理部長', 'system-security-officer := 情報管理部長']],
    ['「…を兼ねてはならない」 gives no second role', 'CSIRT責任者は、情報管理部長とし、情報システムセキュリティ責任者を兼ねてはならない。', ['csirt-lead := 情報管理部長']],
    ['an alias clause before the holder, and a portfolio kept with the post', '最高情報セキュリティ責任者は、CISOと称し、理事（総務担当）をもって充てる。', ['ciso := 理事（総務担当）']],
    ['an alias in parentheses is not part of the holder', 'CISOは、情報政策課長（以下「課長」という。）をもって充てる。', ['ciso := 情報政策課長']],
    ['those named besides (「…のほか、」) are not the holder', 'CSIRT要員には、CSIRT責任者のほか、情報企画課の係長及び担当者のうちから、専門的な知識を有する者をCISOが指名する。', ['csirt-member := 情報企画課の係長及び担当者']],
    ['bare team posts in a table about the CSIRT', '## （CSIRTの構成）\n\n| 区分 | 構成員 |\n|---|---|\n| 責任者 | 情報企画室長 |\n| 副責任者 | 情報企画室長補佐 |\n| 要員 | 情報企画室の職員のうちから責任者が指名する者 |\n', ['csirt-lead := 情報企画室長', '副責任者 := 情報企画室長補佐', 'csirt-member := 情報企画室の職員']],
    ['a bare 「責任者」 in a table about a committee stays as written', '## （委員会の構成）\n\n| 区分 | 構成員 |\n|---|---|\n| 責任者 | 総務部長 |\n', ['責任者 := 総務部長']],
    ['English: bare team posts in a table about the CSIRT', '## Computer Security Incident Response Team (CSIRT)\n\n| Position | Held by |\n|---|---|\n| Lead | Manager of Network Operations |\n| Members | Network Operations analysts |\n', ['csirt-lead := Manager of Network Operations', 'csirt-member := Network Operations analysts']],
    ['an incident handler in a role table', '|  | 構成 | 役割 |\n|---|---|---|\n| インシデントハンドラー | 情報システム担当者の中からCSIRT責任者が指名する。 | 分析と対応方針の検討を行う。 |\n', ['インシデントハンドラー := 情報システム担当者']],
    ['made known as the contact point', '当社は、対応を推進する部署(CSIRT)を定め、社内に報告窓口として周知している。', ['contact-point := csirt']],
    ['a duty list that receives reports', 'CSIRTは、次に掲げる業務を行う。\n\n(1) インシデントの通報受付に関すること。\n', ['contact-point := csirt']],
    ['English: designated from among', 'The Incident Coordinator is appointed by the CISO from among the senior analysts.', ['Incident Coordinator := senior analysts']],
    ['English: a holder in parentheses', 'Incidents are escalated to the IRT Lead (currently the Manager of Network Operations) within 30 minutes.', ['csirt-lead := Manager of Network Operations']],
    ['English: "X leads the incident response team"', 'The Director of IT Services leads the incident response team.', ['csirt-lead := Director of IT Services']],
    ['English: "shall serve as the point of contact" with a coordinated holder', 'The chief information security officer or the officer’s designee shall serve as the agency’s point of contact for incidents.', ['contact-point := ciso']],
    ['English: a lexicon name designated as its role', 'The Help Desk shall serve as the point of contact for reporting incidents.', ['contact-point := Help Desk']],
    ['English: "X is the Y" reads the lexicon role as the role', 'The Chief Information Security Officer is the Vice President for Technology.', ['ciso := Vice President for Technology']],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(assignments(text)).toEqual(want));

  const none: Array<[string, string]> = [
    ['chairing and deputising', '委員会は、総務部長が主宰する。'],
    ['a definition with a katakana reading', '(1) CISO（シーアイエスオー） 本学の情報セキュリティを統括する最高情報セキュリティ責任者をいう。'],
    ['a negated designation', 'CSIRT責任者は、情報システムセキュリティ責任者を兼ねてはならない。'],
    ['English: must not also serve', 'The CSIRT lead must not also serve as a system owner.'],
    ['a bare 「責任者」 in a table that is not about the CSIRT is nobody\'s lead', '## （委員会の構成）\n\n| 区分 | 構成員 |\n|---|---|\n| 要員 | 総務課の職員 |\n'],
  ];
  for (const [name, text] of none) it(`no assignment: ${name}`, () => expect(assignments(text)).toEqual([]));
});

describe('mentions do not swallow ordinary words', () => {
  it('「内部」「全部」「一部」 are no titles, so a measure reads', () => {
    const m = analyzeDocument('file:///t.md', '---\nkijun: policy\n---\n# 対策基準\n\nログを分析し、内部に侵入した攻撃を早期に検知する。\n', { lexicon: defaultLexicon() });
    expect(m.mentions.flat().map((x) => x.display)).not.toContain('内部');
    expect(m.measures).toContain('detection');
  });
  it('an article number is not part of a name (第2条 委員会は)', () => {
    const m = analyzeDocument('file:///t.md', '第2条 委員会は、結果を市長に報告する。', { lexicon: defaultLexicon() });
    expect(m.edges.map((e) => `${e.from?.display} -> ${e.to.display}`)).toEqual(['委員会 -> 市長']);
  });
});

/** "kind post: what" for what posts are said to do (readers/responsibilities.ts). */
function responsibilities(markdown: string): string[] {
  const m = analyzeDocument('file:///t.md', markdown, { lexicon: defaultLexicon() });
  return m.responsibilities.map((r) => {
    const what = r.object ? `: ${markdown.slice(r.object.start, r.object.end)}` : r.to ? `: ${r.to.map((t) => t.role ?? t.display).join(', ')}` : '';
    return `${r.kind} ${r.post.role ?? r.post.display}${what}`;
  });
}

describe('responsibilities: operating the systems, leading the response, liaison, independence', () => {
  const cases: Array<[string, string, string[]]> = [
    ['ja: 運用管理を所掌する', 'CSIRT責任者は、情報システムの運用管理を所掌する。', ['operates csirt-lead: 情報システム']],
    ['ja: …を管理・運用する', '情報システム部長は、全庁の情報システムを管理・運用する。', ['operates 情報システム部長: 全庁の情報システム']],
    ['ja: …の運用を担う, joined to 対処方針を決定し', 'CTOは、インシデントへの対処方針を決定し、クラウド基盤の運用を担う。', ['leads CTO', 'operates CTO: クラウド基盤']],
    ['ja: duties under the post’s heading', '### 情報セキュリティ管理者\n\n- インシデント対応を統括する。\n- 情報システムの運用管理に関すること。\n', ['leads 情報セキュリティ管理者', 'operates 情報セキュリティ管理者: 情報システム']],
    ['ja: a liaison to the police and the board', '情報システム課長は、警察及び取締役会との窓口を務める。', ['liaison 情報システム課長: police, 取締役会']],
    ['ja: negated operation is independence (after an adverbial clause)', 'CSIRT責任者は、インシデントの対処に当たっては、情報システムの運用管理に従事しない者とする。', ['independent csirt-lead: 情報システム']],
    ['en: is responsible for running', 'The Head of Platform Operations is responsible for running the production infrastructure.', ['operates Head of Platform Operations: the production infrastructure']],
    ['en: a list of nouns ending in operation … of', '### CTO\n\n- Responsible for the design, development, implementation, operation, maintenance and monitoring of development and commercial cloud hosting security controls\n', ['operates CTO: development and commercial cloud hosting security controls']],
    ['en: leads the response and administers, one sentence', "The Information Security Manager leads the incident response and administers the company's servers.", ['leads Information Security Manager', "operates Information Security Manager: the company's servers"]],
    ['en: coordinated posts decide the mitigations of incidents', 'The CEO and CTO shall determine any immediate or long term mitigations or remedial actions that need to be taken as a result of an incident or breach.', ['leads CEO', 'leads CTO']],
    ['en: a liaison duty in a role table row', '| Roles | Responsibilities |\n|---|---|\n| IT Manager | - Serve as liaison to the Board of Directors, Law Enforcement, Internal Audit and General Counsel. |\n', ['liaison IT Manager: Board of Directors, police']],
    ['en: must not be responsible for operating is independence', 'The incident commander must not be responsible for operating the affected systems.', ['independent csirt-lead: the affected systems']],
    ['en: does not administer is independence', 'The Incident Response Manager does not administer any production system.', ['independent csirt-lead: any production system']],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(responsibilities(text)).toEqual(want));

  const none: Array<[string, string]> = [
    ['ja: familiar with the operation', 'CSIRT責任者は、情報システムの運用管理に通じている者とする。'],
    ['ja: the department that operates, as a source', 'CSIRT責任者は、情報システムを運用する部署から報告を受ける。'],
    ['ja: an unknown topic before the duty', '報告を受けた者は、インシデント対応を指揮する。'],
    ['ja: a negated lead', 'CTOは、インシデント対応を指揮しない。'],
    ['en: familiar with the operation', 'The CSIRT lead is familiar with the operation of the information systems.'],
    ['en: operating systems are things, not a duty', '### CSIRT lead\n\n- Operating systems of compromised hosts are reinstalled.\n'],
    ['en: incidents handled by a department', 'Security incidents are handled by the IT department.'],
    ['en: a negated lead', 'The CTO does not lead the incident response.'],
    ['en: the incident response team, not the response', 'The CTO manages the incident response team budget.'],
    ['en: a post after a preposition is no subject', 'Incidents are reported to the CTO, who is informed by the team.'],
    ['en: business operations', 'The CFO is responsible for business operations in the region.'],
  ];
  for (const [name, text] of none) it(`nothing: ${name}`, () => expect(responsibilities(text)).toEqual([]));

  it('"The CTO leads the …": a verb, not a plural head "CTO leads"', () => {
    const m = analyzeDocument('file:///t.md', 'The CTO leads the incident response.', { lexicon: defaultLexicon() });
    expect(m.mentions.flat().map((x) => x.display)).toEqual(['CTO']);
  });
});
