import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-fix-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('kijun check --fix', () => {
  it('applies only safe fixes: the nearest clause is a guess, so --fix leaves the citation to review', () => {
    const text = '\uFEFF# 情報セキュリティポリシー\r\n\r\n根拠は統一基準2.2.4(3)である。\r\n';
    const dir = scratch({ 'p.md': text });
    const r = run(['check', '--fix', 'p.md'], dir);
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe(text);
    expect(r.stderr).not.toMatch(/fixed/);
  });

  it('--fix-review keeps CRLF line endings, the BOM and the file mode', () => {
    const text = '\uFEFF# 情報セキュリティポリシー\r\n\r\n根拠は統一基準2.2.4(3)である。\r\n';
    const dir = scratch({ 'p.md': text });
    chmodSync(join(dir, 'p.md'), 0o640);
    const r = run(['check', '--fix-review', 'p.md'], dir);
    const after = readFileSync(join(dir, 'p.md'), 'utf8');
    expect(after.startsWith('\uFEFF# 情報セキュリティポリシー\r\n\r\n根拠は統一基準2.2.4(1)である。\r\n')).toBe(true);
    expect(after.replace(/\r\n/gu, '')).not.toContain('\n');
    expect(statSync(join(dir, 'p.md')).mode & 0o777).toBe(0o640);
    expect(r.stderr).toMatch(/fixed p\.md: \d+ changes?/);
  });

  it('--fix-review on the flawed sample set leaves only what needs a human decision', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-fix-review-'));
    cpSync(join(repo, 'policies'), dir, { recursive: true });
    run(['check', '--fix-review', '.'], dir);
    const json = JSON.parse(run(['check', '--format', 'json', '.'], dir).stdout);
    const left = json.files.flatMap((f: { path: string; findings: Array<{ rule: string }> }) => f.findings.map((x) => `${f.path}:${x.rule}`));
    // A missing asset register cannot be invented.
    expect(left).toEqual(['flawed-ja/security-policy.md:link-target-missing']);
    // The conforming sets are untouched.
    for (const f of ['conforming-ja/security-policy.md', 'conforming-en/security-policy.md']) {
      expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(repo, 'policies', f), 'utf8'));
    }
    // Applying again changes nothing.
    const snapshot = readFileSync(join(dir, 'flawed-ja/security-policy.md'), 'utf8');
    const again = run(['check', '--fix-review', '.'], dir);
    expect(again.stderr).not.toMatch(/fixed/);
    expect(readFileSync(join(dir, 'flawed-ja/security-policy.md'), 'utf8')).toBe(snapshot);
  });

  it('records suppressed findings with their justification in JSON', () => {
    const dir = scratch({
      'p.md': '# Security Policy\n\n<!-- kijun-disable-next-line clause-reference -- exception 2026-014 approved by the CISO -->\nSee 2.2.4(3).\n',
    });
    const json = JSON.parse(run(['check', '--format', 'json', 'p.md'], dir).stdout);
    const f = json.files[0];
    expect(f.findings.map((x: { rule: string }) => x.rule)).not.toContain('clause-reference');
    expect(f.suppressed).toEqual([
      expect.objectContaining({ rule: 'clause-reference', justification: 'exception 2026-014 approved by the CISO', comment: { range: expect.objectContaining({ start: { line: 2, character: 0 } }) } }),
    ]);
  });
});

describe('writeAtomically', () => {
  it('leaves a file alone when it changed since it was read', async () => {
    const { writeAtomically } = await import('../../server/src/cli/fix');
    const { pathToFileURL } = await import('node:url');
    const dir = scratch({ 'p.md': 'edited by someone else\n' });
    const uri = pathToFileURL(join(dir, 'p.md')).href;
    expect(writeAtomically(uri, 'what kijun read\n', 'fixed\n')).toBe(false);
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe('edited by someone else\n');
    expect(writeAtomically(uri, 'edited by someone else\n', 'fixed\n')).toBe(true);
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe('fixed\n');
  });
});
