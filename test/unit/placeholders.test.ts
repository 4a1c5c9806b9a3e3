import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../server/src/core/model/document';
import { withoutPlaceholders } from '../../server/src/core/model/placeholders';
import { rules } from '../../server/src/core/rules/registry';
import { MAX_PROBES, placeholderStatements, unfilledRequirements } from '../../server/src/core/set/unfilled';
import type { PolicySet } from '../../server/src/core/set/policySet';
import type { Finding } from '../../server/src/core/types';
import { readSuppressions } from '../../server/src/core/suppress';
import { defaultLexicon } from '../../server/src/lexicon';
import { analyzePaths, analyzeTexts, markdownFiles } from '../helpers/workspace';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const fixtures = join(repo, 'test/fixtures/rules/placeholder-unfilled');

/** The placeholders found in one Markdown text. */
function found(markdown: string): string[] {
  return analyzeDocument('file:///ws/p.md', markdown, { lexicon: defaultLexicon() }).placeholders.map((p) => p.text);
}

describe('placeholder detector: what is a placeholder', () => {
  const cases: Array<[string, string, string]> = [
    // [what, Markdown, the placeholder as written]
    ['a fix placeholder in tortoise-shell brackets', 'CSIRT責任者には、〔役職名〕を充てる。', '〔役職名〕'],
    ['a long fix placeholder', 'CSIRTは、〔影響範囲の隔離・遮断の手順〕を実施する。', '〔影響範囲の隔離・遮断の手順〕'],
    ['a reason placeholder', '理由は〔理由〕とする。', '〔理由〕'],
    ['a placeholder made of ○○', '報告窓口は〔○○課〕に置く。', '〔○○課〕'],
    ['a blank date', '〔令和　年　月　日〕から施行する。', '〔令和　年　月　日〕'],
    ['lenticular brackets', '【会社名】情報セキュリティ基本方針', '【会社名】'],
    ['a Japanese template field in square brackets', '最終更新日：[更新日]', '[更新日]'],
    ['full-width square brackets', '内線［内線番号］に連絡する。', '［内線番号］'],
    ['full-width angle brackets', '＜部署名＞に報告する。', '＜部署名＞'],
    ['Japanese in angle brackets', '<会社名>の職員は報告する。', '<会社名>'],
    ['double braces', 'Report to {{SECURITY_EMAIL}}.', '{{SECURITY_EMAIL}}'],
    ['double braces with spaces', 'The {{ incident_commander }} decides.', '{{ incident_commander }}'],
    ['Japanese in double braces', '役員は、{{報告先}}に報告する。', '{{報告先}}'],
    ['upper-case square brackets', 'Owner: [ORGANIZATION NAME]', '[ORGANIZATION NAME]'],
    ['an identifier in square brackets', 'Call [security_phone].', '[security_phone]'],
    ['Title Case square brackets', 'See the [Company Name] network diagram.', '[Company Name]'],
    ['an instruction in square brackets', 'Tickets go to [Insert ticketing system].', '[Insert ticketing system]'],
    ['an undecided value', 'Version: [TBD]', '[TBD]'],
    ['an unknown tag', 'The CSIRT lead is the <post>.', '<post>'],
    ['an unknown tag with words', 'Send an email to <insert email address here>.', '<insert email address here>'],
    ['an upper-case unknown tag', 'Inform <ORGANIZATION NAME> legal counsel.', '<ORGANIZATION NAME>'],
    ['a fix placeholder written as code', 'The CSIRT lead is the `<post>`.', '<post>'],
    ['a multi-word fix placeholder written as code', 'The CSIRT contains it: `<steps to isolate affected systems and accounts>`.', '<steps to isolate affected systems and accounts>'],
    ['a bracket written as code', 'Owner: `{{OWNER}}`', '{{OWNER}}'],
    ['an HTML block that is a placeholder', '<insert company name here>\nnext line', '<insert company name here>'],
    ['a heading', '# {{COMPANY_NAME}} Incident Response Plan', '{{COMPANY_NAME}}'],
    ['a table cell', '| 役割 | 担当 |\n|---|---|\n| CSIRT責任者 | 〔役職名〕 |', '〔役職名〕'],
  ];
  for (const [what, markdown, text] of cases) {
    it(what, () => {
      expect(found(`# Policy\n\n${markdown}\n`)).toEqual([text]);
    });
  }
});

