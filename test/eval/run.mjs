#!/usr/bin/env node
// `npm run eval`: how Kijun reads documents written by others, and by the project in other styles.
//   (a) labelled workspaces — ../shared/eval/cases and test/corpus/cases — scored as
//       ../shared/eval/score-cases.mjs scores them (same arithmetic), with a per-rule table;
//   (b) labelled sentences — ../shared/eval/phrasings/dev.jsonl and test/corpus/phrasings.jsonl —
//       scored as ../shared/eval/score-phrasings.mjs scores them, by language.
// Exits 1 when a score falls below its floor in test/eval/floors.json. Flags: --verbose, --json FILE.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(repo, '../shared/eval');
const cli = process.env.KIJUN_CLI ?? join(repo, 'dist/cli.js');
const verbose = process.argv.includes('--verbose');
const ji = process.argv.indexOf('--json');
const floors = JSON.parse(readFileSync(join(repo, 'test/eval/floors.json'), 'utf8'));

const KNOWN = new Set(['csirt-defined', 'csirt-lead-assigned', 'csirt-members-selected', 'ciso-reporting', 'csirt-lead-conflict', 'reporting-contact-defined', 'reporting-procedure-known', 'staff-reporting-path', 'handling-procedure', 'report-to-nisc', 'report-to-police', 'reporting-chain', 'role-undefined', 'runbook-coverage', 'supervisor-contact', 'targeted-attack-entry', 'targeted-attack-internal', 'clause-reference', 'link-target-missing']);

