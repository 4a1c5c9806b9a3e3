/**
 * npm run bench — measured, not assumed. Everything is measured in this run, after warm-up,
 * against its peer: analysis ÷ remark-parse + remark-gfm (the floor), keystroke re-analysis in a
 * 1,000-document workspace, the CLI on 1,000 documents (with markdownlint-cli2 on the same corpus)
 * and on 10,000, --cache second ÷ first run, LSP didChange → publishDiagnostics over stdio, the
 * server's first diagnostics and RSS over 2,000 edits, and micromark 4.0.2 vs 4.0.3.
 * Prints a table and writes bench-results.json. Not part of npm test; no assertions.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { analyzeWorkspace, ModelCache } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import { parseMarkdown } from '../../server/src/core/parse/markdown';
import { corpus, policyDocument } from './corpus';
import { editSession, firstDiagnostics } from './server';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

interface Stat {
  median: number;
  p95: number;
  n: number;
}
function stats(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  return { median: q(0.5), p95: q(0.95), n: s.length };
}
function time<T>(f: () => T): [number, T] {
  const t = performance.now();
  const v = f();
  return [performance.now() - t, v];
}

// One configuration object for every document, as the CLI and the server hand out per folder
// (a new one per call made each keystroke serialize a thousand configurations to key them).
const benchConfig = defaultConfig();
const host = { read: () => undefined, exists: () => false, configFor: () => benchConfig };
const analyzeOne = (text: string) => analyzeWorkspace(new Map([['file:///bench/doc.md', text]]), host);

const c = corpus();
/**
 * The peer floor: Markdown to mdast as remark users parse it (remark-parse + remark-gfm +
 * remark-frontmatter). Kijun's own parse (parseMarkdown: GFM without autolink literals) is
 * measured beside it; the analysis ratio is taken against the peer, which does not change when
 * Kijun's parse gets faster.
 */
const peerProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();
const peerParse = (s: string) => peerProcessor.parse(s);
const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };
const rows: Array<[string, string, string]> = [];
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const row = (a: string, b: string, n: string) => {
  rows.push([a, b, n]);
  process.stderr.write(`  ${a}: ${b} ${n}\n`);
};

/**
 * Parse and analysis measured in alternation on the same inputs, after a full warm-up pass of
 * both, so that JIT warm-up and machine noise fall on both sides of the ratio alike.
 */
function measurePair(label: string, inputs: string[], f: (s: string) => unknown, g: (s: string) => unknown): [Stat, Stat] {
  for (const s of inputs) {
    f(s);
    g(s);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = 0; r < 2; r++) {
    for (const s of inputs) {
      xs.push(time(() => f(s))[0]);
      ys.push(time(() => g(s))[0]);
    }
  }
  process.stderr.write(`  measured ${label} (${xs.length} pairs)\n`);
  return [stats(xs), stats(ys)];
}

// 1. Parse alone vs full analysis, per document size.
process.stderr.write('parse vs analysis\n');
const [parse4, analysis4] = measurePair('4KB', c.small.slice(0, 300).map((d) => d.text), peerParse, analyzeOne);
const [parse40, analysis40] = measurePair('40KB', c.medium.map((d) => d.text), peerParse, analyzeOne);
const [own40] = measurePair('40KB own parse', c.medium.map((d) => d.text), parseMarkdown, peerParse);
row('remark-parse + remark-gfm, 4 KB (median / p95)', `${ms(parse4.median)} / ${ms(parse4.p95)}`, '');
row('full analysis, 4 KB', `${ms(analysis4.median)} / ${ms(analysis4.p95)}`, `ratio ${(analysis4.median / parse4.median).toFixed(2)}`);
row('remark-parse + remark-gfm, 40 KB', `${ms(parse40.median)} / ${ms(parse40.p95)}`, '');
row("Kijun's own parse, 40 KB (GFM without autolink literals)", `${ms(own40.median)} / ${ms(own40.p95)}`, `÷ remark-parse + remark-gfm = ${(own40.median / parse40.median).toFixed(2)}`);
row('full analysis, 40 KB', `${ms(analysis40.median)} / ${ms(analysis40.p95)}`, `ratio ${(analysis40.median / parse40.median).toFixed(2)} (target ≤ 1.2)`);
const [parseHuge] = time(() => parseMarkdown(c.huge.text));
const [analysisHuge, hugeResult] = time(() => analyzeOne(c.huge.text));
row("5 MB document: Kijun's parse alone", ms(parseHuge), '');
row('5 MB document: Kijun', ms(analysisHuge), `reported as ${[...hugeResult.findings.values()].flat().map((f) => f.rule).join(', ')} (limit 512 Ki characters)`);
Object.assign(results, { parse4, analysis4, parse40, analysis40, ownParse40: own40, ratio4: analysis4.median / parse4.median, ratio40: analysis40.median / parse40.median, parseHugeMs: parseHuge, analysisHugeMs: analysisHuge });