describe('placeholder detector: what is not', () => {
  const cases: Array<[string, string]> = [
    ['task-list checkboxes', '- [ ] review the list\n- [x] test the hotline\n- [X] done'],
    ['a checkbox written in text', 'Status: [ ] open, [x] closed'],
    ['a footnote reference, defined or not', 'Defined in the charter[^1] and the annex[^note].\n\n[^1]: The charter.'],
    ['numeric citations', 'See NIST SP 800-61 [1], [2, 3] and [4-6].'],
    ['a link and a reference link', 'See the [ORGANIZATION NAME](./org.md) and the [Company Name][c].\n\n[c]: ./c.md'],
    ['a reference definition nothing uses', '[更新日]: ./history.md'],
    ['HTML tags', 'Line<br>break <a name="roles"></a><details open><summary>Roles</summary>x</details> <span class="n">k</span> <address>here</address>'],
    ['autolinks and e-mail autolinks', 'See <https://example.gov/security> or write to <security@example.gov>.'],
    ['code that merely contains a bracket', 'Run `ssh <host>`, `grep [NAME] log` and `{{ site.title }}`.'],
    ['a code block', '```text\nCSIRT lead: <post>\nContact: {{SECURITY_EMAIL}} 〔役職名〕\n```'],
    ['an HTML comment (a suppression)', '<!-- kijun-disable-next-line clause-reference -- 〔理由〕 -->\nSee 2.2.4(3).'],
    ['a site generator expression', 'The site shows {{ site.title }}, {{ page.date | date }} and {{< ref "plan" >}}.'],
    ['editorial brackets', 'The notes [sic], [Draft], [emphasis added] and [the Agency] stay.'],
    ['a lower-case word in square brackets', 'See [name] and [date].'],
    ['a date that is filled in', '〔平成 28 年 1 月 25 日〕\n\n〔平成二十八年一月二十五日改正〕'],
    ['labels and notes', '〔注〕 本基準は統一基準に準拠する。\n\n〔手順〕 次のとおり対処する。\n\n【至急】の表示は件名に用いる。'],
    ['a slot of a quoted message', '件名は「【至急】〔システム名〕の障害について」とする。Messages saying "Hello [FIRST NAME]" are phishing.'],
    ['a slot of a script line', '* INCIDENT COMMANDER (IC): My name is [NAME]. I have designated [NAME] as Deputy.\n* IC: [If this is an incident]:\n  * The team will be led by [NAME].'],
    ['a block quote', '> This is [NAME], I am the Incident Commander.\n\n> 〔所属〕の〔氏名〕です。'],
    ['comparison signs', 'If a < b and c > d, escalate; 1 < 2.'],
  ];
  for (const [what, markdown] of cases) {
    it(what, () => {
      expect(found(`# Policy\n\n${markdown}\n`)).toEqual([]);
    });
  }

  it('front matter', () => {
    expect(found('---\ntitle: "{{COMPANY_NAME}} policy"\nowner: <post>\n---\n\n# Policy\n')).toEqual([]);
  });

  it('a note label is no speaker: "NOTE:" leaves its placeholders to the author', () => {
    expect(found('# Policy\n\nNOTE: replace [ORGANIZATION NAME] before publishing.\n')).toEqual(['[ORGANIZATION NAME]']);
  });
});

