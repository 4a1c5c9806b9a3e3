import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ignore, { type Ignore } from 'ignore';
import { LIMITS } from '../core/model/document';
import { CONFIG_FILES, ConfigError, type ConfigResolver, type LoadedConfig } from '../config/load';

/**
 * The file-system side shared by the CLI and the language server: which files to check and
 * reading them. Only regular files are read (a FIFO, a device or a folder named `x.md` would hang
 * or fail the read); every file that is passed over or cannot be read is returned as a problem
 * with its reason, never dropped silently. Folders honour `.gitignore` (with the `ignore` package,
 * which implements git's matching rules) and skip dependency, build and dot folders.
 */

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'coverage', '.vscode-test', 'test-results']);
const MARKDOWN = /\.(?:md|markdown)$/iu;

/**
 * Bytes read at most from one file: enough to hold a document at the core's size limit in any
 * UTF-8 (at most 3 bytes per UTF-16 code unit) and a little more, so an oversize document is still
 * reported as too large by the core, while a huge file cannot exhaust memory.
 */
export const MAX_READ_BYTES = 3 * LIMITS.maxChars + 4;

export type ProblemReason = 'not-found' | 'not-regular' | 'outside' | 'unreadable' | 'dangling';

export interface FileProblem {
  path: string;
  reason: ProblemReason;
  /** Named on the command line (or by the editor): a file Kijun was asked to check and could not read. */
  explicit: boolean;
  detail: string;
}

export interface Discovery {
  files: string[];
  problems: FileProblem[];
}

const MESSAGES: Record<ProblemReason, { en: string; ja: string }> = {
  'not-found': { en: 'no such file or directory', ja: 'ファイル又はフォルダが存在しない' },
  'not-regular': { en: 'not a regular file ({detail}); not read', ja: '通常のファイルではない（{detail}）ため読んでいない' },
  outside: { en: 'symbolic link to {detail}, outside the folder being checked; not followed', ja: '検査対象のフォルダ外（{detail}）へのシンボリックリンクのため辿っていない' },
  unreadable: { en: 'cannot be read ({detail})', ja: '読み込めない（{detail}）' },
  dangling: { en: 'symbolic link whose target does not exist; not read', ja: 'リンク先が存在しないシンボリックリンクのため読んでいない' },
};

export function describeProblem(p: FileProblem, locale: 'en' | 'ja'): string {
  return MESSAGES[p.reason][locale].replace('{detail}', p.detail);
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * `.gitignore` files that apply in a folder: its own and its ancestors' up to `top` (the
 * repository root, or the folder being checked when it is not inside a repository), cached.
 */
class GitIgnores {
  private readonly byDir = new Map<string, Array<{ dir: string; ig: Ignore }>>();

  constructor(private readonly top: string) {}

  /** Whether `path` (a file, or a folder when `isDir`) is ignored by a `.gitignore` above it. */
  ignored(path: string, isDir: boolean): boolean {
    for (const { dir, ig } of this.chain(dirname(path))) {
      const rel = relative(dir, path).split(sep).join('/');
      if (rel && !rel.startsWith('..') && ig.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  }

  private chain(dir: string): Array<{ dir: string; ig: Ignore }> {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const parent = dirname(dir);
    const above = dir !== this.top && parent !== dir ? this.chain(parent) : [];
    const own = readGitignore(join(dir, '.gitignore'));
    const chain = own ? [...above, { dir, ig: own }] : above;
    this.byDir.set(dir, chain);
    return chain;
  }
}

function readGitignore(file: string): Ignore | undefined {
  const text = readRegular(file, 1 << 20);
  return typeof text === 'string' ? ignore().add(text) : undefined;
}

/**
 * Expands files and folders into the Markdown files to check (sorted, de-duplicated, safe against
 * symlink loops). Named files are checked whatever their extension or ignore rules; files found in
 * folders must be Markdown, not ignored, regular, and (through symlinks) inside the named folder.
 */
export function discoverFiles(paths: string[]): Discovery {
  const out = new Set<string>();
  const problems: FileProblem[] = [];
  let gitignores = new GitIgnores('/');
  const visited = new Set<string>();

  const walk = (dir: string, rootReal: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      problems.push({ path: dir, reason: 'unreadable', explicit: false, detail: errorCode(e) });
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, reason: 'unreadable', explicit: false, detail: errorCode(e) });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, e.name);
      const markdown = MARKDOWN.test(e.name);
      const skippedDir = SKIP_DIRS.has(e.name) || e.name.startsWith('.');
      let st: Stats | string;
      try {
        st = e.isSymbolicLink() ? followLink(p, rootReal) : lstatSync(p);
      } catch (err) {
        if (markdown) problems.push({ path: p, reason: 'unreadable', explicit: false, detail: errorCode(err) });
        continue;
      }
      if (typeof st === 'string') {
        // A link that dangles or leaves the folder: worth a word when it looks like a document or a folder to walk.
        if (st === 'dangling' && markdown) problems.push({ path: p, reason: 'dangling', explicit: false, detail: '' });
        else if (st !== 'dangling' && (markdown || !skippedDir)) problems.push({ path: p, reason: 'outside', explicit: false, detail: st });
        continue;
      }
      if (st.isDirectory()) {
        if (skippedDir || gitignores.ignored(p, true)) continue;
        // A folder named like a document is not one: say so, and still look inside it.
        if (markdown) problems.push({ path: p, reason: 'not-regular', explicit: false, detail: kindOf(st) });
        walk(p, rootReal);
      } else if (markdown && !gitignores.ignored(p, false)) {
        if (st.isFile()) out.add(resolve(p));
        else problems.push({ path: p, reason: 'not-regular', explicit: false, detail: kindOf(st) });
      }
    }
  };

  for (const given of paths) {
    const abs = resolve(given);
    let st: Stats | undefined;
    try {
      st = statSync(abs, { throwIfNoEntry: false });
    } catch (e) {
      // A permission error on a parent folder, a symlink loop: named, not a stack trace.
      problems.push({ path: abs, reason: 'unreadable', explicit: true, detail: errorCode(e) });
      continue;
    }
    if (!st) {
      const link = lstatSync(abs, { throwIfNoEntry: false });
      problems.push({ path: abs, reason: link ? 'dangling' : 'not-found', explicit: true, detail: '' });
    } else if (st.isDirectory()) {
      let rootReal = abs;
      try {
        rootReal = realpathSync(abs);
      } catch {
        // walk reports it
      }
      gitignores = new GitIgnores(repositoryRoot(abs) ?? abs);
      walk(abs, rootReal);
    } else if (st.isFile()) out.add(abs);
    else problems.push({ path: abs, reason: 'not-regular', explicit: true, detail: kindOf(st) });
  }
  return { files: [...out].sort(), problems };
}

