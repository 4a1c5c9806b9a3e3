import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * What a reader of the report needs first: a summary on top, honest statuses (「未確認」 where
 * Kijun checks nothing; a parent "satisfied" by few checked items says so), a graph whose labels
 * are not cut and whose delayed reports look delayed.
 */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const html = (locale: string) => {
  const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'report', 'policies/', '--format', 'html', '--locale', locale], { cwd: repo, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
};

describe('compliance report page', () => {
  const ja = html('ja');
  const en = html('en');

  it('starts with a summary of every set', () => {
    const summary = ja.indexOf('<h2>概要</h2>');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(ja.indexOf('<section class="set"'));
    expect(ja).toMatch(/指摘のある条項 \d+/u);
    expect(en).toMatch(/\d+ clauses? with findings/u);
  });

  it('says 「未確認」 for clauses Kijun does not check, never 「対象外」', () => {
    expect(ja).toContain('>未確認<');
    expect(ja).not.toContain('対象外');
  });

  it('does not call a parent satisfied when most of its items are not checked', () => {
    // 2.1.1 has many items; Kijun checks (6) only.
    // 2.1.1 has seven items; Kijun checks (6) only: a conforming set shows "satisfied in 1 of 7 items".
    expect(en).toContain('<tr class="partly" data-clause="2.1.1">');
    expect(en).toContain('satisfied in 1 of 7 items; the rest not checked');
    expect(ja).toContain('7項目中1項目で充足（他は未確認）');
    expect(en).not.toMatch(/<tr class="satisfied" data-clause="2\.1\.1">/u);
  });

  it('draws delayed reports as delayed and keeps long labels whole', () => {
    expect(ja).toContain('class="edge delayed"');
    expect(ja).not.toMatch(/<text[^>]*>[^<]*…<\/text>/u);
    expect(ja).toContain('<tspan');
  });
});
