import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Example } from '../server/src/docs/ruleDocs';

/**
 * Picks the documentation examples of a rule from its fixtures: the first single-file fixture
 * (by name) for each of Japanese/English × reported/not reported. Expectation markers are removed.
 */
const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '../test/fixtures/rules');

export function examplesFor(rule: string): Example[] {
  const dir = join(fixtures, rule);
  if (!existsSync(dir)) return [];
  // Single files first (shorter to read), then policy-set folders.
  const cases = readdirSync(dir)
    .map((n) => ({ n, folder: statSync(join(dir, n)).isDirectory() }))
    .filter((c) => c.folder || c.n.endsWith('.md'))
    .sort((a, b) => Number(a.folder) - Number(b.folder) || (a.n < b.n ? -1 : 1));
  const filesOf = (c: { n: string; folder: boolean }) =>
    c.folder
      ? readdirSync(join(dir, c.n))
          .filter((f) => /\.(?:md|json)$/u.test(f))
          .sort()
          .map((f) => ({ path: `${c.n}/${f}`, text: readFileSync(join(dir, c.n, f), 'utf8') }))
      : [{ path: c.n, text: readFileSync(join(dir, c.n), 'utf8') }];
  const out: Example[] = [];
  for (const language of ['ja', 'en'] as const) {
    for (const fails of [true, false]) {
      const c = cases.find((x) => x.n.startsWith(`${language}-`) && filesOf(x).some((f) => f.text.includes(`expect: ${rule}`)) === fails);
      if (!c) continue;
      const files = filesOf(c).map((f) => ({ path: f.path, text: f.text.replace(/\s*<!--\s*expect:[^>]*-->/gu, '') }));
      out.push({ name: c.n.replace(/\.md$/u, ''), language, fails, files });
    }
  }
  return out;
}
