import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

/** `kijun check --format sarif` validates against the official SARIF 2.1.0 schema. */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const schema = JSON.parse(readFileSync(join(repo, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));

function validator() {
  // The schema uses inline (?i) flags, which JavaScript rejects: turn them into the i flag.
  const ajv = new Ajv2020({
    strict: false,
    validateSchema: false,
    allErrors: true,
    code: {
      regExp: ((pattern: string, flags: string) => (pattern.includes('(?i)') ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags))) as never,
    },
  });
  addFormats(ajv);
  return ajv.compile(schema);
}

function sarif(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', '--format', 'sarif', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
  return { code: r.status, log: JSON.parse(r.stdout) };
}

describe('SARIF output', () => {
  it('validates against the SARIF 2.1.0 schema for the bundled policies', () => {
    const { code, log } = sarif(['policies/']);
    expect(code).toBe(1);
    const validate = validator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    const run = log.runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('reporting-chain');
    const chain = run.results.find((r: { ruleId: string }) => r.ruleId === 'reporting-chain');
    expect(chain.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    expect(chain.relatedLocations.length).toBeGreaterThan(0);
    expect(chain.properties.tags).toContain('2.2.4(2)(a)');
    expect(run.results.some((r: { fixes?: unknown[] }) => r.fixes?.length)).toBe(true);
  });

  it('records suppressions in source with their justification, and stays valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-sarif-'));
    writeFileSync(join(dir, 'p.md'), '# 情報セキュリティポリシー\n\n<!-- kijun-disable-next-line clause-reference -- 例外措置申請 2026-014 により承認 -->\n𠮷 統一基準2.2.4(3)\n');
    const { log } = sarif(['p.md'], dir);
    const validate = validator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    const suppressed = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'clause-reference');
    expect(suppressed.suppressions).toEqual([expect.objectContaining({ kind: 'inSource', status: 'accepted', justification: '例外措置申請 2026-014 により承認' })]);
    // 1-based columns in UTF-16 code units: 𠮷 counts two.
    expect(suppressed.locations[0].physicalLocation.region).toMatchObject({ startLine: 4, startColumn: '𠮷 統一基準'.length + 1 });
  });
});

describe('SARIF suppressions without a reason', () => {
  it('are under review, with no justification, when the reason is only a placeholder or missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-sarif-placeholder-'));
    writeFileSync(join(dir, 'p.md'), '# 情報セキュリティポリシー\n\n<!-- kijun-disable-next-line clause-reference -- 〔理由〕 -->\n統一基準2.2.4(3)\n');
    writeFileSync(join(dir, 'q.md'), '# Security Policy\n\n<!-- kijun-disable-next-line clause-reference -->\nSee 2.2.4(3).\n');
    const { log } = sarif(['p.md', 'q.md'], dir);
    const validate = validator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    const suppressed = log.runs[0].results.filter((r: { ruleId: string; suppressions?: unknown[] }) => r.ruleId === 'clause-reference' && r.suppressions);
    expect(suppressed).toHaveLength(2);
    for (const r of suppressed) {
      expect(r.suppressions).toEqual([expect.objectContaining({ kind: 'inSource', status: 'underReview' })]);
      expect(r.suppressions[0].justification).toBeUndefined();
    }
    expect(log.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'suppression-unjustified')).toHaveLength(2);
  });
});

describe('SARIF artifact URIs', () => {
  it('are percent-encoded relative URIs under %SRCROOT%, valid for names with spaces, Japanese, # and %', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-sarif-names-'));
    const names = ['my policies/ポリシー #1.md', 'my policies/100% done.md', 'a:b.md'];
    for (const name of names) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), '# 情報セキュリティポリシー\n\n職員は、報告窓口に報告する。\n');
    }
    const { code, log } = sarif(['.'], dir);
    expect(code).toBe(1);
    const validate = validator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    const run = log.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(pathToFileURL(dir).href + '/');
    const uris = run.artifacts.map((a: { location: { uri: string; uriBaseId: string } }) => a.location.uri);
    expect(uris.sort()).toEqual(['a%3Ab.md', 'my%20policies/%E3%83%9D%E3%83%AA%E3%82%B7%E3%83%BC%20%231.md', 'my%20policies/100%25%20done.md']);
    for (const r of run.results) {
      const loc = r.locations[0].physicalLocation.artifactLocation;
      expect(loc.uriBaseId).toBe('%SRCROOT%');
      // Resolved against the base, each URI names the file on disk.
      expect(names.map((n) => join(dir, n))).toContain(fileURLToPath(new URL(loc.uri, run.originalUriBaseIds['%SRCROOT%'].uri)));
    }
  });
});
