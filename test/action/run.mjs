#!/usr/bin/env node
// Runs the composite GitHub Action in action.yml as the Actions runner does: each step's `run:`
// through `bash --noprofile --norc -eo pipefail`, with its `env:` evaluated from the inputs (the
// defaults of action.yml, overridden per case) and GITHUB_OUTPUT collected. The action path is a
// fresh copy of the repository's files without dist/, so the build step runs for real once.
// Asserts the annotations, the step outcome and the exit code for each fail-on value.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { parse } from 'yaml';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const action = parse(readFileSync(join(repo, 'action.yml'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'kijun-action-'));

// The action as `uses: <owner>/kijun@<ref>` checks it out: the repository's tracked files.
const actionPath = join(work, 'action');
const tracked = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
for (const f of tracked) {
  if (!existsSync(join(repo, f))) continue;
  mkdirSync(dirname(join(actionPath, f)), { recursive: true });
  cpSync(join(repo, f), join(actionPath, f));
}
assert.ok(!existsSync(join(actionPath, 'dist')), 'the action copy must start without a build');

// The workflow's checkout: a copy of the sample policies, a runbook with warnings only, and a
// document whose path has a space, Japanese and '#'.
const workspace = join(work, 'workspace');
cpSync(join(repo, 'policies'), join(workspace, 'policies'), { recursive: true });
mkdirSync(join(workspace, 'warnings-only'));
writeFileSync(join(workspace, 'warnings-only', 'r.md'), '# Incident Runbook\n\nStaff report incidents to the security hotline.\n');
mkdirSync(join(workspace, 'odd names'));
cpSync(join(repo, 'policies/flawed-ja/security-policy.md'), join(workspace, 'odd names', 'ポリシー #1.md'));

/** Evaluates the only expressions the action may use: inputs.<name> and github.action_path. */
function evaluate(value, inputs) {
  return String(value).replace(/\$\{\{\s*([^}]*?)\s*\}\}/gu, (_, expr) => {
    const input = /^inputs\.([\w-]+)$/u.exec(expr);
    if (input) {
      assert.ok(input[1] in action.inputs, `unknown input ${input[1]}`);
      return inputs[input[1]];
    }
    if (expr === 'github.action_path') return actionPath;
    throw new Error(`expression the local runner does not know: ${expr}`);
  });
}

function runAction(withInputs) {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, withInputs[k] ?? v.default ?? '']));
  const output = join(work, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(output, '');
  let stdout = '';
  let stderr = '';
  let code = 0;
  assert.equal(action.runs.using, 'composite');
  for (const step of action.runs.steps) {
    assert.equal(step.shell, 'bash');
    // Inputs reach scripts through env only: an expression inside `run:` would be pasted as code.
    assert.ok(!step.run.includes('${{'), `step "${step.name}" pastes an expression into its script`);
    const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', KIJUN_LOCALE: '', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: output };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(v, inputs);
    const script = join(work, 'step.sh');
    writeFileSync(script, step.run);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 600_000 });
    stdout += r.stdout;
    stderr += r.stderr;
    code = r.status ?? 1;
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/=(.*)/su).slice(0, 2)));
  return { code, stdout, stderr, outputs };
}

const annotations = (out, level) => out.split('\n').filter((l) => l.startsWith(`::${level} `));
let passed = 0;
function test(name, withInputs, check) {
  const started = Date.now();
  const r = runAction(withInputs);
  try {
    check(r);
  } catch (e) {
    console.log(`✗ ${name}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`);
    throw e;
  }
  passed++;
  console.log(`✓ ${name} (exit ${r.code}, ${annotations(r.stdout, 'error').length} error / ${annotations(r.stdout, 'warning').length} warning annotations, ${Date.now() - started} ms)`);
}

try {
  test('defaults on policies/: builds, annotates every finding, fails the step', { paths: 'policies' }, (r) => {
    assert.equal(r.code, 1);
    assert.equal(r.outputs['exit-code'], '1');
    assert.ok(existsSync(join(actionPath, 'dist/cli.js')), 'the build step built the CLI');
    const errors = annotations(r.stdout, 'error');
    assert.equal(errors.length, 9);
    for (const a of errors) assert.match(a, /^::error file=policies\/[\w-]+\/[\w-]+\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=Kijun [\w-]+[^:]*::\S/u);
    assert.ok(annotations(r.stdout, 'warning').length > 0);
    assert.ok(annotations(r.stdout, 'error').some((a) => a.includes('title=Kijun reporting-chain (2.2.4(2)(a)%2C ')), 'commas in titles are escaped');
  });
  // The workflow the README shows: its `with:` for this action, as written there.
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const workflowText = /```yaml\n(# \.github\/workflows\/kijun\.yml\n[\s\S]*?)```/u.exec(readme)?.[1];
  assert.ok(workflowText, 'README has no .github/workflows/kijun.yml block');
  const workflow = parse(workflowText);
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const ours = steps.find((st) => /\/kijun@/u.test(st.uses ?? ''));
  assert.ok(ours, "the README's workflow does not use the action");
  assert.ok(steps.indexOf(ours) > steps.findIndex((st) => st.uses?.startsWith('actions/setup-node@')), 'Node is set up before the action');
  test("the README's workflow step", ours.with, (r) => {
    assert.equal(r.code, 1);
    assert.equal(annotations(r.stdout, 'error').length, 9);
    assert.ok(annotations(r.stdout, 'error').some((a) => a.includes('CSIRTが整備されていない')), 'messages in the locale the workflow asks for');
    const sarifFile = ours.with['sarif-file'];
    const upload = steps.find((st) => st.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.sarif_file, sarifFile, 'the upload step reads the file the action wrote');
    assert.equal(JSON.parse(readFileSync(join(workspace, sarifFile), 'utf8')).runs[0].results.filter((x) => x.level === 'error').length, 9);
  });
  test('fail-on: never keeps the annotations and passes', { paths: 'policies', 'fail-on': 'never' }, (r) => {
    assert.equal(r.code, 0);
    assert.equal(annotations(r.stdout, 'error').length, 9);
  });
  test('fail-on: error passes on warnings only', { paths: 'warnings-only' }, (r) => {
    assert.equal(r.code, 0);
    assert.equal(annotations(r.stdout, 'error').length, 0);
    assert.ok(annotations(r.stdout, 'warning').length > 0);
  });
  test('fail-on: warning fails on warnings', { paths: 'warnings-only', 'fail-on': 'warning' }, (r) => {
    assert.equal(r.code, 1);
    assert.equal(r.outputs['exit-code'], '1');
  });
  test('locale ja, paths one per line with spaces, and a SARIF file', { paths: 'odd names\npolicies/conforming-ja\n', locale: 'ja', 'sarif-file': 'kijun.sarif' }, (r) => {
    assert.equal(r.code, 1);
    assert.ok(annotations(r.stdout, 'error').some((a) => a.startsWith('::error file=odd names/ポリシー #1.md,') && a.includes('CSIRTが整備されていない')));
    const log = JSON.parse(readFileSync(join(workspace, 'kijun.sarif'), 'utf8'));
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.length > 0);
  });
  test('a file that cannot be read fails the step even with fail-on: never', { paths: 'policies/missing.md', 'fail-on': 'never' }, (r) => {
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kijun: error: policies\/missing\.md: no such file or directory/u);
  });
  test('an unknown fail-on value is an error', { 'fail-on': 'sometimes' }, (r) => {
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^::error title=Kijun::fail-on must be error, warning or never/mu);
  });
  console.log(`\naction test: ${passed} cases passed`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
