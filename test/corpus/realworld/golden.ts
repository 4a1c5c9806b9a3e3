/**
 * The real-world corpus: what Kijun reports on each vendored repository, and the golden file a
 * person judged. Shared by the regression test (test/unit/realworld.test.ts) and by
 * `npm run corpus:golden`, which rewrites golden.json from today's findings: verdicts of findings
 * still produced are kept, new findings are marked "unjudged", findings no longer produced are
 * dropped and listed. With `-- --keep-moved`, a finding that only moved to another line (same file,
 * rule and message, one candidate) keeps its verdict, its reason prefixed "(moved from line N)".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const corpusDir = fileURLToPath(new URL('.', import.meta.url));
export const goldenPath = join(corpusDir, 'golden.json');
const cli = join(corpusDir, '../../../dist/cli.js');

/**
 * true: the document really lacks or breaks what the rule requires (default configuration);
 * false: the reader is wrong — a known false positive, to be fixed in Kijun;
 * template-noise: right about the text, but the text is a template's placeholder or example;
 * not-vendored: a link to a file the source repository has but this corpus does not copy;
 * unjudged: nobody has read it yet (the test fails until someone does).
 */
export type Verdict = 'true' | 'false' | 'template-noise' | 'not-vendored' | 'unjudged';

/** One finding as the golden file pins it: where, which rule, and the first words of its message. */
export interface Observed {
  file: string;
  line: number;
  rule: string;
  message: string;
  count: number;
}

/** A golden entry; `count` is left out when the finding is reported once on its line. */
export interface GoldenEntry extends Omit<Observed, 'count'> {
  count?: number;
  verdict: Verdict;
  why: string;
  /** Set by the regeneration when a finding with the same file, rule and message moved lines. */
  previous?: { line: number; verdict: Verdict; why: string };
}

export interface Golden {
  about: string[];
  findings: GoldenEntry[];
}

export interface FolderRun {
  status: number | null;
  stderr: string;
  checkedFiles: string[];
  findings: Observed[];
}

/** The vendored repositories: every folder of the corpus. */
export function corpusFolders(): string[] {
  return readdirSync(corpusDir).filter((n) => statSync(join(corpusDir, n)).isDirectory()).sort();
}

/** Markdown files of a folder, relative to the corpus directory (what the CLI should check). */
export function markdownFilesOf(folder: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(corpusDir, rel)).sort()) {
      const r = `${rel}/${name}`;
      if (statSync(join(corpusDir, r)).isDirectory()) walk(r);
      else if (/\.(?:md|markdown)$/iu.test(name)) out.push(r);
    }
  };
  walk(folder);
  return out;
}

/** The first sentence of a message (at most 100 characters): stable across rewording of the advice. */
export function firstWords(message: string): string {
  const end = message.search(/\.(?:\s|$)|。/u);
  const sentence = end >= 0 ? message.slice(0, end + 1) : message;
  return sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence;
}

export const keyOf = (o: Pick<Observed, 'file' | 'line' | 'rule' | 'message'>): string => `${o.file}:${o.line} ${o.rule} ${o.message}`;

/** Runs the bundled CLI on one folder as a user does (English messages), and groups its findings. */
export function runFolder(folder: string): FolderRun {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--locale', 'en', folder], {
    cwd: corpusDir,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, LANG: 'C', LC_ALL: '', KIJUN_LOCALE: '' },
  });
  if (r.status !== 0 && r.status !== 1) return { status: r.status, stderr: r.stderr, checkedFiles: [], findings: [] };
  const json = JSON.parse(r.stdout) as {
    files: { path: string; findings: { rule: string; message: string; range: { start: { line: number } } }[] }[];
  };
  const counted = new Map<string, Observed>();
  for (const f of json.files) {
    for (const x of f.findings) {
      const o = { file: f.path, line: x.range.start.line + 1, rule: x.rule, message: firstWords(x.message), count: 1 };
      const seen = counted.get(keyOf(o));
      if (seen) seen.count++;
      else counted.set(keyOf(o), o);
    }
  }
  return { status: r.status, stderr: r.stderr, checkedFiles: json.files.map((f) => f.path).sort(), findings: [...counted.values()] };
}

export function readGolden(): Golden {
  try {
    return JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden;
  } catch (e) {
    throw new Error(`${goldenPath} is not valid JSON (${(e as Error).message}); fix it by hand, the verdicts are in it`);
  }
}

