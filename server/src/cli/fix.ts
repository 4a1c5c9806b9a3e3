import { accessSync, chmodSync, constants, chownSync, closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AnalysisResult } from '../core/engine';
import { applyEdits, selectFixes } from '../core/fix/apply';
import type { Fix, FixApplicability, Locale } from '../core/types';

/**
 * `kijun check --fix` / `--fix-review`: applies fixes in passes (analyze → apply what does not
 * overlap → analyze again), then writes each changed file atomically: a temporary file in the
 * same folder, same permissions, then rename. A file whose content changed on disk since it was
 * read is left alone and reported. Line endings and a BOM survive because edits only insert or
 * replace inside the text, and inserted text uses the document's own line ending.
 */

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
  // Fixes that changed the text but not what the analysis sees (text inserted inside an unclosed
  // code block, say): undone, and never applied again, so that fixing is idempotent whatever
  // state the document is in.
  const useless = new Set<string>();
  const lastPass = new Map<string, { before: string; applied: string[]; keys: string[] }>();
  const key = (uri: string, f: Fix) => `${uri}\u0000${f.title.en}\u0000${f.edits.map((e) => e.newText).join('\u0000')}`;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = analyze(current);
    let changed = false;
    for (const [uri, text] of current) {
      const findings = result.findings.get(uri) ?? [];
      const last = lastPass.get(uri);
      lastPass.delete(uri);
      if (last) {
        const offered = new Set(findings.flatMap((f) => f.fixes.map((x) => key(uri, x))));
        const again = last.keys.filter((k) => offered.has(k));
        if (again.length) {
          for (const k of again) useless.add(k);
          for (const k of last.keys) done.delete(k);
          current.set(uri, last.before);
          if (last.applied.length) applied.set(uri, last.applied);
          else applied.delete(uri);
          changed = true;
          continue;
        }
      }
      const candidates = findings.map((f) => ({ ...f, fixes: f.fixes.filter((x) => !done.has(key(uri, x)) && !useless.has(key(uri, x))) }));
      const fixes = selectFixes(text, candidates, allowed);
      if (!fixes.length) continue;
      const next = applyEdits(text, fixes.flatMap((f) => f.edits));
      if (next === text) continue;
      const keys = fixes.map((f) => key(uri, f));
      for (const k of keys) done.add(k);
      lastPass.set(uri, { before: text, applied: applied.get(uri) ?? [], keys });
      current.set(uri, next);
      applied.set(uri, [...(applied.get(uri) ?? []), ...fixes.map((f) => f.title[locale])]);
      changed = true;
    }
    if (!changed) break;
  }
  return { documents: current, applied };
}

/** What became of one file's fixes on disk. */
export type WriteResult =
  | { status: 'written' }
  /** The file no longer holds what was analyzed (someone edited it): left alone. */
  | { status: 'changed' }
  /** Writing would lose or expose something: left alone, with the reason. */
  | { status: 'refused'; reason: string }
  /** The write failed (read-only folder, full disk…): left alone, with the reason. */
  | { status: 'failed'; reason: string };

/** Test seams: called at the two moments a concurrent edit or a full disk can strike. */
export interface WriteHooks {
  beforeWrite?: () => void;
  beforeRename?: () => void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Writes `text` over the file at `path` (which Kijun read as `original`), atomically and without
 * losing anything: the file must still decode losslessly as UTF-8 to `original` (invalid bytes
 * would come back as U+FFFD), be writable, and resolve (through symlinks) inside `root`; the
 * symlink's target is written and the link kept; the owner, group and mode are kept; the file is
 * compared again just before the rename, so an edit made meanwhile wins; on any failure the
 * temporary file is removed.
 */
export function writeFix(path: string, original: string, text: string, root: string, hooks: WriteHooks = {}): WriteResult {
  let tmp: string | undefined;
  try {
    const target = realpathSync(path);
    const realRoot = realpathSync(root);
    const rel = relative(realRoot, target);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { status: 'refused', reason: `is outside the workspace (${realRoot})` };
    const bytes = readFileSync(target);
    let decoded: string;
    try {
      decoded = utf8.decode(bytes);
    } catch {
      return { status: 'refused', reason: 'is not valid UTF-8 (fixing it would replace the invalid bytes)' };
    }
    if (decoded !== original) return { status: 'changed' };
    const st = statSync(target);
    // Root may write anything, so the mode bits count too: they are what the author asked for.
    if ((st.mode & 0o222) === 0 || !writable(target)) return { status: 'refused', reason: 'is read-only' };
    tmp = join(dirname(target), `.${randomBytes(6).toString('hex')}.kijun-tmp`);
    const fd = openSync(tmp, 'wx', st.mode & 0o7777);
    try {
      hooks.beforeWrite?.();
      writeFileSync(fd, text, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, st.mode & 0o7777);
    if (process.getuid?.() === 0 && (st.uid !== 0 || st.gid !== 0)) chownSync(tmp, st.uid, st.gid);
    hooks.beforeRename?.();
    if (!readFileSync(target).equals(bytes)) {
      unlinkSync(tmp);
      return { status: 'changed' };
    }
    renameSync(tmp, target);
    tmp = undefined;
    return { status: 'written' };
  } catch (e) {
    if (tmp) {
      try {
        unlinkSync(tmp);
      } catch {
        // Never created, or already gone.
      }
    }
    return { status: 'failed', reason: ioReason(e) };
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'it no longer exists',
  EISDIR: 'it is a directory',
  EIO: 'input/output error',
};

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return REASONS[code]!;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** The message the CLI prints for a file whose fixes were not written. */
export function describeWriteResult(display: string, r: Exclude<WriteResult, { status: 'written' }>): string {
  if (r.status === 'changed') return `${display} changed on disk while it was being fixed; left untouched.`;
  if (r.status === 'refused') return `${display} ${r.reason}; left untouched.`;
  return `${display} could not be written (${r.reason}); left untouched.`;
}

/**
 * The root a file's fixes must stay under: the working directory for a file inside it, else the
 * folder the file was named in (a file named explicitly outside the working directory).
 */
export function fixRoot(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') || isAbsolute(rel) ? dirname(path) : cwd;
}
