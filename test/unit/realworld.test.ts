import { describe, expect, it } from 'vitest';
import {
  corpusFolders,
  firstWords,
  keyOf,
  markdownFilesOf,
  readGolden,
  regenerate,
  runFolder,
  type FolderRun,
  type GoldenEntry,
  type Observed,
} from '../corpus/realworld/golden';

/**
 * The real-world regression corpus (test/corpus/realworld): public policies, plans, runbooks and
 * unrelated handbook pages, checked by the bundled CLI as a user runs it. Every finding must be in
 * golden.json with a person's verdict. A finding judged "false" is a known false positive of the
 * reader: it is an expected failure (it.fails) that passes while the false positive persists and
 * fails once the reader is fixed, so that the golden file is regenerated and the fix is recorded.
 */

const golden = readGolden();
const HOW = 'Run `npm run corpus:golden` (it keeps every verdict and marks new findings "unjudged"), then read each unjudged finding in its document and set "verdict" and "why".';
const VERDICTS = ['true', 'false', 'template-noise', 'not-vendored', 'unjudged'];

const runs = new Map<string, FolderRun>();
function runOf(folder: string): FolderRun {
  let run = runs.get(folder);
  if (!run) runs.set(folder, (run = runFolder(folder)));
  return run;
}
const producedIn = (folder: string): Map<string, Observed> => new Map(runOf(folder).findings.map((o) => [keyOf(o), o]));
const where = (e: Omit<Observed, 'count'>): string => `${e.file}:${e.line} ${e.rule} — ${e.message}`;

describe('real-world corpus golden file', () => {
  it('has a valid verdict and a reason for every judged finding, all in corpus folders', () => {
    const folders = new Set(corpusFolders());
    for (const e of golden.findings) {
      expect(VERDICTS, where(e)).toContain(e.verdict);
      if (e.verdict !== 'unjudged') expect(e.why.trim(), `no "why" for ${where(e)}`).not.toBe('');
      expect(folders.has(e.file.split('/')[0]), `${e.file} is not in a corpus folder`).toBe(true);
    }
  });
});

describe.each(corpusFolders())('real-world corpus: %s', (folder) => {
  const judged = golden.findings.filter((e) => e.file.startsWith(`${folder}/`));

  it('is checked whole without a crash', () => {
    const run = runOf(folder);
    expect([0, 1], `kijun check exited ${run.status}:\n${run.stderr}`).toContain(run.status);
    expect(run.checkedFiles).toEqual(markdownFilesOf(folder));
  });

  it('gives exactly the findings a person has judged', () => {
    const produced = producedIn(folder);
    const byKey = new Map(judged.map((e) => [keyOf(e), e]));
    const problems: string[] = [];
    for (const [key, o] of produced) {
      const e = byKey.get(key);
      if (!e) problems.push(`not in the golden file (unjudged): ${where(o)}`);
      else if (e.verdict === 'unjudged') problems.push(`marked "unjudged" in the golden file: ${where(o)}`);
      else if ((e.count ?? 1) !== o.count) problems.push(`reported ${o.count} times, the golden file says ${e.count ?? 1}: ${where(o)}`);
    }
    for (const e of judged) {
      // A false positive that disappears is reported by its own expected failure below.
      if (e.verdict !== 'false' && !produced.has(keyOf(e))) problems.push(`in the golden file as "${e.verdict}" but no longer reported: ${where(e)}`);
    }
    expect(problems, `${problems.join('\n')}\n${HOW}`).toEqual([]);
  });

  const falsePositives: GoldenEntry[] = judged.filter((e) => e.verdict === 'false');
  for (const e of falsePositives) {
    it.fails(`known false positive (${e.rule} at ${e.file}:${e.line}): ${e.why}`, () => {
      // Fails (so it.fails passes) while the false positive is still reported; once the reader
      // is fixed this passes, it.fails turns red, and the golden file is to be regenerated.
      expect(producedIn(folder).has(keyOf(e)), `fixed: ${where(e)}. ${HOW}`).toBe(false);
    });
  }
});

describe('npm run corpus:golden (regeneration)', () => {
  const seen = (line: number, rule = 'csirt-defined', message = 'No CSIRT is established in this policy set.'): Observed => ({ file: 'x/p.md', line, rule, message, count: 1 });
  const old = {
    about: [],
    findings: [
      { ...seen(1), verdict: 'true' as const, why: 'no CSIRT' },
      { ...seen(5, 'role-undefined', '"IT Manager" is named'), verdict: 'false' as const, why: 'defined in a table' },
      { ...seen(9, 'link-target-missing', 'Link target "a.md" does not exist.'), verdict: 'true' as const, why: 'missing' },
    ],
  };

  it('keeps verdicts, marks new findings unjudged and drops those no longer reported', () => {
    const r = regenerate(old, [seen(1), { ...seen(3, 'reporting-chain', 'Reports from staff never reach the CISO'), count: 2 }]);
    expect(r.golden.findings).toEqual([
      { ...seen(1), verdict: 'true', why: 'no CSIRT' },
      { ...seen(3, 'reporting-chain', 'Reports from staff never reach the CISO'), count: 2, verdict: 'unjudged', why: '' },
    ].map(({ count, ...e }) => (count === 1 ? e : { ...e, count })));
    expect(r.added.map((o) => o.line)).toEqual([3]);
    expect(r.dropped.map((e) => e.line).sort()).toEqual([5, 9]);
  });

  it('offers the verdict of a finding that moved lines as a hint, and carries it only with --keep-moved', () => {
    const movedRole = seen(6, 'role-undefined', '"IT Manager" is named');
    const hinted = regenerate(old, [movedRole]).golden.findings[0];
    expect(hinted).toMatchObject({ line: 6, verdict: 'unjudged', previous: { line: 5, verdict: 'false', why: 'defined in a table' } });
    const carried = regenerate(old, [movedRole], { keepMoved: true });
    expect(carried.golden.findings[0]).toMatchObject({ line: 6, verdict: 'false', why: '(moved from line 5) defined in a table' });
    expect(carried.moved).toHaveLength(1);
    expect(carried.dropped.map((e) => e.line).sort()).toEqual([1, 9]);
  });

  it('keys findings by the first sentence of the message, not the advice after it', () => {
    expect(firstWords('No CSIRT is established in this policy set. Unified Standard 2.1.1(6)(a) requires …')).toBe('No CSIRT is established in this policy set.');
    expect(firstWords('CSIRTが整備されていない。統一基準…')).toBe('CSIRTが整備されていない。');
    expect(firstWords('x'.repeat(150))).toHaveLength(100);
  });
});