// 2. micromark 4.0.2 (pinned) vs 4.0.3, tokenizer only, same inputs.
process.stderr.write('micromark versions\n');
type Micromark = { parse: () => { document: () => { write: (c: unknown) => unknown } }; preprocess: () => (v: string, e: undefined, end: boolean) => unknown; postprocess: (e: unknown) => unknown };
async function tokenizer(dir: string) {
  const mm = (await import(pathToFileURL(join(dir, 'index.js')).href)) as Micromark;
  return (s: string) => mm.postprocess(mm.parse().document().write(mm.preprocess()(s, undefined, true)));
}
const mm402dir = join(repo, 'node_modules', 'micromark');
const mm403dir = join(repo, 'node_modules', 'micromark-403');
try {
  const t402 = await tokenizer(mm402dir);
  const t403 = await tokenizer(mm403dir);
  const [m402, m403] = measurePair('micromark 4.0.2 / 4.0.3 40KB', c.medium.map((d) => d.text), t402, t403);
  const mid = c.huge.text.slice(0, 1_000_000);
  const [h402] = time(() => t402(mid));
  const [h403] = time(() => t403(mid));
  row('micromark tokenizer 40 KB: 4.0.2 / 4.0.3', `${ms(m402.median)} / ${ms(m403.median)}`, `4.0.3 ÷ 4.0.2 = ${(m403.median / m402.median).toFixed(2)}`);
  row('micromark tokenizer 1 MB: 4.0.2 / 4.0.3', `${ms(h402)} / ${ms(h403)}`, `4.0.3 ÷ 4.0.2 = ${(h403 / h402).toFixed(2)}`);
  Object.assign(results, { micromark402_40k: m402, micromark403_40k: m403, micromark402_1mb: h402, micromark403_1mb: h403 });
} catch (e) {
  row('micromark comparison', 'n/a', String(e).slice(0, 80));
}

// 3. Keystroke: one-character edit in a 40 KB document inside a 1,000-document workspace.
process.stderr.write('keystroke\n');
const workspace = new Map<string, string>(c.small.map((d) => [`file:///ws/${d.name}`, d.text]));
const editedUri = 'file:///ws/edited.md';
let edited = c.medium[0]!.text;
workspace.set(editedUri, edited);
const cache = new ModelCache();
analyzeWorkspace(workspace, host, { cache });
const keystrokes: number[] = [];
for (let i = 0; i < 40; i++) {
  const at = 200 + i * 37;
  edited = edited.slice(0, at) + (i % 2 ? '報' : 'x') + edited.slice(at);
  workspace.set(editedUri, edited);
  keystrokes.push(time(() => analyzeWorkspace(workspace, host, { cache }))[0]);
}
const ks = stats(keystrokes.slice(5));
const parseEdited = stats(Array.from({ length: 20 }, () => time(() => parseMarkdown(edited))[0]));
row('keystroke re-analysis, 40 KB doc in 1,000-doc workspace', `${ms(ks.median)} / ${ms(ks.p95)}`, `p95 ÷ parse of that doc (${ms(parseEdited.median)}) = ${(ks.p95 / parseEdited.median).toFixed(2)} (target ≤ 1.2)`);
Object.assign(results, { keystroke: ks, parseEdited, keystrokeRatio: ks.p95 / parseEdited.median });

