import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AnalysisResult } from '../core/engine';
import { applyEdits, selectFixes } from '../core/fix/apply';
import type { Fix, FixApplicability, Locale } from '../core/types';
import { toPath } from './files';

/**
 * `kijun check --fix` / `--fix-review`: applies fixes in passes (analyze → apply what does not
 * overlap → analyze again), then writes each changed file atomically: a temporary file in the
 * same folder, same permissions, then rename. A file whose content changed on disk since it was
 * read is left alone and reported. Line endings and a BOM survive because edits only insert or
 * replace inside the text, and inserted text uses the document's own line ending.
 */

export interface FixOutcome {
  uri: string;
  applied: string[];
  skippedBecauseChanged: boolean;
}

/** Insertions at one place go one per pass, so a heavily flawed document needs many passes (each is a few ms). */
const MAX_PASSES = 50;

export function fixDocuments(
  documents: Map<string, string>,
  analyze: (docs: Map<string, string>) => AnalysisResult,
  allowed: FixApplicability[],
  locale: Locale,
): { documents: Map<string, string>; applied: Map<string, string[]> } {
  const current = new Map(documents);
  const applied = new Map<string, string[]>();
  // A fix whose finding survives re-analysis must not be applied again (it would duplicate text).
  const done = new Set<string>();
  const key = (uri: string, f: Fix) => `${uri}\u0000${f.title.en}\u0000${f.edits.map((e) => e.newText).join('\u0000')}`;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = analyze(current);
    let changed = false;
    for (const [uri, text] of current) {
      const candidates = (result.findings.get(uri) ?? []).map((f) => ({ ...f, fixes: f.fixes.filter((x) => !done.has(key(uri, x))) }));
      const fixes = selectFixes(text, candidates, allowed);
      for (const f of fixes) done.add(key(uri, f));
      if (!fixes.length) continue;
      const next = applyEdits(text, fixes.flatMap((f) => f.edits));
      if (next === text) continue;
      current.set(uri, next);
      applied.set(uri, [...(applied.get(uri) ?? []), ...fixes.map((f) => f.title[locale])]);
      changed = true;
    }
    if (!changed) break;
  }
  return { documents: current, applied };
}

/** Writes `text` to the file of `uri` unless the file no longer holds `original`. */
export function writeAtomically(uri: string, original: string, text: string): boolean {
  const path = toPath(uri);
  if (readFileSync(path, 'utf8') !== original) return false;
  const mode = statSync(path).mode;
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.kijun-tmp`);
  writeFileSync(tmp, text, { encoding: 'utf8', mode });
  chmodSync(tmp, mode & 0o7777);
  renameSync(tmp, path);
  return true;
}
