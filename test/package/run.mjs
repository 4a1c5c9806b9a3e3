#!/usr/bin/env node
// Packs Kijun as a user receives it (npm pack: prepack builds dist/), installs the tarball into
// a fresh folder outside the repository, and runs the installed `kijun` there on a copy of
// policies/: findings and exit 1, every output format, the language server, --version.
// Dependencies come from the npm cache when present, else from the registry (--prefer-offline).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const work = mkdtempSync(join(tmpdir(), 'kijun-package-'));
const env = { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '', npm_config_update_notifier: 'false' };

function sh(cmd, args, cwd, options = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}${cwd === work ? '' : `   (in ${cwd})`}`);
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 300_000, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function show(r, lines = 4) {
  const out = r.stdout.trimEnd().split('\n');
  for (const l of out.length > lines ? [...out.slice(0, 2), '…', ...out.slice(-2)] : out) console.log(`  ${l.length > 160 ? l.slice(0, 160) + '…' : l}`);
  if (r.stderr.trim()) console.log(`  (stderr) ${r.stderr.trim().split('\n').slice(-3).join('\n  (stderr) ')}`);
  console.log(`  → exit ${r.code}`);
}

let passed = 0;
function check(name, fn) {
  fn();
  passed++;
  console.log(`  ✓ ${name}`);
}

try {
  const packed = sh('npm', ['pack', '--pack-destination', work, '--silent'], repo);
  assert.equal(packed.code, 0, packed.stderr);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote no tarball');
  console.log(`  ${tarball}`);

  const app = join(work, 'app');
  cpSync(join(repo, 'policies'), join(app, 'policies'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'policies-repo', private: true }, null, 2));
  const install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], app);
  show(install, 2);
  assert.equal(install.code, 0, install.stderr);

  const kijun = (...args) => sh('npx', ['--no-install', 'kijun', ...args], app);

  let r = kijun('check', 'policies');
  show(r);
  check('check prints the findings and exits 1', () => {
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✖ \d+ problems \(9 errors, \d+ warnings, 0 info\) in 10 files checked/u);
  });
  r = kijun('check', '--format', 'json', 'policies');
  show(r, 2);
  check('--format json', () => {
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).summary.errors, 9);
  });
  r = kijun('check', '--format', 'sarif', 'policies');
  show(r, 2);
  check('--format sarif', () => {
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].results.filter((x) => x.level === 'error').length, 9);
    // Rule help points into the installed package.
    assert.match(log.runs[0].tool.driver.rules[0].helpUri, /node_modules\/kijun\/dist\/docs\/rules\//u);
  });
  r = kijun('check', '--format', 'github', 'policies');
  show(r);
  check('--format github', () => {
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('::error file=policies/')).length, 9);
  });
  r = kijun('explain', 'report-to-nisc');
  show(r, 2);
  check('explain reads the shipped rule page', () => {
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^# report-to-nisc/u);
  });
  r = kijun('report', '--format', 'md', 'policies');
  show(r, 2);
  check('report', () => assert.equal(r.code, 0));
  r = kijun('--version');
  show(r);
  check('--version', () => assert.equal(r.stdout, '0.1.0\n'));

  console.log('$ npx kijun lsp --stdio   (initialize, shutdown, exit)');
  const answer = await lspInitialize(app);
  console.log(`  ${answer.slice(0, 160)}…`);
  check('lsp --stdio answers initialize', () => assert.match(answer, /"serverInfo":\{"name":"kijun","version":"0\.1\.0"\}/u));

  console.log(`\npackage test: ${passed} checks passed`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Starts the installed server, sends initialize, returns the raw answer, then shuts it down. */
function lspInitialize(cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'kijun', 'lsp', '--stdio'], { cwd, env, stdio: ['pipe', 'pipe', 'inherit'] });
    const frame = (m) => {
      const s = JSON.stringify(m);
      return `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
    };
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('no answer to initialize within 20 s'));
    }, 20_000);
    // Content-Length counts bytes (the answer holds non-ASCII trigger characters): buffer bytes.
    let buf = Buffer.alloc(0);
    child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const head = buf.indexOf('\r\n\r\n');
      const length = head < 0 ? NaN : Number(/Content-Length: (\d+)/u.exec(buf.subarray(0, head).toString())?.[1]);
      if (!(buf.length >= head + 4 + length)) return;
      const answer = buf.subarray(head + 4, head + 4 + length).toString('utf8');
      clearTimeout(timer);
      child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
      child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
      child.on('exit', () => resolve(answer));
    });
    child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } }));
  });
}