// 4. The CLI on 1,000 documents, and markdownlint-cli2 on the same files.
process.stderr.write('cli\n');
const dir = mkdtempSync(join(tmpdir(), 'kijun-bench-'));
mkdirSync(join(dir, 'docs'));
for (const d of c.small) writeFileSync(join(dir, 'docs', d.name), d.text);
const hook = join(dir, 'rss.cjs');
writeFileSync(hook, "process.on('exit', () => process.stderr.write(`\\nmaxrss_kb=${process.resourceUsage().maxRSS}\\n`));\n");
const runs: number[] = [];
let rss = 0;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', hook, join(repo, 'dist/cli.js'), 'check', '--format', 'json', 'docs'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  runs.push(performance.now() - t);
  rss = Math.max(rss, Number(/maxrss_kb=(\d+)/u.exec(r.stderr)?.[1] ?? 0));
}
const cli = stats(runs);
row('kijun check, 1,000 × 4 KB (wall, median of 3)', ms(cli.median), `peak RSS ${(rss / 1024).toFixed(0)} MB (target ≤ 300)`);
const mdl = join(repo, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
const mruns: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  spawnSync(process.execPath, [mdl, 'docs/**/*.md'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  mruns.push(performance.now() - t);
}
const mdlStat = stats(mruns);
row('markdownlint-cli2 (default rules), same 1,000 files', ms(mdlStat.median), `kijun ÷ markdownlint-cli2 = ${(cli.median / mdlStat.median).toFixed(2)} (target ≤ 0.6)`);
const jsonBytes = Buffer.byteLength(spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', '--format', 'json', 'docs'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout);
row('JSON output for the 1,000 documents', `${(jsonBytes / 1e6).toFixed(1)} MB`, '');
Object.assign(results, { cli, cliPeakRssMb: rss / 1024, markdownlintCli2: mdlStat, jsonBytes });

// Scaling: 10,000 documents of the same kind, one run, against the 1,000-document median.
const big = mkdtempSync(join(tmpdir(), 'kijun-bench-10k-'));
mkdirSync(join(big, 'docs'));
for (let i = 0; i < 10_000; i++) writeFileSync(join(big, 'docs', `doc-${String(i).padStart(5, '0')}.md`), i < 1000 ? c.small[i]!.text : policyDocument(20_000 + i, 4_000, i % 2 ? 'en' : 'ja'));
const t10k = performance.now();
const r10k = spawnSync(process.execPath, ['--require', hook, join(repo, 'dist/cli.js'), 'check', '--format', 'json', 'docs'], { cwd: big, encoding: 'utf8', maxBuffer: 1 << 30 });
const wall10k = performance.now() - t10k;
const rss10k = Number(/maxrss_kb=(\d+)/u.exec(r10k.stderr)?.[1] ?? 0) / 1024;
row('kijun check, 10,000 × 4 KB (wall, one run)', ms(wall10k), `÷ 1,000-file wall = ${(wall10k / cli.median).toFixed(1)} (target ≤ 11); peak RSS ${rss10k.toFixed(0)} MB (target ≤ 400)`);
Object.assign(results, { cli10k: wall10k, cli10kPeakRssMb: rss10k, cli10kRatio: wall10k / cli.median });
rmSync(big, { recursive: true, force: true });

// kijun check --cache on the same files: a first run that fills the cache, then a second one on
// unchanged files (same output); the ratio of the two wall times, median of 3 pairs.
const cacheFile = join(dir, 'kijun-cache.json');
const cacheRuns: Array<{ first: number; second: number }> = [];
for (let i = 0; i < 3; i++) {
  rmSync(cacheFile, { force: true });
  const timed = () => {
    const t = performance.now();
    spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', '--format', 'json', '--cache', '--cache-location', cacheFile, 'docs'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    return performance.now() - t;
  };
  const first = timed();
  cacheRuns.push({ first, second: timed() });
}
const cacheFirst = stats(cacheRuns.map((r) => r.first));
const cacheSecond = stats(cacheRuns.map((r) => r.second));
const cacheRatio = stats(cacheRuns.map((r) => r.second / r.first)).median;
row('kijun check --cache, 1,000 × 4 KB: first / second run', `${ms(cacheFirst.median)} / ${ms(cacheSecond.median)}`, `second ÷ first = ${cacheRatio.toFixed(3)} (target ≤ 0.15)`);
Object.assign(results, { cliCacheFirst: cacheFirst, cliCacheSecond: cacheSecond, cliCacheRatio: cacheRatio });

// 5. LSP: didChange → publishDiagnostics through the real server over stdio.
process.stderr.write('lsp\n');
writeFileSync(join(dir, 'docs', 'edited.md'), c.medium[0]!.text);
async function lspLatency(debounce: boolean): Promise<Stat> {
  const child = spawn(process.execPath, [join(repo, 'dist/server.js'), '--stdio'], { stdio: 'pipe', env: { ...process.env, KIJUN_DEBOUNCE_MS: debounce ? '' : '0' } });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<number, (t: number) => void>();
  const uri = pathToFileURL(join(dir, 'docs', 'edited.md')).href;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    if (p.uri === uri && p.version !== undefined) waiting.get(p.version)?.(performance.now());
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', () => [null]);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'b' }], capabilities: {} });
  await conn.sendNotification('initialized', {});
  let text = c.medium[0]!.text;
  const wait = (v: number) =>
    new Promise<number>((resolve, reject) => {
      waiting.set(v, resolve);
      setTimeout(() => reject(new Error(`no diagnostics for version ${v} within 60 s`)), 60_000).unref();
    });
  let w = wait(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await w;
  const xs: number[] = [];
  for (let v = 2; v <= 31; v++) {
    const at = 300 + v * 11;
    text = text.slice(0, at) + 'x' + text.slice(at);
    w = wait(v);
    const t = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    xs.push((await w) - t);
  }
  conn.dispose();
  child.kill();
  return stats(xs.slice(3));
}
const lspDebounced = await lspLatency(true);
const lspRaw = await lspLatency(false);
row('LSP didChange → publishDiagnostics (150 ms debounce)', `${ms(lspDebounced.median)} / ${ms(lspDebounced.p95)}`, '1,001-document workspace over stdio');
row('LSP didChange → publishDiagnostics (no debounce)', `${ms(lspRaw.median)} / ${ms(lspRaw.p95)}`, 'the analysis and protocol cost alone');
Object.assign(results, { lspDebounced, lspNoDebounce: lspRaw });

// 6. The server in the 1,001-document workspace: first diagnostics after initialized, then 2,000
// edits with the debounce in force (latency beyond the debounce, RSS after the first and last).
process.stderr.write('server\n');
const firsts = [await firstDiagnostics(dir, join(dir, 'docs', 'edited.md')), await firstDiagnostics(dir, join(dir, 'docs', 'edited.md')), await firstDiagnostics(dir, join(dir, 'docs', 'edited.md'))];
const first = stats(firsts);
row('server: initialized → first diagnostics of an open 40 KB document', ms(first.median), '1,001-document workspace, median of 3 (target ≤ 500 ms)');
const edits = await editSession(dir, join(dir, 'docs', 'edited.md'), 2000, undefined);
const debounce = 150;
row('server: didChange → diagnostics over 2,000 edits (150 ms debounce)', `${ms(edits.latency.median)} / ${ms(edits.latency.p95)}`, `p95 beyond the debounce ${ms(edits.latency.p95 - debounce)} (target ≤ 50 ms)`);
row('server: RSS after the first / the 2,000th edit', `${edits.rssFirstMb?.toFixed(0)} / ${edits.rssLastMb?.toFixed(0)} MB`, edits.rssFirstMb && edits.rssLastMb ? `ratio ${(edits.rssLastMb / edits.rssFirstMb).toFixed(2)} (target ≤ 1.2)` : 'RSS not readable here');
Object.assign(results, { serverFirstDiagnostics: first, serverEdits: edits });

// Report.
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\nKijun benchmark — node ${process.version}, ${new Date().toISOString()}\n`);
console.log(`${'measurement'.padEnd(w0)}  ${'median / p95'.padEnd(w1)}  note`);
console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ----`);
for (const [a, b, n] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${n}`);
writeFileSync(join(repo, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench-results.json');
process.exit(0); // the LSP child's pipes would keep the event loop alive
