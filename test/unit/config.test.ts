import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigResolver, fromObject } from '../../server/src/config/load';

/** kijun.json: unknown ids, where the lookup stops, glob bounds. */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
const kijun = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '' } });

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const errorOf = (raw: unknown): ConfigError => {
  try {
    fromObject(raw, '/ws/kijun.json');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no ConfigError');
};

describe('kijun.json ids', () => {
  it('an unknown rule id is an error naming the key and the nearest rule', () => {
    const e = errorOf({ rules: { 'ciso-reportng': 'off' } });
    expect(e.file).toBe('/ws/kijun.json');
    expect(e.key).toBe('rules.ciso-reportng');
    expect(e.expected).toMatch(/is not a rule id; did you mean "ciso-reporting"\?/);
  });

  it('an unknown role id is an error naming the key and the nearest role', () => {
    const e = errorOf({ roles: { 'csirt-leed': ['情報化統括責任者補佐官'] } });
    expect(e.key).toBe('roles.csirt-leed');
    expect(e.expected).toMatch(/is not a role id; did you mean "csirt-lead"\?/);
  });

  it('known ids are accepted', () => {
    expect(fromObject({ rules: { 'ciso-reporting': 'warning' }, roles: { 'csirt-lead': ['補佐官'] } }, '/ws/kijun.json').rules['ciso-reporting']?.severity).toBe('warning');
  });

  it('the CLI exits 2 and says which file and key', () => {
    const dir = tree({ 'kijun.json': '{"rules": {"csirt-defind": "off"}}', 'p.md': '# Security Policy\n' });
    const r = kijun(['check', '.'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(dir, 'kijun.json'));
    expect(r.stderr).toMatch(/rules\.csirt-defind.*did you mean "csirt-defined"/);
  });
});

describe('configuration lookup', () => {
  it('stops at the workspace root', () => {
    const dir = tree({ 'kijun.json': '{"organizationType": "private"}', 'ws/docs/p.md': '' });
    expect(new ConfigResolver([join(dir, 'ws')]).forFile(join(dir, 'ws/docs/p.md')).source).toBeUndefined();
    // Without a root the lookup goes all the way up, as before.
    expect(new ConfigResolver().forFile(join(dir, 'ws/docs/p.md')).source).toBe(join(dir, 'kijun.json'));
    // A configuration at the root itself applies.
    expect(new ConfigResolver([dir]).forFile(join(dir, 'ws/docs/p.md')).source).toBe(join(dir, 'kijun.json'));
  });

  it('the CLI does not pick up a configuration above its working directory', () => {
    const dir = tree({ 'kijun.json': '{"rules": {"csirt-defined": "off"}}', 'ws/p.md': '# 情報セキュリティポリシー\n' });
    const json = JSON.parse(kijun(['check', '--format', 'json', '.'], join(dir, 'ws')).stdout);
    expect(json.files[0].findings.map((f: { rule: string }) => f.rule)).toContain('csirt-defined');
  });
});

describe('glob bounds', () => {
  it('a glob longer than 256 characters is a configuration error', () => {
    const e = errorOf({ exclude: ['a'.repeat(257)] });
    expect(e.key).toBe('exclude.0');
    expect(e.expected).toMatch(/256/);
  });

  it('a glob with more wildcards in one segment than can be matched in bounded time is an error', () => {
    const e = errorOf({ exclude: ['*a*a*a*a*a*b'] });
    expect(e.key).toBe('exclude.0');
    expect(e.expected).toMatch(/at most 3 "\*" in one path segment/);
    expect(errorOf({ documents: { '**/a/**/b/**/c/*.md': 'policy' } }).expected).toMatch(/at most 2 "\*\*"/);
  });

  it('ordinary globs still work', () => {
    const c = fromObject({ exclude: ['drafts/**', '*-old-*.md'], documents: { 'policies/**/*.md': 'policy' } }, '/ws/kijun.json');
    expect(c.exclude).toEqual(['drafts/**', '*-old-*.md']);
  });
});
