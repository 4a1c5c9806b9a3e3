import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The bundled CLI, run as a user runs it (npm test builds dist/ first). */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');

function kijun(args: string[], cwd = repo, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('kijun check', () => {
  it('prints the documented JSON shape for the bundled policies', () => {
    const r = kijun(['check', '--format', 'json', 'policies/']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe(1);
    expect(Object.keys(json.summary).sort()).toEqual(['errors', 'files', 'information', 'warnings']);
    // Every checked file is listed, also those without findings.
    expect(json.files.map((f: { path: string }) => f.path)).toContain('policies/README.md');
    expect(json.files).toHaveLength(json.summary.files);
    const finding = json.files.flatMap((f: { findings: unknown[] }) => f.findings)[0];
    expect(Object.keys(finding)).toEqual(expect.arrayContaining(['rule', 'clauses', 'severity', 'message', 'range', 'fixes']));
    expect(finding.range.start).toEqual({ line: expect.any(Number), character: expect.any(Number) });
    for (const f of json.files) expect(Array.isArray(f.suppressed)).toBe(true);
  });

  it('reports nothing on the conforming sets and exits 0', () => {
    const r = kijun(['check', 'policies/conforming-ja', 'policies/conforming-en']);
    expect(r.stdout).toMatch(/no problems/);
    expect(r.code).toBe(0);
  });

  it('shows the broken reporting chain of the flawed set with its break', () => {
    const r = kijun(['check', '--locale', 'ja', 'policies/flawed-ja-partial']);
    expect(r.stdout).toContain('行政事務従事者 → 報告窓口 → 保守事業者 → (途切れ) … CSIRT責任者 → 最高情報セキュリティ責任者');
  });

  it('follows --locale and the environment', () => {
    expect(kijun(['check', 'policies/flawed-ja']).stdout).toMatch(/No CSIRT is established/);
    expect(kijun(['check', 'policies/flawed-ja'], repo, { LANG: 'ja_JP.UTF-8' }).stdout).toMatch(/CSIRTが整備されていない/);
    expect(kijun(['check', '--locale', 'en', 'policies/flawed-ja'], repo, { LANG: 'ja_JP.UTF-8' }).stdout).toMatch(/No CSIRT/);
  });

  it('exits 0 with --exit-zero and 1 with errors', () => {
    expect(kijun(['check', 'policies/flawed-ja']).code).toBe(1);
    expect(kijun(['check', '--exit-zero', 'policies/flawed-ja']).code).toBe(0);
  });

  it('honours --max-warnings', () => {
    const dir = scratch({ 'r.md': '# Incident Runbook\n\nStaff report incidents to the security hotline.\n' });
    expect(kijun(['check', dir]).code).toBe(0);
    expect(kijun(['check', '--max-warnings', '0', dir]).code).toBe(1);
  });

  it('exits 2 on usage errors', () => {
    expect(kijun(['check', '--format', 'xml']).code).toBe(2);
    expect(kijun(['check', 'does-not-exist']).stderr).toMatch(/No such file/);
    expect(kijun(['frobnicate']).code).toBe(2);
  });

  it('names the file, the key and what was expected for a broken configuration', () => {
    const dir = scratch({ 'kijun.json': '{"organizationType": "ministry"}', 'p.md': '# Security Policy\n' });
    const r = kijun(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, 'kijun.json'));
    expect(r.stderr).toContain('organizationType');
    expect(r.stderr).toContain('"government-agency", "affiliated-body", "private"');
  });

  it('rejects unknown keys and non-JSON configuration', () => {
    const unknown = scratch({ '.kijun.json': '{"rulez": {}}', 'p.md': '# Security Policy\n' });
    expect(kijun(['check', unknown]).stderr).toMatch(/rulez.*not a known key/);
    const broken = scratch({ 'kijun.json': '{ not json', 'p.md': '# Security Policy\n' });
    const r = kijun(['check', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kijun\.json.*not valid JSON/);
  });

  it('reads the "kijun" key of package.json and rule severities', () => {
    const dir = scratch({
      'package.json': JSON.stringify({ name: 'x', kijun: { rules: { 'csirt-defined': 'off', 'csirt-lead-assigned': 'warning' } } }),
      'p.md': '# Security Policy\n',
    });
    const json = JSON.parse(kijun(['check', '--format', 'json', dir]).stdout);
    const rules = json.files[0].findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`);
    expect(rules).not.toContain('csirt-defined:error');
    expect(rules).toContain('csirt-lead-assigned:warning');
  });

  it('applies documents globs and exclude', () => {
    const dir = scratch({ 'kijun.json': JSON.stringify({ documents: { 'rules/*.md': 'policy' }, exclude: ['drafts/**'] }) });
    cpSync(join(repo, 'policies/flawed-ja/meeting-notes.md'), join(dir, 'notes.md'));
    const { mkdirSync } = require('node:fs') as typeof import('node:fs');
    mkdirSync(join(dir, 'rules'));
    mkdirSync(join(dir, 'drafts'));
    writeFileSync(join(dir, 'rules', 'a.md'), '# 第1章 総則\n\n職員は、報告窓口に報告する。\n');
    writeFileSync(join(dir, 'drafts', 'b.md'), '# Security Policy\n');
    const json = JSON.parse(kijun(['check', '--format', 'json', dir], dir).stdout);
    const paths = json.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(['notes.md', 'rules/a.md']);
    expect(json.files[1].findings.length).toBeGreaterThan(0);
    expect(json.files[0].findings).toEqual([]);
  });
});

describe('kijun check with worker threads', () => {
  it('prints exactly what a single thread prints, also when policy sets span workers', () => {
    const args = ['check', '--format', 'json', 'policies/', 'test/fixtures/rules/reporting-chain', 'test/fixtures/rules/csirt-lead-conflict', 'test/fixtures/rules/suppression-unused'];
    const single = kijun(args, repo, { KIJUN_WORKERS: '0' });
    const parallel = kijun(args, repo, { KIJUN_WORKERS: '4' });
    expect(parallel.code).toBe(single.code);
    expect(parallel.stdout).toBe(single.stdout);
    expect(JSON.parse(single.stdout).summary.files).toBeGreaterThan(50);
  });
});
