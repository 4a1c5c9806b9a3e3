import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policyDocument } from '../bench/corpus';

/**
 * kijun check --cache: the output is byte for byte that of a run without it, whatever changed
 * between runs; only what changed is analyzed again (KIJUN_CACHE_TRACE lists the roots of the
 * policy sets whose rules ran). The bundled CLI, as a user runs it.
 */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');

function kijun(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '', KIJUN_WORKERS: '0', KIJUN_CACHE_TRACE: '1', ...env } });
  const trace = /^kijun: cache: analyzed (.*)$/mu.exec(r.stderr)?.[1];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, analyzed: trace === undefined ? undefined : (JSON.parse(trace) as string[]).sort() };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/**
 * A workspace of many policy sets: sets that share a runbook (one group), a policy → plan →
 * playbook chain, a cycle of runbooks with no root, a README member linking an anchor in another
 * set, links to missing files and to a non-Markdown file, a suppression in a shared runbook,
 * documents in no set (one with broken front matter that meant to declare a kind), a folder with
 * its own kijun.json, and generated policies each with a runbook, in Japanese and English.
 */
function multiSet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-cache-'));
  const files: Record<string, string> = {
    'kijun.json': JSON.stringify({ roles: { 'csirt-lead': ['情報セキュリティ監察官'] } }),
    'ja/policy-a.md': `# 情報セキュリティポリシーA\n\n## 体制\n\nCSIRTを置く。CSIRT責任者には、情報セキュリティ監察官を充てる。\n\n## 報告\n\n職員は、[共通手順書](./runbook-shared.md#初動)及び[手順書A](./runbook-a.md)に従い報告窓口に報告する。\n図は[報告経路図](./assets/flow.png)、様式は[様式](./forms.md)を参照。\n注記は[メモ](../notes/README.md)。\n`,
    'ja/policy-b.md': `# 情報セキュリティ規程B\n\n## 報告\n\n職員は、[共通手順書](./runbook-shared.md)に従い、直ちにCSIRTに報告する。\n`,
    'ja/runbook-shared.md': `# インシデント対処手順書\n\n## 初動\n\n1. 発見者は、直ちに報告窓口に報告する。\n<!-- kijun-disable-next-line link-target-missing -- 連絡先一覧は紙で保管（例外 2026-031） -->\n2. [連絡先一覧](./contacts.md)の順に連絡する。\n<!-- kijun-disable-next-line ciso-reporting -- 例外 2026-032 -->\n3. CSIRTは、最高情報セキュリティ責任者に報告する。\n`,
    'ja/runbook-a.md': `# インシデント対応手順書A\n\n## 手順\n\n1. 報告窓口は、CSIRT責任者に30分以内に報告する。\n`,
    'en/security-policy.md': `# Information Security Policy\n\n## Incident response\n\nIncidents are handled under the [incident response plan](./plan.md).\n`,
    'en/plan.md': `# Incident Response Plan\n\n## Organization\n\nThe CSIRT is established. The CSIRT lead is the Director of IT.\n\nSee the [playbook](./playbook.md#escalation).\n`,
    'en/playbook.md': `# Incident Response Playbook\n\n## Escalation\n\n1. Staff notify the security hotline immediately.\n2. The security hotline notifies the CSIRT lead.\n`,
    'en/cycle-1.md': `# Incident Runbook One\n\nNext: [two](./cycle-2.md).\n\n## Steps\n\nStaff report to the CSIRT.\n`,
    'en/cycle-2.md': `# Incident Runbook Two\n\nBack: [one](./cycle-1.md#steps) and [nowhere](./cycle-1.md#nowhere).\n`,
    'notes/README.md': `# Notes\n\nThe escalation steps are in [the playbook](../en/playbook.md#no-such-heading) and [here](../en/playbook.md#escalation).\n`,
    'notes/loose.md': `# Meeting notes\n\nNothing about security.\n`,
    'notes/broken-front.md': `---\nkijun: policy\nowner: a: b\n---\n\n# Weekly notes\n\nLunch menu.\n`,
    'sub/kijun.json': JSON.stringify({ rules: { 'csirt-defined': 'warning', 'ciso-reporting': 'off' } }),
    'sub/policy.md': `# Security Policy (sub)\n\n## Reporting\n\nStaff report incidents to the CISO promptly. See [procedure](./procedure.md).\n`,
  };
  for (let i = 0; i < 12; i++) {
    const lang = i % 2 ? 'en' : 'ja';
    const name = `gen/p-${String(i).padStart(2, '0')}`;
    files[`${name}.md`] = `${policyDocument(i + 1, 1_500, lang)}\n[${lang === 'ja' ? '手順書' : 'runbook'}](./r-${String(i).padStart(2, '0')}.md)\n`;
    files[`gen/r-${String(i).padStart(2, '0')}.md`] = lang === 'ja' ? `# インシデント対処手順書${i}\n\n## 手順\n\n職員は、直ちに報告窓口に報告する。\n` : `# Incident Runbook ${i}\n\n## Steps\n\nStaff notify the security hotline immediately.\n`;
  }
  write(dir, files);
  return dir;
}

