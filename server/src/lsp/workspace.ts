import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeWorkspace, ModelCache, type AnalysisResult } from '../core/engine';
import type { KijunConfig } from '../core/config';
import { ConfigError, ConfigResolver, configuredKind, isIncluded } from '../config/load';
import { collectFiles } from '../cli/files';

/**
 * The server's view of the workspace: Markdown files on disk, overlaid by the editor's open
 * documents, analyzed together so that cross-document rules (a policy and its runbooks) see the
 * latest text of everything. Per-document models are cached by text, so an edit re-parses one
 * document and re-runs only the set-level rules.
 */

export interface Overrides {
  /** Severity overrides from the editor's settings (kijun.rules). */
  rules: Record<string, string>;
}

export class WorkspaceState {
  private readonly disk = new Map<string, string>();
  private readonly open = new Map<string, { text: string; version: number }>();
  private readonly cache = new ModelCache();
  private configs: ConfigResolver;
  /** Configuration errors by config file, reported once as diagnostics. */
  configErrors: ConfigError[] = [];
  overrides: Overrides = { rules: {} };

  constructor(readonly roots: string[]) {
    // Configuration lookup stops at the workspace folders.
    this.configs = new ConfigResolver(roots);
  }

  /** Reads every Markdown file under the workspace folders. */
  scan(onFile?: (done: number, total: number) => void): void {
    const paths = this.roots.length ? collectFiles(this.roots) : [];
    paths.forEach((p, i) => {
      if (!this.included(p)) return;
      try {
        this.disk.set(pathToFileURL(p).href, readFileSync(p, 'utf8'));
      } catch {
        // unreadable: skip, the next change event will tell us more
      }
      onFile?.(i + 1, paths.length);
    });
  }

  private included(path: string): boolean {
    try {
      return isIncluded(this.configs.forFile(path), path);
    } catch {
      return true;
    }
  }

  setOpen(uri: string, text: string, version: number): void {
    this.open.set(uri, { text, version });
  }

  close(uri: string): void {
    this.open.delete(uri);
    // The file on disk is the truth again once the editor lets go of it.
    const path = safePath(uri);
    if (path && existsSync(path)) this.disk.set(uri, readFileSync(path, 'utf8'));
  }

  version(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }

  fileChanged(uri: string, deleted: boolean): void {
    if (/(?:^|\/)(?:\.?kijun\.json|package\.json)$/u.test(uri)) {
      this.configs = new ConfigResolver(this.roots);
      return;
    }
    if (deleted) {
      this.disk.delete(uri);
      this.cache.delete(uri);
      return;
    }
    const path = safePath(uri);
    if (path && existsSync(path)) this.disk.set(uri, readFileSync(path, 'utf8'));
  }

  /** Every document Kijun knows: disk files with open editors' text on top. */
  documents(): Map<string, string> {
    const docs = new Map(this.disk);
    for (const [uri, { text }] of this.open) if (/\.(?:md|markdown)$/iu.test(uri) || docs.has(uri)) docs.set(uri, text);
    return docs;
  }

  /** Analyzes every document, or only `only` (the initial scan fills the model cache in steps). */
  analyze(only?: string[]): AnalysisResult {
    const errors: ConfigError[] = [];
    const configFor = (uri: string): KijunConfig => {
      const path = safePath(uri);
      let config: KijunConfig;
      try {
        config = path ? this.configs.forFile(path) : this.configs.forDir(process.cwd());
      } catch (e) {
        if (e instanceof ConfigError) {
          if (!errors.some((x) => x.file === e.file)) errors.push(e);
          config = this.configs.forDir('/');
        } else throw e;
      }
      return this.withOverrides(config);
    };
    const all = this.documents();
    const result = analyzeWorkspace(
      only ? new Map(only.filter((u) => all.has(u)).map((u) => [u, all.get(u)!])) : all,
      {
        read: (uri) => {
          const path = safePath(uri);
          return path && existsSync(path) ? readFileSync(path, 'utf8') : undefined;
        },
        exists: (uri) => {
          const path = safePath(uri);
          return path !== undefined && existsSync(path);
        },
        configFor,
        roots: this.roots.map((r) => pathToFileURL(r).href),
        kindFor: (uri) => {
          const path = safePath(uri);
          try {
            return path ? configuredKind(this.configs.forFile(path), path) : undefined;
          } catch {
            return undefined;
          }
        },
      },
      { cache: this.cache },
    );
    this.configErrors = errors;
    return result;
  }

  private withOverrides(config: KijunConfig): KijunConfig {
    const rules = { ...config.rules };
    for (const [id, severity] of Object.entries(this.overrides.rules)) {
      if (severity === 'off' || severity === 'error' || severity === 'warning' || severity === 'information') {
        rules[id] = { severity, options: rules[id]?.options ?? {} };
      }
    }
    return { ...config, rules };
  }
}

export function safePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
