import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/fix/apply';
import { readLabel, nextLabel, childLabel } from '../../server/src/core/fix/numbering';
import { fitJapanese, fitEnglish } from '../../server/src/core/fix/terms';
import type { Finding } from '../../server/src/core/types';
import { analyzePaths, analyzeTexts, markdownFiles } from '../helpers/workspace';

/**
 * Fixes that fit the document: the finding about something missing sits on the heading of the
 * section its fix inserts into; the inserted text follows the document's numbering and its
 * words for staff, incidents and the organization.
 */
const samples = join(fileURLToPath(new URL('.', import.meta.url)), '../../policies');

function flawed(): { files: string[]; policy: string; findings: Finding[] } {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-fit-'));
  cpSync(join(samples, 'flawed-ja'), dir, { recursive: true });
  const files = markdownFiles(dir);
  const policy = join(dir, 'security-policy.md');
  return { files, policy, findings: analyzePaths(files).findings.get(pathToFileURL(policy).href) ?? [] };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('the flawed sample policy (flawed-ja)', () => {
  const { policy, findings } = flawed();
  const text = readFileSync(policy, 'utf8');
  const by = (rule: string) => findings.find((f) => f.rule === rule)!;

  it('puts no finding on the title when its section exists', () => {
    const onTitle = findings.filter((f) => f.range.start.line === 0).map((f) => f.rule);
    expect(onTitle).toEqual([]);
  });

  it('puts reporting gaps on 「7. 情報セキュリティ事故への対応」 and inserts there, numbered 7.5', () => {
    for (const rule of ['report-to-police', 'reporting-chain', 'supervisor-contact', 'reporting-contact-defined']) {
      const f = by(rule);
      expect(f.range.start.line, rule).toBe(lineOf(text, '## 7. 情報セキュリティ事故への対応'));
      const fixed = applyEdits(text, f.fixes[0]!.edits);
      const inserted = fixed.split('\n').find((l) => l.startsWith('7.5 '));
      expect(inserted, rule).toBeDefined();
      // Right after 7.4, before 「## 8. 教育」.
      expect(lineOf(fixed, '7.5 ')).toBeGreaterThan(lineOf(fixed, '7.4 '));
      expect(lineOf(fixed, '7.5 ')).toBeLessThan(lineOf(fixed, '## 8. 教育'));
    }
  });

  it('uses the document’s words: 役職員, 情報セキュリティ事故, 機構外 (an affiliated body)', () => {
    const police = applyEdits(text, by('report-to-police').fixes[0]!.edits);
    expect(police).toContain('7.5 CSIRT責任者は、情報セキュリティ事故がサイバー攻撃又はそのおそれのあるものである場合には、警察に通報する。');
    const sharing = by('handling-procedure').fixes[0]!.edits[0]!.newText;
    expect(sharing).toContain('機構外の関係機関');
    expect(sharing).not.toContain('府省庁外');
    expect(sharing).not.toContain('インシデント');
  });

  it('adds the CSIRT as subsection 「### 4.4 CSIRT」 of 「4. 組織体制」, where csirt-defined sits', () => {
    const f = by('csirt-defined');
    expect(f.range.start.line).toBe(lineOf(text, '## 4. 組織体制'));
    const fixed = applyEdits(text, f.fixes[0]!.edits);
    expect(lineOf(fixed, '### 4.4 CSIRT')).toBeGreaterThan(lineOf(fixed, '### 4.3 各責任者'));
    expect(lineOf(fixed, '### 4.4 CSIRT')).toBeLessThan(lineOf(fixed, '## 5. 情報資産の管理'));
  });

  it('offers the clause-reference replacement 2.2.4(3) → 2.2.4(1) for review, not as safe', () => {
    const f = by('clause-reference');
    expect(f.fixes[0]!.applicability).toBe('review');
  });
});

describe('new sections follow the document’s numbering', () => {
  const policy = (headings: string[]) =>
    [`# 情報セキュリティポリシー`, '', ...headings.flatMap((h) => [h, '', '職員は、情報セキュリティインシデントを認知した場合には、直ちに報告窓口に報告する。', ''])].join('\n');
  const insertedHeading = (text: string) => {
    const r = analyzeTexts({ 'p.md': text });
    const f = (r.findings.get('file:///ws/p.md') ?? []).find((x) => x.rule === 'targeted-attack-entry')!;
    return { finding: f, heading: /^(#+ .*)$/mu.exec(f.fixes[0]!.edits[0]!.newText)?.[1] };
  };

  it('「## 11. 」 after 「## 10. 」, before 附則; the finding stays on the title (no section yet)', () => {
    const text = policy([...Array.from({ length: 10 }, (_, i) => `## ${i + 1}. 節${i + 1}`), '## 附則']);
    const { finding, heading } = insertedHeading(text);
    expect(heading).toBe('## 11. 標的型攻撃対策');
    expect(finding.range.start.line).toBe(0);
    const fixed = applyEdits(text, finding.fixes[0]!.edits);
    expect(lineOf(fixed, '## 11. ')).toBeLessThan(lineOf(fixed, '## 附則'));
  });

  it('「第3条」 after 「第2条」, 「第十一条」 after 「第十条」, unnumbered when the document is', () => {
    expect(insertedHeading(policy(['## 第1条 目的', '## 第2条 報告'])).heading).toBe('## 第3条 標的型攻撃対策');
    expect(insertedHeading(policy(['## 第九条　目的', '## 第十条　報告'])).heading).toBe('## 第十一条　標的型攻撃対策');
    expect(insertedHeading(policy(['## 目的', '## 報告'])).heading).toBe('## 標的型攻撃対策');
  });
});

describe('numbering labels', () => {
  it('reads and continues the usual styles', () => {
    const next = (s: string, paragraph = false) => {
      const l = readLabel(s, paragraph);
      return l && nextLabel(l);
    };
    expect(next('10. 点検及び見直し')).toBe('11. ');
    expect(next('4.3 各責任者')).toBe('4.4 ');
    expect(next('７．４　報告')).toBe('７．５　');
    expect(next('第二十九条 雑則')).toBe('第三十条 ');
    expect(next('（３）報告')).toBe('（４）');
    expect(next('1. 目的', true)).toBeUndefined(); // a Markdown list item, not a numbered paragraph
    expect(next('7.4 対応が完了した事案', true)).toBe('7.5 ');
    expect(childLabel('4. 組織体制')).toBe('4.1 ');
  });
});

describe('terms', () => {
  it('uses the document’s word for staff and incidents, outside placeholders', () => {
    const doc = '役職員は、情報セキュリティ事故を発見した場合には所属長に報告する。役職員は研修を受ける。';
    expect(fitJapanese('職員は、情報セキュリティインシデントを認知した場合には、〔担当職員の役職名〕に報告する。', doc)).toBe(
      '役職員は、情報セキュリティ事故を認知した場合には、〔担当職員の役職名〕に報告する。',
    );
    // A document in the standard's own words is left alone.
    expect(fitJapanese('職員は、インシデントを報告する。', '職員は、インシデントを報告する。')).toBe('職員は、インシデントを報告する。');
  });

  it('replaces 府省庁外 / 庁内 only outside government agencies, with the name the document gives itself', () => {
    const doc = '架空年金機構（以下「機構」という。）は、';
    expect(fitJapanese('府省庁外の関係機関と共有し、庁内ポータルに掲示する。', doc, { organizationType: 'affiliated-body' })).toBe('機構外の関係機関と共有し、機構内ポータルに掲示する。');
    expect(fitJapanese('府省庁外の関係機関と共有する。', '当社は、', { organizationType: 'private' })).toBe('組織外の関係機関と共有する。');
    expect(fitJapanese('府省庁外の関係機関と共有する。', doc, { organizationType: 'government-agency' })).toBe('府省庁外の関係機関と共有する。');
  });

  it('lets the CSIRT lead act when the set has no CSIRT', () => {
    expect(fitJapanese('CSIRTは、警察に通報する。CSIRT責任者は報告する。', '', { csirt: false })).toBe('CSIRT責任者は、警察に通報する。CSIRT責任者は報告する。');
    expect(fitEnglish('The CSIRT reports it to the police.', '', { csirt: false })).toBe('The CSIRT lead reports it to the police.');
    expect(fitEnglish('Staff report incidents.', 'Employees must… employees shall… staff')).toBe('Employees report incidents.');
  });
});

describe('SARIF and JSON carry the section locations', () => {
  const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
  const cli = (format: string) => {
    const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', 'policies/flawed-ja', '--format', format, '--exit-zero'], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout);
  };
  const policy = readFileSync(join(samples, 'flawed-ja/security-policy.md'), 'utf8');
  const section7 = lineOf(policy, '## 7. 情報セキュリティ事故への対応') + 1;

  it('SARIF: no alert of the sample policy on line 1; the police alert on section 7', () => {
    const sarif = cli('sarif');
    const results = sarif.runs[0].results.filter((r: any) => r.locations[0].physicalLocation.artifactLocation.uri.endsWith('flawed-ja/security-policy.md'));
    expect(results.length).toBeGreaterThan(5);
    expect(results.filter((r: any) => r.locations[0].physicalLocation.region.startLine === 1).map((r: any) => r.ruleId)).toEqual([]);
    expect(results.find((r: any) => r.ruleId === 'report-to-police').locations[0].physicalLocation.region.startLine).toBe(section7);
  });

  it('JSON: the same locations', () => {
    const json = cli('json');
    const file = json.files.find((f: any) => f.path.endsWith('flawed-ja/security-policy.md'));
    expect(file.findings.filter((f: any) => f.range.start.line === 0).map((f: any) => f.rule)).toEqual([]);
    expect(file.findings.find((f: any) => f.rule === 'report-to-police').range.start.line + 1).toBe(section7);
  });
});