/** The reference: a plain single-threaded run without cache. */
const reference = (dir: string, format = 'json', paths = ['.']) => kijun(['check', '--format', format, ...paths], dir);

function expectSame(a: ReturnType<typeof kijun>, b: ReturnType<typeof kijun>): void {
  expect(a.stdout).toBe(b.stdout);
  expect(a.code).toBe(b.code);
}

describe('kijun check --cache: the output is that of a run without it', () => {
  it('on the bundled policies, in every format, cold and warm', { timeout: 180_000 }, () => {
    const cache = mkdtempSync(join(tmpdir(), 'kijun-cache-loc-'));
    for (const format of ['stylish', 'json', 'sarif', 'github']) {
      const plain = kijun(['check', '--format', format, 'policies/'], repo);
      for (const workers of format === 'json' ? ['0', '2'] : ['0']) {
        const location = join(cache, `${format}-${workers}.json`);
        const cold = kijun(['check', '--format', format, '--cache', '--cache-location', location, 'policies/'], repo, { KIJUN_WORKERS: workers });
        const warm = kijun(['check', '--format', format, '--cache', '--cache-location', location, 'policies/'], repo, { KIJUN_WORKERS: workers });
        expectSame(cold, plain);
        expectSame(warm, plain);
        expect(cold.analyzed!.length).toBeGreaterThan(3);
        expect(warm.analyzed).toEqual([]);
      }
    }
    // And in Japanese: messages are chosen when printing, not when caching.
    const location = join(cache, 'ja.json');
    kijun(['check', '--cache', '--cache-location', location, 'policies/'], repo);
    expectSame(kijun(['check', '--locale', 'ja', '--cache', '--cache-location', location, 'policies/'], repo), kijun(['check', '--locale', 'ja', 'policies/'], repo));
  });

  it('on a workspace of many sets, single-threaded and with workers, cold and warm', { timeout: 180_000 }, () => {
    const dir = multiSet();
    const plain = reference(dir);
    const stylish = reference(dir, 'stylish');
    expect(JSON.parse(plain.stdout).summary.files).toBeGreaterThan(30);
    // Without cache, workers print the same (a README member's anchor into a document another worker has included).
    expectSame(kijun(['check', '--format', 'json', '.'], dir, { KIJUN_WORKERS: '3' }), plain);
    // Nor does a pool of two workers on slices of two documents (sets cross slice boundaries).
    expectSame(kijun(['check', '--format', 'json', '.'], dir, { KIJUN_WORKERS: '2', KIJUN_SLICE: '2' }), plain);
    for (const workers of ['0', '3']) {
      rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
      const cold = kijun(['check', '--format', 'json', '--cache', '.'], dir, { KIJUN_WORKERS: workers });
      expectSame(cold, plain);
      const warm = kijun(['check', '--format', 'json', '--cache', '.'], dir, { KIJUN_WORKERS: workers });
      expectSame(warm, plain);
      expect(warm.analyzed).toEqual([]);
      expectSame(kijun(['check', '--cache', '.'], dir, { KIJUN_WORKERS: workers }), stylish);
    }
    // The default location: node_modules/.cache/kijun under the working directory.
    expect(readdirSync(join(dir, 'node_modules/.cache/kijun'))).toEqual(['check-cache.json']);
    // Checking part of the workspace with the same cache: still the plain output for that part.
    expectSame(kijun(['check', '--format', 'json', '--cache', 'ja', 'notes'], dir), reference(dir, 'json', ['ja', 'notes']));
    expectSame(kijun(['check', '--format', 'json', '--cache', '.'], dir), plain);
  });
});

