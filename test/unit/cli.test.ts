import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';
import { PARALLEL_CHARS, PARALLEL_THRESHOLD, workerCount } from '../../server/src/cli/parallel';
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

describe('kijun inspect', () => {
  it('lists a role whose holder is only a placeholder as unfilled, not as an assignment (JA and EN)', () => {
    const dir = scratch({
      'ja.md': '# 情報セキュリティポリシー\n\nCSIRT責任者には、〔役職名〕を充てる。\n統括情報セキュリティ責任者には、総務課長を充てる。\n',
      'en.md': '# Information Security Policy\n\nThe CSIRT lead is the `<post>`.\nThe CISO is the Deputy Director.\n',
    });
    const json = JSON.parse(kijun(['inspect', '--format', 'json', '.'], dir).stdout);
    const docs = json.sets.flatMap((s: { documents: unknown[] }) => s.documents) as Array<{ path: string; assignments: Array<{ role: { id: string }; holder: { text: string } }>; unfilledAssignments: Array<{ role: { id: string }; placeholder: string }> }>;
    const ja = docs.find((d) => d.path.endsWith('ja.md'))!;
    const en = docs.find((d) => d.path.endsWith('en.md'))!;
    expect(ja.assignments.map((a) => `${a.role.id}:${a.holder.text}`)).toEqual(['chief-security-officer:総務課長']);
    expect(ja.unfilledAssignments.map((a) => `${a.role.id}:${a.placeholder}`)).toEqual(['csirt-lead:〔役職名〕']);
    expect(en.assignments.map((a) => `${a.role.id}:${a.holder.text}`)).toEqual(['ciso:Deputy Director']);
    expect(en.unfilledAssignments.map((a) => a.role.id)).toEqual(['csirt-lead']);
    expect(kijun(['inspect', '.'], dir).stdout).toContain('(placeholder: no holder yet)');
  });
});

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
    expect(kijun(['check', 'does-not-exist'])).toMatchObject({ code: 2, stderr: 'kijun: error: does-not-exist: no such file or directory\n' });
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

  it('prints the same when a pool of two workers takes slices of three documents (sets cross slices)', () => {
    const args = ['check', '--format', 'json', 'policies/', 'test/fixtures/rules/reporting-chain', 'test/fixtures/rules/csirt-lead-conflict', 'test/fixtures/rules/suppression-unused'];
    const single = kijun(args, repo, { KIJUN_WORKERS: '0' });
    const sliced = kijun(args, repo, { KIJUN_WORKERS: '2', KIJUN_SLICE: '3' });
    expect(sliced.code).toBe(single.code);
    expect(sliced.stdout).toBe(single.stdout);
  });

  it('prints the same when large documents are sliced by their length, not their count (sets cross slices)', () => {
    // Each document padded past a third of a slice's characters: slices of one to three documents.
    const dir = mkdtempSync(join(tmpdir(), 'kijun-slices-'));
    cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (f.endsWith('.md')) appendFileSync(p, '\n## 付記\n\n' + '本書の内容は、必要に応じて見直す。\n\n'.repeat(4000));
      }
    };
    walk(join(dir, 'policies'));
    const single = kijun(['check', '--format', 'json', 'policies/'], dir, { KIJUN_WORKERS: '0' });
    const sliced = kijun(['check', '--format', 'json', 'policies/'], dir, { KIJUN_WORKERS: '2' });
    expect(JSON.parse(single.stdout).summary.files).toBeGreaterThanOrEqual(8);
    expect(sliced.code).toBe(single.code);
    expect(sliced.stdout).toBe(single.stdout);
  });

  it('uses workers for few files when their text is large, and none for a small folder', () => {
    const docs = (files: number, chars: number) => new Map(Array.from({ length: files }, (_, i) => [`file:///d/${i}.md`, 'x'.repeat(Math.ceil(chars / files))]));
    expect(workerCount(docs(10, PARALLEL_CHARS), {})).toBeGreaterThan(0);
    expect(workerCount(docs(10, 40_000), {})).toBe(0);
    expect(workerCount(docs(PARALLEL_THRESHOLD, 40_000), {})).toBeGreaterThan(0);
    expect(workerCount(docs(10, PARALLEL_CHARS), { KIJUN_WORKERS: '0' })).toBe(0);
  });

  it('prints the same when every worker runs out of memory: their slices are analyzed on the main thread', () => {
    const args = ['check', '--format', 'json', 'policies/', 'test/fixtures/rules/reporting-chain'];
    const single = kijun(args, repo, { KIJUN_WORKERS: '0' });
    const starved = kijun(args, repo, { KIJUN_WORKERS: '3', KIJUN_SLICE: '2', KIJUN_WORKER_OLD_MB: '1' });
    expect(starved.code).toBe(single.code);
    expect(starved.stdout).toBe(single.stdout);
  });
});