/** The nearest folder at or above `dir` holding `.git`, if any. */
function repositoryRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * What a symbolic link found in a folder leads to: its target's stats when the target exists
 * inside the folder being checked, 'dangling', or the real path outside the folder.
 */
function followLink(path: string, rootReal: string): Stats | string {
  const target = statSync(path, { throwIfNoEntry: false });
  if (!target) return 'dangling';
  const real = realpathSync(path);
  return real === rootReal || real.startsWith(rootReal + sep) ? target : real;
}

/**
 * Reads a regular file as UTF-8 text, at most `maxBytes` bytes (a BOM stays, so positions stay
 * true). Opened without blocking and checked on the open descriptor, so a file swapped for a FIFO
 * or a device after discovery is refused rather than waited on. Returns the problem otherwise.
 */
export function readRegular(path: string, maxBytes = MAX_READ_BYTES): string | { reason: ProblemReason; detail: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = errorCode(e);
    return { reason: code === 'ENOENT' ? 'not-found' : 'unreadable', detail: code };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: 'not-regular', detail: kindOf(st) };
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(st.size, 0) + 1));
    let length = 0;
    let chunk = buffer;
    for (;;) {
      if (length === chunk.length) {
        if (chunk.length >= maxBytes) break;
        // The file grew since fstat: make room, up to the cap.
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes, chunk.length * 2 + 4096));
        chunk.copy(bigger, 0, 0, length);
        chunk = bigger;
      }
      const n = readSync(fd, chunk, length, chunk.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return chunk.toString('utf8', 0, length);
  } catch (e) {
    return { reason: 'unreadable', detail: errorCode(e) };
  } finally {
    closeSync(fd);
  }
}

/** Reads a document for the core: its text, or undefined when it is not a readable regular file. */
export function readText(path: string): string | undefined {
  const r = readRegular(path);
  return typeof r === 'string' ? r : undefined;
}

/** Whether a link target exists (a file or a folder); never throws. */
export function pathExists(path: string): boolean {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
}

export function toUri(path: string): string {
  return pathToFileURL(path).href;
}

export function toPath(uri: string): string {
  return fileURLToPath(uri);
}

/** Per resolver: for each folder, the configuration file there that is not a regular file, or null. */
const specialConfigs = new WeakMap<ConfigResolver, Map<string, ConfigError | null>>();

/**
 * A configuration file on the way up from `dir` that must not be read: kijun.json as a FIFO would
 * block the resolver's read forever, as a folder it fails with an EISDIR that names nothing. The
 * walk stops where the resolver stops, at a regular kijun.json or .kijun.json.
 */
function specialConfigFile(configs: ConfigResolver, dir: string): ConfigError | undefined {
  let cache = specialConfigs.get(configs);
  if (!cache) specialConfigs.set(configs, (cache = new Map()));
  const cached = cache.get(dir);
  if (cached !== undefined) return cached ?? undefined;
  let found: ConfigError | null = null;
  let stop = false;
  for (const name of CONFIG_FILES) {
    const file = join(dir, name);
    let st: Stats | undefined;
    try {
      st = statSync(file, { throwIfNoEntry: false });
    } catch (e) {
      found = new ConfigError(file, '', `cannot be read (${errorCode(e)})`);
      break;
    }
    if (!st) continue;
    if (!st.isFile()) {
      found = new ConfigError(file, '', `is ${kindOf(st)}, not a regular file`);
      break;
    }
    if (name !== 'package.json') {
      stop = true;
      break;
    }
  }
  if (!found && !stop && dirname(dir) !== dir) found = specialConfigFile(configs, dirname(dir)) ?? null;
  cache.set(dir, found);
  return found ?? undefined;
}

/**
 * The configuration for a file. A configuration file that is not a regular file is a ConfigError
 * naming it, found before the resolver would read (and hang on) it; one that fails to read for
 * another reason (a permission error) is turned into a ConfigError naming it too.
 */
export function configForFile(configs: ConfigResolver, path: string): LoadedConfig {
  const special = specialConfigFile(configs, dirname(path));
  if (special) throw special;
  try {
    return configs.forFile(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      for (const name of CONFIG_FILES) {
        const file = join(dir, name);
        if (!pathExists(file)) continue;
        const read = readRegular(file, 1);
        if (typeof read !== 'string') throw new ConfigError(file, '', read.reason === 'not-regular' ? `is ${read.detail}, not a regular file` : `cannot be read (${read.detail})`);
      }
      if (dirname(dir) === dir) break;
    }
    throw e;
  }
}