describe('kijun check --cache: what is analyzed again', () => {
  it('editing one member of a set re-analyzes its group only, and its findings follow the edit', () => {
    const dir = multiSet();
    kijun(['check', '--cache', '.'], dir);
    // runbook-a is in policy-a's set, which shares runbook-shared with policy-b: one group.
    writeFileSync(join(dir, 'ja/runbook-a.md'), '# インシデント対応手順書A\n\n## 手順\n\n1. 報告窓口は、CSIRT責任者に報告する。[付録](./appendix.md)\n');
    const after = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(after.analyzed).toEqual(['ja/policy-a.md', 'ja/policy-b.md']);
    expectSame(after, reference(dir));
    const runbook = JSON.parse(after.stdout).files.find((f: { path: string }) => f.path === 'ja/runbook-a.md');
    expect(runbook.findings.map((f: { rule: string; message: string }) => `${f.rule} ${f.message}`)).toContain('link-target-missing Link target "./appendix.md" does not exist.');
    expect(kijun(['check', '--cache', '.'], dir).analyzed).toEqual([]);

    // A generated policy on its own: only that set.
    writeFileSync(join(dir, 'gen/r-03.md'), '# Incident Runbook 3\n\n## Steps\n\nStaff tell someone eventually.\n');
    const gen = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(gen.analyzed).toEqual(['gen/p-03.md']);
    expectSame(gen, reference(dir));
  });

  it('creating a missing link target flips link-target-missing, also for a file that is not a document', { timeout: 120_000 }, () => {
    const dir = multiSet();
    const missing = (r: ReturnType<typeof kijun>) =>
      JSON.parse(r.stdout)
        .files.flatMap((f: { path: string; findings: Array<{ rule: string; message: string }> }) => f.findings.filter((x) => x.rule === 'link-target-missing').map((x) => `${f.path}: ${x.message}`))
        .sort();
    const first = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(missing(first)).toEqual(expect.arrayContaining(['ja/policy-a.md: Link target "./assets/flow.png" does not exist.', 'ja/policy-a.md: Link target "./forms.md" does not exist.']));

    write(dir, { 'ja/assets/flow.png': 'PNG' });
    const png = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(png.analyzed).toEqual(['ja/policy-a.md', 'ja/policy-b.md']);
    expect(missing(png)).not.toContain('ja/policy-a.md: Link target "./assets/flow.png" does not exist.');
    expectSame(png, reference(dir));

    // A Markdown target that now exists joins the set.
    write(dir, { 'ja/forms.md': '# 様式\n' });
    const forms = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(missing(forms)).not.toContain('ja/policy-a.md: Link target "./forms.md" does not exist.');
    expectSame(forms, reference(dir));

    // An anchor into a document of another set: the README (in policy-a's set) links #no-such-heading of the playbook.
    expect(missing(forms)).toContain('notes/README.md: Heading "#no-such-heading" does not exist in ../en/playbook.md.');
    writeFileSync(join(dir, 'en/playbook.md'), readFileSync(join(dir, 'en/playbook.md'), 'utf8') + '\n## No such heading\n');
    const anchor = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(anchor.analyzed).toEqual(['en/security-policy.md', 'ja/policy-a.md', 'ja/policy-b.md']);
    expect(missing(anchor)).not.toContain('notes/README.md: Heading "#no-such-heading" does not exist in ../en/playbook.md.');
    expectSame(anchor, reference(dir));

    // And deleting a target brings the finding back.
    rmSync(join(dir, 'ja/assets/flow.png'));
    const gone = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(missing(gone)).toContain('ja/policy-a.md: Link target "./assets/flow.png" does not exist.');
    expectSame(gone, reference(dir));
  });

  it('changing a kijun.json (severities, organization-specific names) invalidates what it applies to', { timeout: 120_000 }, () => {
    const dir = multiSet();
    kijun(['check', '--cache', '.'], dir);
    write(dir, { 'sub/kijun.json': JSON.stringify({ rules: { 'csirt-defined': 'error' } }) });
    const sub = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(sub.analyzed).toEqual(['sub/policy.md']);
    expectSame(sub, reference(dir));

    write(dir, { 'kijun.json': JSON.stringify({ roles: { 'csirt-lead': ['情報セキュリティ監察官', '監察室長'] }, rules: { 'link-target-missing': 'off' } }) });
    const root = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(root.analyzed!.length).toBeGreaterThan(10);
    expect(root.analyzed).not.toContain('sub/policy.md');
    // sub/ has a kijun.json of its own: the nearest configuration applies whole.
    expect(rulesOf(root, (path) => !path.startsWith('sub/'))).not.toContain('link-target-missing');
    expect(rulesOf(root, (path) => path.startsWith('sub/'))).toContain('link-target-missing');
    expectSame(root, reference(dir));

    // A new kijun.json in a folder that had none applies at once.
    write(dir, { 'en/kijun.json': JSON.stringify({ rules: { 'link-target-missing': 'error' } }) });
    const en = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    // Not policy-a's group, although its README links an anchor of en/playbook.md: link-target-missing is off there now, nothing looked.
    expect(en.analyzed).toEqual(['en/cycle-1.md', 'en/security-policy.md']);
    expectSame(en, reference(dir));
  });

  it('documents in no set keep their own findings; a document that joins a set is judged with it', () => {
    const dir = multiSet();
    kijun(['check', '--cache', '.'], dir);
    const lone = kijun(['check', '--format', 'json', '--cache', 'notes'], dir);
    expectSame(lone, reference(dir, 'json', ['notes']));
    expect(lone.stdout).toContain('front-matter-invalid');
    write(dir, { 'ja/policy-b.md': `${readFileSync(join(dir, 'ja/policy-b.md'), 'utf8')}\n[議事録](../notes/loose.md)\n` });
    expectSame(kijun(['check', '--format', 'json', '--cache', '.'], dir), reference(dir));
  });
});

