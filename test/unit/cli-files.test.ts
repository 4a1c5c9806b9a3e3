import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles, MAX_READ_BYTES, readRegular } from '../../server/src/node/files';
import { LspClient } from '../helpers/lspClient';

/**
 * File discovery and reading, shared by `kijun check` and the server: only regular files are
 * read, everything passed over is named with its reason, .gitignore and kijun.json exclude are
 * honoured, and a file Kijun was asked to check but could not read makes `kijun check` exit 2.
 */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
const POLICY_JA = '# 情報セキュリティポリシー\n\n職員は、報告窓口に報告する。\n';

function kijun(args: string[], cwd: string, wrap: string[] = []) {
  const cmd = wrap.length ? wrap[0]! : process.execPath;
  const argv = wrap.length ? [...wrap.slice(1), process.execPath, cli, ...args] : [cli, ...args];
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-files-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function mkfifo(path: string): void {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

describe('discoverFiles', () => {
  it('honours .gitignore at every level, and checks a named file even when ignored', () => {
    const dir = scratch({
      '.gitignore': 'drafts/\n*.local.md\n',
      'policy.md': POLICY_JA,
      'drafts/a.md': POLICY_JA,
      'notes.local.md': POLICY_JA,
      'sub/.gitignore': 'old.md\n',
      'sub/old.md': POLICY_JA,
      'sub/runbook.md': POLICY_JA,
    });
    mkdirSync(join(dir, '.git'));
    expect(discoverFiles([dir]).files).toEqual([join(dir, 'policy.md'), join(dir, 'sub/runbook.md')]);
    // A .gitignore above the folder being checked applies too (up to the repository root).
    expect(discoverFiles([join(dir, 'sub')]).files).toEqual([join(dir, 'sub/runbook.md')]);
    expect(discoverFiles([join(dir, 'drafts/a.md')]).files).toEqual([join(dir, 'drafts/a.md')]);
  });

  it('applies no .gitignore above the folder when it is not inside a repository', () => {
    const dir = scratch({ '.gitignore': 'sub/\n*.md\n', 'sub/policy.md': POLICY_JA, 'sub/.gitignore': 'old.md\n', 'sub/old.md': POLICY_JA });
    // git itself would ignore nothing here (no repository); the folder's own .gitignore still counts.
    expect(discoverFiles([join(dir, 'sub')]).files).toEqual([join(dir, 'sub/policy.md')]);
  });

  it('does not read FIFOs, devices or folders named like documents, and says so', () => {
    const dir = scratch({ 'policy.md': POLICY_JA });
    mkfifo(join(dir, 'pipe.md'));
    symlinkSync('/dev/zero', join(dir, 'zero.md'));
    mkdirSync(join(dir, 'annex.md'));
    writeFileSync(join(dir, 'annex.md', 'inner.md'), POLICY_JA);
    symlinkSync(join(dir, 'gone.md'), join(dir, 'dangling.md'));
    const { files, problems } = discoverFiles([dir]);
    expect(files).toEqual([join(dir, 'annex.md/inner.md'), join(dir, 'policy.md')]);
    const byName = Object.fromEntries(problems.map((p) => [p.path.slice(dir.length + 1), `${p.reason}:${p.detail}`]));
    expect(byName).toEqual({ 'annex.md': 'not-regular:a folder', 'dangling.md': 'dangling:', 'pipe.md': 'not-regular:a FIFO', 'zero.md': 'outside:/dev/zero' });
  });

  it('follows symlinks to documents inside the folder only', () => {
    const outside = scratch({ 'secret.md': POLICY_JA });
    const dir = scratch({ 'policy.md': POLICY_JA });
    symlinkSync(join(dir, 'policy.md'), join(dir, 'alias.md'));
    symlinkSync(join(outside, 'secret.md'), join(dir, 'secret.md'));
    symlinkSync(outside, join(dir, 'elsewhere'));
    const { files, problems } = discoverFiles([dir]);
    expect(files).toEqual([join(dir, 'alias.md'), join(dir, 'policy.md')]);
    expect(problems.map((p) => `${p.path.slice(dir.length + 1)}:${p.reason}`).sort()).toEqual(['elsewhere:outside', 'secret.md:outside']);
  });
});

describe('readRegular', () => {
  it('reads at most the cap, so a huge file cannot exhaust memory', () => {
    const dir = scratch({});
    const big = join(dir, 'big.md');
    writeFileSync(big, Buffer.alloc(MAX_READ_BYTES + 1000, 0x61));
    const text = readRegular(big);
    expect(typeof text === 'string' && text.length).toBe(MAX_READ_BYTES);
    expect(readRegular(big, 10)).toBe('aaaaaaaaaa');
  });

  it('refuses a FIFO without waiting for a writer, and a device', () => {
    const dir = scratch({});
    mkfifo(join(dir, 'p.md'));
    expect(readRegular(join(dir, 'p.md'))).toEqual({ reason: 'not-regular', detail: 'a FIFO' });
    expect(readRegular('/dev/zero')).toEqual({ reason: 'not-regular', detail: 'a character device' });
    expect(readRegular(join(dir, 'none.md'))).toEqual({ reason: 'not-found', detail: 'ENOENT' });
  });

  it('keeps a BOM and the exact text', () => {
    const dir = scratch({ 'b.md': '\uFEFF# 方針\r\n𠮷\n' });
    expect(readRegular(join(dir, 'b.md'))).toBe('\uFEFF# 方針\r\n𠮷\n');
  });
});

describe('kijun check on file-system oddities', () => {
  it('checks the rest, notes the special files on stderr and keeps the exit code of the findings', () => {
    // The policy also links each special file: following a link reads only regular files too.
    const dir = scratch({ 'policy.md': `${POLICY_JA}\n[別紙](./annex.md) [pipe](./pipe.md) [zero](./zero.md)\n` });
    mkfifo(join(dir, 'pipe.md'));
    symlinkSync('/dev/zero', join(dir, 'zero.md'));
    mkdirSync(join(dir, 'annex.md'));
    const r = kijun(['check', '.'], dir);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('policy.md');
    expect(r.stderr).toContain('kijun: skipped: pipe.md: not a regular file (a FIFO); not read');
    expect(r.stderr).toContain('kijun: skipped: annex.md: not a regular file (a folder); not read');
    expect(r.stderr).toContain('kijun: skipped: zero.md: symbolic link to /dev/zero, outside the folder being checked; not followed');
  });

  it('is an error (exit 2, named) to be asked for a file that cannot be read', () => {
    const dir = scratch({ 'policy.md': '# Security Policy\n\nThe CSIRT is established.\n' });
    mkfifo(join(dir, 'pipe.md'));
    const fifo = kijun(['check', 'pipe.md', 'policy.md'], dir);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain('kijun: error: pipe.md: not a regular file (a FIFO); not read');
    // The findings of the file that was read are still printed.
    expect(fifo.stdout).toContain('policy.md');
    const dangling = join(dir, 'd.md');
    symlinkSync(join(dir, 'gone.md'), dangling);
    expect(kijun(['check', 'd.md'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('kijun: error: d.md: symbolic link whose target does not exist') });
    expect(kijun(['check', 'missing.md'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('kijun: error: missing.md: no such file or directory') });
    symlinkSync(join(dir, 'loop.md'), join(dir, 'loop.md'));
    expect(kijun(['check', 'loop.md'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('kijun: error: loop.md: cannot be read (ELOOP)') });
  });

  it('is an error (exit 2, named) when a file in a folder cannot be read for lack of permission', () => {
    const dir = scratch({ 'ok.md': POLICY_JA, 'locked.md': POLICY_JA });
    chmodSync(join(dir, 'locked.md'), 0o000);
    chmodSync(dir, 0o755);
    // root reads anything: run the CLI as an unprivileged user then.
    const wrap = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const r = kijun(['check', '.'], dir, wrap);
    expect(r.stderr).toContain('kijun: error: locked.md: cannot be read (EACCES)');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('ok.md');
  });

  it('does not wait on a kijun.json that is a FIFO: a configuration error naming it', () => {
    const dir = scratch({ 'policy.md': POLICY_JA });
    mkfifo(join(dir, 'kijun.json'));
    const r = kijun(['check', '.'], dir);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kijun: invalid configuration: ${join(dir, 'kijun.json')}: file is a FIFO, not a regular file\n`);
  });

  it('names an unreadable configuration instead of a stack trace', () => {
    const dir = scratch({ 'policy.md': POLICY_JA });
    mkdirSync(join(dir, 'kijun.json'));
    const r = kijun(['check', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kijun: invalid configuration: ${join(dir, 'kijun.json')}: file is a folder, not a regular file\n`);
  });
});

describe('the server on file-system oddities', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('publishes the readable documents and logs the others, with kijun.json a folder and a FIFO present', async () => {
    const dir = scratch({ 'sub/policy.md': POLICY_JA, 'flawed/security-policy.md': '' });
    cpSync(join(repo, 'policies/flawed-ja'), join(dir, 'flawed'), { recursive: true });
    mkdirSync(join(dir, 'sub/kijun.json'));
    mkdirSync(join(dir, 'fifo'));
    writeFileSync(join(dir, 'fifo/policy.md'), POLICY_JA);
    mkfifo(join(dir, 'fifo/kijun.json'));
    mkfifo(join(dir, 'pipe.md'));
    symlinkSync('/dev/zero', join(dir, 'zero.md'));
    mkdirSync(join(dir, 'annex.md'));
    client = await LspClient.start({ root: dir });
    const c = client;
    const flawed = await c.until(() => c.diagnostics.get(pathToFileURL(join(dir, 'flawed/security-policy.md')).href));
    expect(flawed.diagnostics.some((d) => d.code === 'csirt-defined')).toBe(true);
    // The folder-shaped kijun.json is a configuration error shown on it; the rest is still analyzed.
    const config = await c.until(() => c.diagnostics.get(pathToFileURL(join(dir, 'sub/kijun.json')).href));
    expect(config.diagnostics[0]!.message).toContain('is a folder, not a regular file');
    const fifo = await c.until(() => c.diagnostics.get(pathToFileURL(join(dir, 'fifo/kijun.json')).href));
    expect(fifo.diagnostics[0]!.message).toContain('is a FIFO, not a regular file');
    await c.until(() => c.logs.some((l) => l.includes('pipe.md: not a regular file (a FIFO)')));
    expect(c.logs.join('\n')).toContain('annex.md: not a regular file (a folder)');
  });
});
