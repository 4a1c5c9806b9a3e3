import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeGithubData, escapeGithubProperty } from '../../server/src/cli/format';

/** `kijun check --format github`: GitHub Actions workflow commands, escaped as the runner expects. */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

function kijun(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('GitHub workflow command escaping', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeGithubData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeGithubProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });
});

describe('kijun check --format github', () => {
  it('writes one annotation per finding with 1-based positions, rule and clauses in the title', () => {
    const r = kijun(['check', '--format', 'github', 'policies/flawed-ja']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(7);
    expect(errors).toContain(
      '::error file=policies/flawed-ja/security-policy.md,line=88,col=24,endLine=88,endColumn=32,title=Kijun clause-reference::Clause 2.2.4(3) does not exist in Unified Standard for Information Security Measures for Government Agencies (2014 edition). Did you mean 2.2.4(1)?',
    );
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBeGreaterThan(0);
    expect(lines.at(-1)).toBe('Kijun: 7 errors, 8 warnings, 0 info in 3 files checked');
  });

  it('escapes file names, multi-clause titles and the related locations of a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-github-'));
    writeFileSync(join(dir, 'a,b: 100%.md'), '# 情報セキュリティポリシー\n\n職員は、報告窓口に報告する。\n');
    const r = kijun(['check', '--format', 'github', '--locale', 'ja', '.'], dir);
    expect(r.code).toBe(1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) {
      // Exactly one line per annotation, and the property list survives the runner's split on ',' and '::'.
      const [, props, message] = /^::(?:error|warning|notice) ([^:]*)::(.*)$/u.exec(a)!;
      expect(props!.split(',').map((p) => p.split('=')[0])).toEqual(['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
      expect(props).toContain('file=a%2Cb%3A 100%25.md,');
      expect(message).not.toMatch(/[\r\n]/u);
    }
    const chain = annotations.find((a) => a.includes('title=Kijun reporting-chain'));
    expect(chain).toMatch(/title=Kijun reporting-chain \(2\.2\.4\(2\)\(a\)%2C /u);
    expect(chain).toMatch(/%0A↳ a,b: 100%25\.md:\d+:\d+ /u);
  });
});