describe('the kijun launcher (bin/kijun.js), as the installed command runs', () => {
  const bin = join(repo, 'bin/kijun.js');
  const launch = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, input, encoding: 'utf8', timeout: 20_000, maxBuffer: 1 << 26, env: { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints the findings of policies/ and exits 1, exactly as dist/cli.js does', () => {
    const r = launch(['check', 'policies']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ \d+ problems \(9 errors, \d+ warnings, 0 info\) in 10 files checked/);
    expect(r.stdout).toBe(kijun(['check', 'policies']).stdout);
  });

  it('runs every subcommand', () => {
    expect(JSON.parse(launch(['check', '--format', 'json', 'policies']).stdout).summary.errors).toBe(9);
    expect(JSON.parse(launch(['check', '--format', 'sarif', 'policies']).stdout).version).toBe('2.1.0');
    expect(launch(['check', '--format', 'github', 'policies']).stdout).toMatch(/^::error file=policies\/flawed-ja\/security-policy\.md,line=\d+,/mu);
    expect(launch(['explain', 'ciso-reporting'])).toMatchObject({ code: 0, stdout: expect.stringContaining('ciso-reporting') });
    expect(launch(['report', '--format', 'md', 'policies'])).toMatchObject({ code: 0, stdout: expect.stringContaining('2.2.4') });
    expect(launch(['inspect', 'policies/conforming-en'])).toMatchObject({ code: 0, stdout: expect.stringContaining('conforming-en') });
    expect(launch(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('answers initialize with lsp --stdio and publishes the workspace\'s findings', async () => {
    const client = await LspClient.start({ root: join(repo, 'policies'), args: [bin, 'lsp', '--stdio'] });
    try {
      const d = await client.until(() => client.diagnostics.get(pathToFileURL(join(repo, 'policies/flawed-ja/security-policy.md')).href));
      expect(d.diagnostics.map((x) => x.code)).toContain('csirt-defined');
    } finally {
      await client.stop();
    }
  });
});

describe('kijun help and usage errors', () => {
  it('prints each command\'s usage with --help, exit 0', () => {
    for (const cmd of ['check', 'inspect', 'report', 'explain', 'lsp']) {
      const r = kijun([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: kijun ${cmd}\\b`));
    }
  });

  it('answers an unknown option with the message, the usage line and exit 2', () => {
    const r = kijun(['check', '--colour', 'policies']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      "kijun: Unknown option '--colour'",
      expect.stringMatching(/^Usage: kijun check \[paths…\] \[--format stylish\|json\|sarif\|github\]/u),
      'Run "kijun check --help" for more.',
      '',
    ]);
    expect(kijun(['report', '--format']).stderr).toMatch(/^kijun: Option '--format <value>' argument missing\nUsage: kijun report/u);
    expect(kijun(['lsp', '--tcp']).code).toBe(2);
    expect(kijun([])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^Usage: kijun check/u) });
    expect(kijun(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: kijun check/u) });
  });
});