describe('kijun check --cache: the cache file', () => {
  it('a damaged or foreign cache is ignored with one line on stderr, and rewritten', { timeout: 180_000 }, () => {
    const dir = multiSet();
    const plain = reference(dir);
    const file = join(dir, 'node_modules/.cache/kijun/check-cache.json');
    kijun(['check', '--cache', '.'], dir);
    const good = readFileSync(file, 'utf8');
    const damaged: Record<string, string> = {
      garbage: 'not json at all \u0000\u0001',
      empty: '',
      truncated: good.slice(0, Math.floor(good.length / 2)),
      'flipped byte': good.slice(0, good.length - 40) + (good[good.length - 40] === 'a' ? 'b' : 'a') + good.slice(good.length - 39),
      'foreign json': '{"hello": "world"}\n{}',
      'body of another shape': good.split('\n')[0]!.replace(/"checksum":"[0-9a-f]+"/u, `"checksum":"${sha256('[1,2,3]')}"`) + '\n[1,2,3]',
    };
    for (const [what, text] of Object.entries(damaged)) {
      writeFileSync(file, text);
      const r = kijun(['check', '--format', 'json', '--cache', '.'], dir);
      expectSame(r, plain);
      const notes = r.stderr.split('\n').filter((l) => l && !l.startsWith('kijun: cache: analyzed'));
      expect(notes, what).toHaveLength(1);
      expect(notes[0], what).toMatch(/^kijun: the cache .*check-cache\.json (?:is damaged|is not a Kijun cache)/u);
      const again = kijun(['check', '--format', 'json', '--cache', '.'], dir);
      expectSame(again, plain);
      expect(again.analyzed, what).toEqual([]);
      expect(again.stderr).not.toMatch(/damaged|not a Kijun cache/u);
    }
  });

  it('a cache of another Kijun (fingerprint) is rebuilt silently', () => {
    const dir = multiSet();
    const file = join(dir, 'node_modules/.cache/kijun/check-cache.json');
    kijun(['check', '--cache', '.'], dir);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/"fingerprint":"[0-9a-f]+"/u, '"fingerprint":"0000"'));
    const r = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expectSame(r, reference(dir));
    expect(r.analyzed!.length).toBeGreaterThan(10);
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('kijun: cache: analyzed'))).toEqual([]);
  });

  it('a cache path that cannot be read or written is one line on stderr, never a failure of the check', () => {
    const dir = multiSet();
    mkdirSync(join(dir, 'node_modules/.cache/kijun/check-cache.json'), { recursive: true });
    const r = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expectSame(r, reference(dir));
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('kijun: cache: analyzed'))).toEqual([expect.stringMatching(/^kijun: cannot read the cache .*check-cache\.json \(EISDIR\); checking without it$/u)]);
    writeFileSync(join(dir, 'blocker'), '');
    const w = kijun(['check', '--format', 'json', '--cache', '--cache-location', 'blocker/cache.json', '.'], dir);
    expectSame(w, reference(dir));
    expect(w.stderr.split('\n').filter((l) => l && !l.startsWith('kijun: cache: analyzed'))).toEqual([expect.stringMatching(/^kijun: could not write the cache .*blocker\/cache\.json \((?:ENOTDIR|EEXIST)\)/u)]);
  });

  it('--cache-location is a file, or a folder (existing, or named with a trailing slash)', { timeout: 120_000 }, () => {
    const dir = multiSet();
    const plain = reference(dir);
    for (const [location, file] of [
      ['my-cache.json', 'my-cache.json'],
      ['.kijun/', '.kijun/check-cache.json'],
      [join(dir, 'abs', 'c.json'), 'abs/c.json'],
    ] as const) {
      expectSame(kijun(['check', '--format', 'json', '--cache', '--cache-location', location, '.'], dir), plain);
      expect(existsSync(join(dir, file)), location).toBe(true);
      const warm = kijun(['check', '--format', 'json', '--cache', '--cache-location', location, '.'], dir);
      expectSame(warm, plain);
      expect(warm.analyzed).toEqual([]);
    }
    mkdirSync(join(dir, 'existing'));
    kijun(['check', '--cache', '--cache-location', 'existing', '.'], dir);
    expect(readdirSync(join(dir, 'existing'))).toEqual(['check-cache.json']);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    // No temporary files are left behind.
    expect(readdirSync(join(dir, '.kijun'))).toEqual(['check-cache.json']);
  });

  it('--cache-location without --cache, or empty, is a usage error', () => {
    const dir = multiSet();
    expect(kijun(['check', '--cache-location', 'x.json', '.'], dir)).toMatchObject({ code: 2, stdout: '' });
    expect(kijun(['check', '--cache', '--cache-location', '', '.'], dir)).toMatchObject({ code: 2, stdout: '' });
    expect(kijun(['inspect', '--cache', '.'], dir)).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('kijun check --cache with --fix', () => {
  it('fixes without the cache, then prints what a plain check prints and leaves the cache up to date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-cache-fix-'));
    cpSync(join(repo, 'policies/flawed-ja'), dir, { recursive: true });
    kijun(['check', '--cache', '.'], dir);
    const fixed = kijun(['check', '--format', 'json', '--fix-review', '--cache', '.'], dir);
    expect(fixed.stderr).toMatch(/fixed security-policy\.md/u);
    expectSame(fixed, reference(dir));
    const warm = kijun(['check', '--format', 'json', '--cache', '.'], dir);
    expect(warm.analyzed).toEqual([]);
    expectSame(warm, reference(dir));
  });
});

const rulesOf = (r: ReturnType<typeof kijun>, where: (path: string) => boolean = () => true): string[] =>
  JSON.parse(r.stdout)
    .files.filter((f: { path: string }) => where(f.path))
    .flatMap((f: { findings: Array<{ rule: string }> }) => f.findings.map((x) => x.rule));

function sha256(s: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(s).digest('hex');
}
