import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixDocuments } from '../../server/src/cli/fix';
import { ConfigResolver, configuredKind } from '../../server/src/config/load';
import { analyzeWorkspace } from '../../server/src/core/engine';
import { buildComplianceReport } from '../../server/src/core/report/compliance';
import { renderHtml } from '../../server/src/core/report/html';
import { renderMarkdown } from '../../server/src/core/report/markdown';
import { defaultLexicon } from '../../server/src/lexicon';
import { catalogFor } from '../../server/src/standards';
import { analyzePaths, markdownFiles } from '../helpers/workspace';

/** The compliance report's "incomplete": a requirement met only through a placeholder still to fill. */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

describe('a clause met only through a placeholder is incomplete in the compliance report', () => {
  function analyzeDir(dir: string) {
    const configs = new ConfigResolver();
    const docs = new Map<string, string>();
    for (const f of markdownFiles(dir)) docs.set(pathToFileURL(f).href, readFileSync(f, 'utf8'));
    const host = {
      read: () => undefined,
      exists: () => false,
      configFor: (uri: string) => configs.forFile(fileURLToPath(uri)),
      kindFor: (uri: string) => configuredKind(configs.forFile(fileURLToPath(uri)), fileURLToPath(uri)),
    };
    return { docs, analyze: (d: Map<string, string>) => analyzeWorkspace(d, host) };
  }

  it('after --fix-review, 2.1.1(6)(b) and 2.2.4(1)(a) of the flawed set are incomplete, not satisfied and not findings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-incomplete-'));
    cpSync(join(repo, 'policies/flawed-ja'), dir, { recursive: true });
    const { docs, analyze } = analyzeDir(dir);
    const { documents } = fixDocuments(docs, analyze, ['safe', 'review'], 'en');
    const result = analyze(documents);
    const [report] = buildComplianceReport(result, catalogFor()!, defaultLexicon()).filter((r) => r.root.endsWith('security-policy.md'));
    const status = (id: string) => report!.clauses.find((c) => c.id === id)!.status;
    expect(status('2.1.1(6)(b)')).toBe('incomplete');
    expect(status('2.2.4(1)(a)')).toBe('incomplete');
    // A clause that nothing blocks stays satisfied; one with a real finding stays a finding.
    expect(status('6.2.4(1)(a)')).toBe('satisfied');
    const incomplete = report!.clauses.find((c) => c.id === '2.1.1(6)(b)')!;
    expect(incomplete.findings.every((f) => f.rule === 'placeholder-unfilled')).toBe(true);
  });

  it('says "incomplete" in both languages, in Markdown and HTML, listing the placeholders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-incomplete-md-'));
    cpSync(join(repo, 'policies/flawed-ja'), dir, { recursive: true });
    const { docs, analyze } = analyzeDir(dir);
    const result = analyze(fixDocuments(docs, analyze, ['safe', 'review'], 'en').documents);
    const reports = buildComplianceReport(result, catalogFor()!, defaultLexicon());
    const where = (p: { uri: string; range: { start: { line: number } } }) => `${p.uri.split('/').pop()}:${p.range.start.line + 1}`;
    const label = (uri: string) => uri.split('/').pop()!;
    const row = (md: string, id: string) => md.split('\n').find((l) => l.startsWith('|') && l.includes(`${id} `))!;
    const en = renderMarkdown(reports, 'en', where, label);
    expect(row(en, '2.1.1(6)(b)')).toMatch(/\| incomplete \(placeholder to fill\) \| `placeholder-unfilled` security-policy\.md:\d+/u);
    const ja = renderMarkdown(reports, 'ja', where, label);
    expect(row(ja, '2.1.1(6)(b)')).toContain('| 未完成（記入欄が未記入） |');
    const html = renderHtml(reports, { locale: 'en', where, href: where, label });
    expect(html).toMatch(/<tr class="incomplete" data-clause="2\.1\.1\(6\)\(b\)">/u);
    expect(html).toContain('incomplete (placeholders to fill)');
  });

  it('the conforming sets have no incomplete clause', () => {
    for (const set of ['conforming-ja', 'conforming-en']) {
      const r = analyzePaths(markdownFiles(join(repo, 'policies', set)));
      for (const report of buildComplianceReport(r, catalogFor()!, defaultLexicon())) {
        expect(report.clauses.filter((c) => c.status === 'incomplete' || c.status === 'finding').map((c) => c.id)).toEqual([]);
      }
    }
  });
});