describe('the placeholders the fixes write', () => {
  /** Every 〔…〕 and every `<…>` in the rules' messages (fix texts and examples). */
  const written = new Set<string>();
  for (const r of rules) {
    for (const m of Object.values(r.meta.messages)) {
      for (const s of [m.ja, m.en]) for (const x of s.matchAll(/〔[^〔〕]+〕|`<[^`>]+>`/gu)) written.add(x[0]);
    }
  }

  it('are many, in both languages', () => {
    expect([...written].some((w) => w.startsWith('〔'))).toBe(true);
    expect([...written].some((w) => w.startsWith('`<'))).toBe(true);
    expect(written.size).toBeGreaterThan(10);
  });

  for (const w of written) {
    it(`${w} is a placeholder`, () => {
      expect(found(`# Policy\n\nThe text ${w} is to be filled.\n`)).toEqual([w.replace(/^`|`$/gu, '')]);
    });
  }

  it('a justification of only 〔理由〕, <reason> or another placeholder is none', () => {
    for (const j of ['〔理由〕', '<reason>', '[TBD]', 'TBD', '{{reason}}', '〔例外措置の番号〕 〔承認日〕', '—']) {
      expect(/[\p{L}\p{N}]/u.test(withoutPlaceholders(j).rest), j).toBe(false);
    }
    for (const j of ['例外措置申請 2026-014 により承認', 'exception 2026-014 <reason> approved by the CISO', '旧版の条番号〔平成24年度版〕を引用']) {
      expect(/[\p{L}\p{N}]/u.test(withoutPlaceholders(j).rest), j).toBe(true);
    }
  });
});

describe('placeholders satisfy nothing: the requirement they block', () => {
  const blockedBy = (file: string) => {
    const path = join(fixtures, file);
    const r = analyzePaths([path]);
    const out: Record<string, string[]> = {};
    for (const f of r.findings.get(pathToFileURL(path).href) ?? []) {
      if (f.rule !== 'placeholder-unfilled') continue;
      const text = /"([^"]+)"/u.exec(f.message.en)![1]!;
      out[text] = [...(out[text] ?? []), ...f.clauses];
    }
    return { out, findings: r.findings.get(pathToFileURL(path).href) ?? [] };
  };

  it('Japanese: a CSIRT lead 〔役職名〕 is no holder, a contact point at 〔部署名〕（電話：〔番号〕） no contact point', () => {
    const { out, findings } = blockedBy('ja-fix-placeholders.md');
    expect(out['〔役職名〕']).toEqual(['2.1.1(6)(b)']);
    expect(out['〔部署名〕']).toEqual(['2.2.4(1)(a)']);
    expect(out['〔番号〕']).toEqual(['2.2.4(1)(a)']);
    // Sharing outside is stated elsewhere (NISC and the police): 〔共有先の機関〕 blocks nothing.
    expect(out['〔共有先の機関〕']).toEqual([]);
    // The rules the placeholders seem to satisfy stay silent: one finding per placeholder, no knock-on.
    expect(findings.map((f) => f.rule).filter((r) => r !== 'placeholder-unfilled')).toEqual([]);
    const lead = findings.find((f) => f.message.en.startsWith('"〔役職名〕"'))!;
    expect(lead.message.en).toContain('A post is designated CSIRT lead (2.1.1(6)(b))');
    expect(lead.message.ja).toContain('CSIRT責任者が置かれている（2.1.1(6)(b)）');
    expect(lead.fixes).toEqual([]);
  });

  it('English: "The CSIRT lead is the `<post>`" designates nobody; `<office>` and `<number>` define no contact point', () => {
    const { out, findings } = blockedBy('en-fix-placeholders.md');
    expect(out['<post>']).toEqual(['2.1.1(6)(b)']);
    expect(out['<office>']).toEqual(['2.2.4(1)(a)']);
    expect(out['<number>']).toEqual(['2.2.4(1)(a)']);
    expect(findings.map((f) => f.rule).filter((r) => r !== 'placeholder-unfilled')).toEqual([]);
  });

  it('a template placeholder that no requirement depends on is reported without clauses', () => {
    const { out } = blockedBy('en-template-forms.md');
    expect(out['{{COMPANY_NAME}}']).toEqual([]);
    expect(out['[ORGANIZATION NAME]']).toEqual([]);
  });

  it('a reporter that is a placeholder is no reporter: both links of a chain through 〔役職名〕 block it', () => {
    const policy = [
      '---',
      'kijun: policy',
      '---',
      '',
      '# 情報セキュリティ規程',
      '',
      '最高情報セキュリティ責任者には、次長を充てる。CSIRT責任者には、情報政策課長を充てる。',
      '',
      '職員は、インシデントを認知した場合には、直ちに報告窓口に報告する。',
      '',
      '報告窓口は、直ちに〔役職名〕に報告する。',
      '',
      '〔役職名〕は、直ちに最高情報セキュリティ責任者に報告する。',
    ].join('\n');
    const r = analyzeTexts({ 'p.md': policy });
    const chain = (r.findings.get('file:///ws/p.md') ?? []).filter((f) => f.rule === 'placeholder-unfilled');
    expect(chain).toHaveLength(2);
    for (const f of chain) expect(f.clauses).toEqual(expect.arrayContaining(['2.2.4(2)(a)', '2.2.4(2)(b)', '2.1.1(6)(c)']));
    expect((r.findings.get('file:///ws/p.md') ?? []).some((f) => f.rule === 'reporting-chain')).toBe(false);
  });

  it('a set without placeholders has no placeholder statements (nothing is read twice)', () => {
    const r = analyzePaths(markdownFiles(join(repo, 'policies/conforming-ja')));
    for (const set of r.sets) expect(placeholderStatements(set)).toEqual([]);
  });
});

