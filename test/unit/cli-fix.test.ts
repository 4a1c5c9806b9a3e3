import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('--fix-review on the flawed sample set leaves only what needs a human decision, and the placeholders to fill', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-fix-review-'));
    cpSync(join(repo, 'policies'), dir, { recursive: true });
    // The samples as shipped have no placeholder: placeholder-unfilled adds nothing to `kijun check policies/`.
    const shipped = JSON.parse(run(['check', '--format', 'json', '.'], dir).stdout);
    expect(shipped.files.flatMap((f: { findings: Array<{ rule: string }> }) => f.findings.filter((x) => x.rule === 'placeholder-unfilled'))).toEqual([]);
    run(['check', '--fix-review', '.'], dir);
    const json = JSON.parse(run(['check', '--format', 'json', '.'], dir).stdout);
    type Out = { path: string; findings: Array<{ rule: string; clauses: string[]; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }> };
    const files: Out[] = json.files;
    const left = files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.rule}`));
    // A missing asset register cannot be invented.
    expect(left.filter((x) => !x.endsWith(':placeholder-unfilled'))).toEqual(['flawed-ja/security-policy.md:link-target-missing']);
    // What the fixes left for the author to fill is reported, in every flawed document they wrote into…
    const placeholders = files.flatMap((f) => f.findings.filter((x) => x.rule === 'placeholder-unfilled').map((x) => ({ path: f.path, ...x })));
    expect([...new Set(placeholders.map((p) => p.path))].sort()).toEqual(['flawed-ja-partial/security-policy.md', 'flawed-ja/incident-runbook.md', 'flawed-ja/security-policy.md']);
    // …each on the placeholder itself, as written in the file…
    for (const p of placeholders) {
      const line = readFileSync(join(dir, p.path), 'utf8').split('\n')[p.range.start.line]!;
      const text = line.slice(p.range.start.character, p.range.end.character);
      expect(text).toMatch(/^〔[^〔〕]+〕$/u);
      expect(p.message).toContain(`"${text}"`);
    }
    // …with the requirement it keeps unmet: the CSIRT lead is 〔役職名〕, the contact point 〔部署名〕.
    const lead = placeholders.find((p) => p.path === 'flawed-ja/security-policy.md' && p.message.startsWith('"〔役職名〕"') && p.clauses.includes('2.1.1(6)(b)'));
    expect(lead?.message).toContain('A post is designated CSIRT lead');
    expect(placeholders.some((p) => p.message.startsWith('"〔部署名〕"') && p.clauses.includes('2.2.4(1)(a)'))).toBe(true);
    // The conforming sets are untouched and still clean.
    for (const f of ['conforming-ja/security-policy.md', 'conforming-en/security-policy.md']) {
      expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(repo, 'policies', f), 'utf8'));
    }
    expect(files.filter((f) => f.path.startsWith('conforming-')).flatMap((f) => f.findings)).toEqual([]);
    // Applying again changes nothing: the placeholders are for the author, not for another fix.
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
      expect.objectContaining({ rule: 'clause-reference', justification: 'exception 2026-014 approved by the CISO', justified: true, comment: { range: expect.objectContaining({ start: { line: 2, character: 0 } }) } }),
    ]);
  });

  it('records a suppression whose justification is a placeholder as not justified in JSON', () => {
    const dir = scratch({
      'p.md': '# Security Policy\n\n<!-- kijun-disable-next-line clause-reference -- <reason> -->\nSee 2.2.4(3).\n',
      'q.md': '# 情報セキュリティポリシー\n\n<!-- kijun-disable-next-line clause-reference -- 〔理由〕 -->\n統一基準2.2.4(3)\n',
    });
    const json = JSON.parse(run(['check', '--format', 'json', 'p.md', 'q.md'], dir).stdout);
    for (const f of json.files) {
      expect(f.suppressed).toEqual([expect.objectContaining({ rule: 'clause-reference', justification: '', justified: false })]);
      expect(f.findings.map((x: { rule: string }) => x.rule)).toContain('suppression-unjustified');
    }
  });
});

describe('writeFix', () => {
  it('leaves a file alone when it changed since it was read', async () => {
    const { writeFix } = await import('../../server/src/cli/fix');
    const dir = scratch({ 'p.md': 'edited by someone else\n' });
    const path = join(dir, 'p.md');
    expect(writeFix(path, 'what kijun read\n', 'fixed\n', dir)).toEqual({ status: 'changed' });
    expect(readFileSync(path, 'utf8')).toBe('edited by someone else\n');
    expect(writeFix(path, 'edited by someone else\n', 'fixed\n', dir)).toEqual({ status: 'written' });
    expect(readFileSync(path, 'utf8')).toBe('fixed\n');
  });
});

/** A policy with a misspelled clause id: `--fix` replaces 2.2.4(3) by 2.2.4(1). */
const SAFE = '# 情報セキュリティポリシー\n\n根拠は統一基準2.2.4(3)である。\n';
const SAFE_FIXED = '# 情報セキュリティポリシー\n\n根拠は統一基準2.2.4(1)である。\n';
/** What --fix-review makes of SAFE in a plain file: the result every special case must equal. */
function reviewedPlain(): string {
  const dir = scratch({ 'p.md': SAFE });
  run(['check', '--fix-review', 'p.md'], dir);
  return readFileSync(join(dir, 'p.md'), 'utf8');
}
/** A policy missing most of what 2.2.4 asks: `--fix-review` inserts sections. */
const SPARSE = '# 情報セキュリティポリシー\n\n職員は、インシデントを認知した場合、直ちに報告する。\n';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.kijun-tmp'));

describe('kijun check --fix never loses a byte', () => {
  it('refuses a file that is not valid UTF-8, naming it, and leaves its bytes alone', () => {
    const dir = scratch({});
    // A Shift_JIS fragment (「あ」 = 82 A0) in an otherwise UTF-8 policy.
    const bytes = Buffer.concat([Buffer.from(SAFE), Buffer.from([0x82, 0xa0, 0x0a])]);
    writeFileSync(join(dir, 'p.md'), bytes);
    const r = run(['check', '--fix-review', 'p.md'], dir);
    expect(readFileSync(join(dir, 'p.md')).equals(bytes)).toBe(true);
    expect(r.stderr).toMatch(/p\.md is not valid UTF-8.*left untouched/);
    expect(r.stderr).not.toMatch(/fixed p\.md/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(2);
  });

  it('refuses a read-only file (chmod 444)', () => {
    const dir = scratch({ 'p.md': SAFE });
    chmodSync(join(dir, 'p.md'), 0o444);
    const r = run(['check', '--fix-review', 'p.md'], dir);
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe(SAFE);
    expect(statSync(join(dir, 'p.md')).mode & 0o777).toBe(0o444);
    expect(r.stderr).toMatch(/p\.md is read-only; left untouched/);
    expect(r.status).toBe(2);
  });

  it.runIf(isRoot)('refuses a read-only file and a read-only folder as an ordinary user too', () => {
    const dir = scratch({ 'p.md': SAFE });
    mkdirSync(join(dir, 'ro'));
    writeFileSync(join(dir, 'ro', 'q.md'), SAFE);
    chmodSync(join(dir, 'p.md'), 0o444);
    chmodSync(join(dir, 'ro', 'q.md'), 0o666);
    chmodSync(join(dir, 'ro'), 0o555);
    chmodSync(dir, 0o777);
    const asNobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli, 'check', '--fix-review', 'p.md', 'ro/q.md'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe(SAFE);
    expect(readFileSync(join(dir, 'ro', 'q.md'), 'utf8')).toBe(SAFE);
    expect(asNobody.stderr).toMatch(/p\.md is read-only; left untouched/);
    expect(asNobody.stderr).toMatch(/ro\/q\.md could not be written \(permission denied\); left untouched/);
    expect(asNobody.stderr).not.toMatch(/\n\s+at /);
    expect(leftovers(join(dir, 'ro'))).toEqual([]);
    expect(asNobody.status).toBe(2);
  });

  it('writes the target of a symlinked document and keeps the link', () => {
    const dir = scratch({});
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'p.md'), SAFE);
    symlinkSync('real/p.md', join(dir, 'link.md'));
    run(['check', '--fix-review', 'link.md'], dir);
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'p.md'), 'utf8')).toBe(reviewedPlain());
    expect(leftovers(dir)).toEqual([]);
  });

  it.runIf(isRoot)('keeps the owner and group of the file', () => {
    const dir = scratch({ 'p.md': SAFE });
    chownSync(join(dir, 'p.md'), 65534, 65534);
    run(['check', '--fix-review', 'p.md'], dir);
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe(reviewedPlain());
    const st = statSync(join(dir, 'p.md'));
    expect([st.uid, st.gid]).toEqual([65534, 65534]);
  });

  it('never writes outside the workspace through a symlinked folder', () => {
    const outside = scratch({ 'p.md': SAFE });
    const dir = scratch({});
    symlinkSync(outside, join(dir, 'elsewhere'));
    const r = run(['check', '--fix-review', '.'], dir);
    expect(readFileSync(join(outside, 'p.md'), 'utf8')).toBe(SAFE);
    // Discovery does not follow a link out of the folder; --fix would refuse it too.
    expect(r.stderr).toMatch(/elsewhere: symbolic link to .*, outside the folder being checked; not followed|elsewhere\/p\.md is outside the workspace .*; left untouched/);
  });

  it('does not grow a policy ending in an unclosed comment, however often it is fixed', () => {
    const dir = scratch({ 'p.md': `${SPARSE}\n<!-- draft\n` });
    run(['check', '--fix-review', 'p.md'], dir);
    const once = readFileSync(join(dir, 'p.md'), 'utf8');
    expect(once.endsWith('<!-- draft\n')).toBe(true);
    const again = run(['check', '--fix-review', 'p.md'], dir);
    expect(again.stderr).not.toMatch(/fixed/);
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe(once);
  });

  it('inserts CR line endings in a CR-only file', () => {
    const dir = scratch({ 'p.md': SPARSE.replace(/\n/gu, '\r') });
    run(['check', '--fix-review', 'p.md'], dir);
    const after = readFileSync(join(dir, 'p.md'), 'utf8');
    expect(after.length).toBeGreaterThan(SPARSE.length);
    expect(after).not.toContain('\n');
    expect(after.startsWith(SPARSE.replace(/\n/gu, '\r'))).toBe(true);
  });
});

describe('writeFix on I/O faults', () => {
  const setup = async () => {
    const { writeFix } = await import('../../server/src/cli/fix');
    const dir = scratch({ 'p.md': SAFE });
    return { writeFix, dir, path: join(dir, 'p.md') };
  };

  it('a full disk gives a clear reason and leaves no temporary file', async () => {
    const { writeFix, dir, path } = await setup();
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const r = writeFix(path, SAFE, SAFE_FIXED, dir, { beforeWrite: () => { throw full; } });
    expect(r).toEqual({ status: 'failed', reason: 'no space left on device' });
    expect(readFileSync(path, 'utf8')).toBe(SAFE);
    expect(leftovers(dir)).toEqual([]);
  });

  it('an edit made between the check and the rename is kept', async () => {
    const { writeFix, dir, path } = await setup();
    const r = writeFix(path, SAFE, SAFE_FIXED, dir, { beforeRename: () => writeFileSync(path, 'edited meanwhile\n') });
    expect(r).toEqual({ status: 'changed' });
    expect(readFileSync(path, 'utf8')).toBe('edited meanwhile\n');
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('kijun check --fix is idempotent whatever the state of the document', () => {
  it('does not grow a policy ending in an unclosed code fence', () => {
    const dir = scratch({ 'p.md': `${SPARSE}\n\`\`\`\ndraft\n` });
    run(['check', '--fix-review', 'p.md'], dir);
    const once = readFileSync(join(dir, 'p.md'), 'utf8');
    run(['check', '--fix-review', 'p.md'], dir);
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe(once);
    // The insertion the analysis could not see was undone, not left behind.
    expect(once.endsWith('```\ndraft\n')).toBe(true);
    expect(once.split('```').length).toBe(2);
  });
});
