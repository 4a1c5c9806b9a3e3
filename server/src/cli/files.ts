import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

/** File-system side of the CLI: which files to check, and reading them for the core. */

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'coverage', '.vscode-test', 'test-results']);
const MARKDOWN = /\.(?:md|markdown)$/iu;

export class UsageError extends Error {}

/** Expands files and folders into Markdown files (sorted, de-duplicated, symlink loops safe). */
export function collectFiles(paths: string[]): string[] {
  const out = new Set<string>();
  const visited = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && isDir(p))) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p);
      } else if (MARKDOWN.test(e.name)) {
        out.add(resolve(p));
      }
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new UsageError(`No such file or directory: ${p}`);
    if (isDir(abs)) walk(abs);
    else out.add(abs);
  }
  return [...out].sort();
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
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

/** Reads a document as text; strips nothing (a BOM stays, positions stay true). */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