describe('charging a requirement to the placeholder sentences it needs, at a bounded cost', () => {
  const many = ['# 情報セキュリティポリシー', '', ...Array.from({ length: 120 }, (_, i) => `${i + 1}. 第${i + 1}号の報告先は〔部署名〕とする。\n`)].join('\n');
  const r = analyzeTexts({ 'p.md': many });
  const set = r.sets[0]!;
  const doc = set.root;
  const finding: Finding = { rule: 'r', clauses: ['2.2.4(1)(a)'], severity: 'error', message: { en: 'x', ja: 'x' }, uri: doc.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, related: [], fixes: [] };
  /** Whether the reading hides the sentence of the n-th placeholder. */
  const hides = (variant: PolicySet, n: number) => variant.root.units[doc.placeholders[n]!.unit!]!.snippet.text === '';

  it('finds the one sentence a requirement needs among 120 in a few readings', () => {
    let runs = 0;
    const u = unfilledRequirements(set, [], (variant) => {
      runs++;
      return hides(variant, 41) ? [finding] : [];
    }, () => ({ en: 'R', ja: 'R' }));
    expect(placeholderStatements(set)).toHaveLength(120);
    expect(u.of(doc, doc.placeholders[41]!).map((b) => b.rule)).toEqual(['r']);
    expect(doc.placeholders.filter((p) => u.of(doc, p).length)).toHaveLength(1);
    expect(runs).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(120)));
  });

  it('a requirement any of two sentences meets is charged to both', () => {
    const u = unfilledRequirements(set, [], (variant) => (hides(variant, 3) && hides(variant, 90) ? [finding] : []), () => ({ en: 'R', ja: 'R' }));
    expect(doc.placeholders.filter((p) => u.of(doc, p).length)).toEqual([doc.placeholders[3], doc.placeholders[90]]);
  });

  it('stops after a bounded number of readings, charging what is left unresolved', () => {
    let runs = 0;
    const u = unfilledRequirements(set, [], (variant) => {
      runs++;
      return doc.placeholders.some((_, n) => hides(variant, n)) ? [finding] : [];
    }, () => ({ en: 'R', ja: 'R' }));
    expect(runs).toBeLessThanOrEqual(1 + MAX_PROBES);
    expect(doc.placeholders).toHaveLength(120);
    expect(doc.placeholders.every((p) => u.of(doc, p).length === 1)).toBe(true);
  });

  it('a finding the set already has is no requirement a placeholder blocks', () => {
    let runs = 0;
    const u = unfilledRequirements(set, [finding], () => {
      runs++;
      return [finding];
    }, () => ({ en: 'R', ja: 'R' }));
    expect(runs).toBe(1);
    expect(doc.placeholders).toHaveLength(120);
    expect(doc.placeholders.every((p) => u.of(doc, p).length === 0)).toBe(true);
  });
});

describe('a suppression whose justification is a placeholder', () => {
  const policy = (reason: string) => `# Information Security Policy\n\n<!-- kijun-disable-next-line clause-reference -- ${reason} -->\nThis section implements Unified Standard 2.2.4(3).\n`;

  for (const reason of ['〔理由〕', '<reason>', '[TBD]']) {
    it(`${reason} is no justification: suppression-unjustified, with no fix`, () => {
      const r = analyzeTexts({ 'p.md': policy(reason) });
      const doc = r.models.get('file:///ws/p.md')!;
      expect(readSuppressions(doc)[0]).toMatchObject({ justified: false, placeholders: [reason] });
      const f = (r.findings.get('file:///ws/p.md') ?? []).filter((x) => x.rule === 'suppression-unjustified');
      expect(f).toHaveLength(1);
      expect(f[0]!.message.en).toContain(`only a placeholder (${reason})`);
      expect(f[0]!.fixes).toEqual([]);
      // The suppression still silences its finding: the author has yet to write why.
      expect(r.suppressed.get('file:///ws/p.md')?.map((s) => s.finding.rule)).toEqual(['clause-reference']);
    });
  }

  it('a written reason is one', () => {
    const r = analyzeTexts({ 'p.md': policy('exception 2026-014 approved by the CISO') });
    expect(readSuppressions(r.models.get('file:///ws/p.md')!)[0]).toMatchObject({ justified: true, placeholders: [] });
    expect((r.findings.get('file:///ws/p.md') ?? []).map((x) => x.rule).filter((x) => x.startsWith('suppression-'))).toEqual([]);
  });
});