function scoreCases(dir) {
  const perRule = {};
  const rule = (r) => (perRule[r] ??= { tp: 0, fp: 0, fn: 0 });
  let tp = 0, fp = 0, fn = 0, crashed = 0, n = 0;
  const lines = [];
  for (const name of readdirSync(dir).sort()) {
    const src = join(dir, name);
    if (!existsSync(join(src, 'expect.json'))) continue;
    n++;
    const expect = JSON.parse(readFileSync(join(src, 'expect.json'), 'utf8'));
    const work = mkdtempSync(join(tmpdir(), 'kijun-eval-'));
    cpSync(src, work, { recursive: true });
    let out;
    try {
      out = execFileSync('node', [cli, 'check', '--format', 'json', '--exit-zero', '.'], { cwd: work, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = e.stdout;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    let report;
    try { report = JSON.parse(out); } catch { crashed++; lines.push(`${name}: CRASH`); continue; }
    const counts = {}, byFile = {};
    for (const f of report.files ?? []) for (const d of f.findings ?? []) { counts[d.rule] = (counts[d.rule] ?? 0) + 1; byFile[f.path] = (byFile[f.path] ?? 0) + 1; }
    const got = [];
    for (const [r, min] of Object.entries(expect.violations ?? {})) {
      if (!KNOWN.has(r)) continue;
      if ((counts[r] ?? 0) >= min) { tp++; rule(r).tp++; } else { fn++; rule(r).fn++; got.push(`miss ${r} (${counts[r] ?? 0}/${min})`); }
    }
    for (const r of expect.clean ?? []) {
      if (!KNOWN.has(r)) continue;
      if (counts[r]) { fp++; rule(r).fp++; got.push(`false ${r} x${counts[r]}`); }
    }
    for (const file of expect.silentFiles ?? []) {
      const k = Object.keys(byFile).find((p) => p.endsWith(file));
      if (k) { fp++; rule('(silent files)').fp++; got.push(`noise in ${file} x${byFile[k]}`); }
    }
    if (expect.allClean) for (const [r, c] of Object.entries(counts)) if (KNOWN.has(r) && !(expect.clean ?? []).includes(r)) { fp++; rule(r).fp++; got.push(`false ${r} x${c}`); }
    if (got.length) lines.push(`${name}: ${got.join('; ')}`);
  }
  return { n, tp, fp, fn, crashed, precision: tp + fp ? tp / (tp + fp) : 0, recall: tp + fn ? tp / (tp + fn) : 0, perRule, lines };
}

const norm = (s) => (s ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[()（）「」]/g, '');
const sameEnd = (want, got) => {
  if (want === null || want === undefined) return true;
  if (got.role && got.role === want) return true;
  const w = norm(want), d = norm(got.display);
  return d.length > 0 && (d === w || d.includes(w) || w.includes(d));
};

function readItem(item) {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-eval-'));
  try {
    const title = item.lang === 'ja' ? '# 情報セキュリティ対策基準' : '# Information Security Policy';
    const h = item.heading ? `\n## ${item.heading.replace(/^#+\s*/, '')}\n` : '';
    writeFileSync(join(dir, 'doc.md'), `---\nkijun: policy\n---\n${title}\n${h}\n${item.markdown}\n`);
    const json = JSON.parse(execFileSync('node', [cli, 'inspect', '--format', 'json', 'doc.md'], { cwd: dir, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] }));
    const end = (x) => (x ? { role: x.id ?? null, display: x.text ?? '' } : { role: null, display: '' });
    const edges = [], assigns = [];
    for (const set of json.sets ?? []) for (const d of set.documents ?? []) {
      for (const e of d.edges ?? []) edges.push({ from: end(e.from), to: end(e.to), urgency: e.urgency ?? 'none' });
      for (const a of d.assignments ?? []) assigns.push({ role: end(a.role), holder: end(a.holder) });
    }
    const seen = new Set();
    return { edges: edges.filter((e) => { const k = `${e.from.role ?? e.from.display}|${e.to.role ?? e.to.display}|${e.urgency}`; if (seen.has(k)) return false; seen.add(k); return true; }), assigns };
  } catch { return undefined; } finally { rmSync(dir, { recursive: true, force: true }); }
}

function scorePhrasings(file) {
  const items = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const lang = {};
  const L = (l) => (lang[l] ??= { eTP: 0, eFP: 0, eFN: 0, aTP: 0, aFP: 0, aFN: 0, uOK: 0, uN: 0 });
  let crashed = 0;
  const lines = [];
  for (const item of items) {
    const got = readItem(item);
    if (!got) { crashed++; continue; }
    const s = L(item.lang), ex = item.expect ?? {}, notes = [];
    if (Array.isArray(ex.edges)) {
      const used = new Set();
      for (const w of ex.edges) {
        const i = got.edges.findIndex((g, k) => !used.has(k) && sameEnd(w.from, g.from) && sameEnd(w.to, g.to));
        if (i < 0) { s.eFN++; notes.push(`missed edge ${w.from ?? '?'} -> ${w.to}`); continue; }
        used.add(i); s.eTP++;
        if (w.urgency) { s.uN++; const gu = got.edges[i].urgency; if (gu === w.urgency || (w.urgency === 'none' && !['immediate', 'prompt', 'delayed'].includes(gu))) s.uOK++; else notes.push(`urgency ${w.from}->${w.to}: want ${w.urgency}, got ${gu}`); }
      }
      got.edges.forEach((g, k) => { if (!used.has(k)) { s.eFP++; notes.push(`extra edge ${g.from.role ?? (g.from.display || '?')} -> ${g.to.role ?? g.to.display}`); } });
    }
    if (Array.isArray(ex.assignments)) {
      const used = new Set();
      for (const w of ex.assignments) {
        const i = got.assigns.findIndex((g, k) => !used.has(k) && sameEnd(w.role, g.role) && sameEnd(w.holder, g.holder));
        if (i >= 0) { used.add(i); s.aTP++; } else { s.aFN++; notes.push(`missed assign ${w.role} := ${w.holder}`); }
      }
      got.assigns.forEach((g, k) => { if (!used.has(k)) { s.aFP++; notes.push(`extra assign ${g.role.role ?? g.role.display} := ${g.holder.display}`); } });
    }
    if (notes.length) lines.push(`${item.id} (${item.lang}): ${notes.join('; ')}`);
  }
  const all = Object.values(lang).reduce((a, s) => { for (const k of Object.keys(s)) a[k] = (a[k] ?? 0) + s[k]; return a; }, {});
  return { items: items.length, crashed, lang, all, lines };
}

const pr = (tp, fp, fn) => ({ p: tp / Math.max(1, tp + fp), r: tp / Math.max(1, tp + fn) });
const f2 = (x) => x.toFixed(2);
const failures = [];
const check = (name, value, floor) => { if (floor !== undefined && value < floor - 1e-9) failures.push(`${name} ${f2(value)} < floor ${f2(floor)}`); };
const results = {};

for (const [name, dir] of [['shared cases', join(shared, 'cases')], ['project cases', join(repo, 'test/corpus/cases')]]) {
  if (!existsSync(dir)) { console.log(`${name}: ${dir} not found, skipped`); continue; }
  const r = scoreCases(dir);
  results[name] = r;
  console.log(`\n${name} (${r.n} workspaces): precision ${f2(r.precision)} recall ${f2(r.recall)} (tp ${r.tp}, fp ${r.fp}, fn ${r.fn}) crashed ${r.crashed}`);
  console.log('  rule                          tp  fp  fn  precision recall');
  for (const [rule, c] of Object.entries(r.perRule).sort()) {
    const { p, r: rr } = pr(c.tp, c.fp, c.fn);
    console.log(`  ${rule.padEnd(28)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}  ${f2(p).padStart(9)} ${f2(rr).padStart(6)}`);
  }
  if (verbose) for (const l of r.lines) console.log(`  ${l}`);
  const key = name.startsWith('shared') ? 'sharedCases' : 'projectCases';
  check(`${name} precision`, r.precision, floors[key]?.precision);
  check(`${name} recall`, r.recall, floors[key]?.recall);
  if (r.crashed) failures.push(`${name}: ${r.crashed} crashed`);
}

for (const [name, file] of [['shared sentences', join(shared, 'phrasings/dev.jsonl')], ['project sentences', join(repo, 'test/corpus/phrasings.jsonl')]]) {
  if (!existsSync(file)) { console.log(`${name}: ${file} not found, skipped`); continue; }
  const r = scorePhrasings(file);
  results[name] = r;
  console.log(`\n${name} (${r.items} items, ${r.crashed} crashed)`);
  console.log('  language  edges P  edges R  assign P  assign R  urgency');
  for (const [l, s] of [...Object.entries(r.lang).sort(), ['all', r.all]]) {
    const e = pr(s.eTP, s.eFP, s.eFN), a = pr(s.aTP, s.aFP, s.aFN);
    console.log(`  ${l.padEnd(8)}  ${f2(e.p).padStart(7)}  ${f2(e.r).padStart(7)}  ${f2(a.p).padStart(8)}  ${f2(a.r).padStart(8)}  ${f2(s.uOK / Math.max(1, s.uN)).padStart(7)}`);
  }
  if (verbose) for (const l of r.lines) console.log(`  ${l}`);
  const key = name.startsWith('shared') ? 'sharedSentences' : 'projectSentences';
  const e = pr(r.all.eTP, r.all.eFP, r.all.eFN), a = pr(r.all.aTP, r.all.aFP, r.all.aFN);
  check(`${name} edge precision`, e.p, floors[key]?.edgePrecision);
  check(`${name} edge recall`, e.r, floors[key]?.edgeRecall);
  check(`${name} assignment precision`, a.p, floors[key]?.assignmentPrecision);
  check(`${name} assignment recall`, a.r, floors[key]?.assignmentRecall);
  check(`${name} urgency`, r.all.uOK / Math.max(1, r.all.uN), floors[key]?.urgency);
  if (r.crashed) failures.push(`${name}: ${r.crashed} crashed`);
}

// --agree: the reference scorers must print the same numbers (same arithmetic).
if (process.argv.includes('--agree')) {
  const ref = (script, args) => execFileSync('node', [join(shared, script), repo, ...args], { encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
  let refCases;
  try { refCases = ref('score-cases.mjs', []); } catch (e) { refCases = String(e.stdout ?? '').trim().split('\n').pop(); }
  const c = results['shared cases'];
  const mine = `cases precision=${f2(c.precision)} recall=${f2(c.recall)} cases=${c.n} crashed=${c.crashed}`;
  if (refCases !== mine) failures.push(`disagrees with score-cases.mjs: "${refCases}" vs "${mine}"`);
  const p = results['shared sentences'];
  const e = pr(p.all.eTP, p.all.eFP, p.all.eFN), a = pr(p.all.aTP, p.all.aFP, p.all.aFN);
  const refP = ref('score-phrasings.mjs', []);
  const want = `edges P=${f2(e.p)} R=${f2(e.r)} (tp=${p.all.eTP} fp=${p.all.eFP} fn=${p.all.eFN}) urgency=${f2(p.all.uOK / Math.max(1, p.all.uN))} assignments P=${f2(a.p)} R=${f2(a.r)}`;
  if (!refP.includes(want)) failures.push(`disagrees with score-phrasings.mjs: "${refP}" vs "${want}"`);
  else console.log('\nagrees with score-cases.mjs and score-phrasings.mjs.');
}

if (ji > 0) writeFileSync(process.argv[ji + 1], JSON.stringify(results, null, 2));
console.log(`\nTargets (issue "Done when"): cases P ≥ 0.95 R ≥ 0.90; sentences edges P ≥ 0.90 R ≥ 0.75, assignments P ≥ 0.90 R ≥ 0.75, urgency ≥ 0.90.`);
if (failures.length) {
  console.log(`\nBelow the floors in test/eval/floors.json:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('eval: every score at or above its floor.');