const ABOUT = [
  'Every finding Kijun gives on the vendored corpus, each judged by a person.',
  'verdict: "true" (the document really lacks or breaks what the rule requires, default configuration);',
  '"false" (a known false positive of the reader: shown as an expected failure in npm test until fixed);',
  '"template-noise" (right about the text, but it is a template placeholder or example);',
  '"not-vendored" (a link to a file the source repository has but this corpus does not copy);',
  '"unjudged" (nobody has read it yet: npm test fails until someone does).',
  'Regenerate with `npm run corpus:golden`: verdicts are kept, new findings are marked "unjudged".',
];

const order = (a: Observed, b: Observed): number =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.message < b.message ? -1 : 1);

/** Merges today's findings into the golden file; returns what changed. */
export function regenerate(
  old: Golden | undefined,
  observed: Observed[],
  options: { keepMoved?: boolean } = {},
): { golden: Golden; added: Observed[]; moved: Observed[]; dropped: GoldenEntry[] } {
  const before = new Map((old?.findings ?? []).map((e) => [keyOf(e), e]));
  const unmatched = new Map(before);
  for (const o of observed) unmatched.delete(keyOf(o));
  const added: Observed[] = [];
  const carried: Observed[] = [];
  const findings = [...observed].sort(order).map((o): GoldenEntry => {
    const kept = before.get(keyOf(o));
    if (kept) return { ...o, verdict: kept.verdict, why: kept.why };
    // The same finding on another line is offered as a hint, carried over only on request
    // (--keep-moved): a finding that moved (e.g. from a title to a section heading) may deserve
    // another verdict.
    const moved = [...unmatched.values()].filter((e) => e.file === o.file && e.rule === o.rule && e.message === o.message);
    if (moved.length === 1 && options.keepMoved && moved[0].verdict !== 'unjudged') {
      carried.push(o);
      unmatched.delete(keyOf(moved[0]));
      return { ...o, verdict: moved[0].verdict, why: moved[0].why.replace(/^(?:\(moved from line \d+\) )?/u, `(moved from line ${moved[0].line}) `) };
    }
    added.push(o);
    const entry: GoldenEntry = { ...o, verdict: 'unjudged', why: '' };
    if (moved.length === 1) entry.previous = { line: moved[0].line, verdict: moved[0].verdict, why: moved[0].why };
    return entry;
  });
  return { golden: { about: ABOUT, findings: findings.map(compact) }, added, moved: carried, dropped: [...unmatched.values()] };
}

/** Leaves out a count of 1, so the file reads as one line of judgement per finding. */
function compact(e: GoldenEntry): GoldenEntry {
  const { count, ...rest } = e;
  return count === undefined || count === 1 ? rest : { ...rest, count };
}

export function writeGolden(g: Golden): void {
  writeFileSync(goldenPath, `${JSON.stringify(g, null, 2)}\n`);
}

/** `npm run corpus:golden` */
function main(): void {
  // A golden file that does not parse is an error, never an empty start: that would drop every verdict.
  const old = existsSync(goldenPath) ? readGolden() : undefined;
  const observed: Observed[] = [];
  for (const folder of corpusFolders()) {
    const run = runFolder(folder);
    if (run.status !== 0 && run.status !== 1) throw new Error(`kijun check ${folder} exited ${run.status}:\n${run.stderr}`);
    observed.push(...run.findings);
  }
  const { golden, added, moved, dropped } = regenerate(old, observed, { keepMoved: process.argv.includes('--keep-moved') });
  writeGolden(golden);
  const line = (o: Omit<Observed, 'count'>): string => `  ${o.file}:${o.line} ${o.rule} — ${o.message}`;
  console.log(`${golden.findings.length} findings in ${goldenPath}`);
  if (added.length > 0) console.log(`${added.length} new, marked "unjudged" (read each and set verdict and why):\n${added.map(line).join('\n')}`);
  if (moved.length > 0) console.log(`${moved.length} moved to another line, verdict kept (check them):\n${moved.map(line).join('\n')}`);
  if (dropped.length > 0) {
    console.log(`${dropped.length} no longer produced, dropped:\n${dropped.map((e) => `${line(e)} [was ${e.verdict}]`).join('\n')}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
