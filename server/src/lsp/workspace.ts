import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeWorkspace, analyzeWorkspaceInSteps, modelOf, ModelCache, type AnalysisResult, type Host } from '../core/engine';
import type { KijunConfig } from '../core/config';
import { ConfigError, ConfigResolver, configuredKind, isIncluded } from '../config/load';
import { configForFile, describeProblem, discoverFiles, pathExists, readRegular, readText } from '../node/files';

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
  /** Section caches for the open documents only: the ones that are edited. */
  private readonly cache = new ModelCache((uri) => this.open.has(uri));
  private configs: ConfigResolver;
  /** Configuration errors by config file, reported once as diagnostics. */
  configErrors: ConfigError[] = [];
  private currentOverrides: Overrides = { rules: {} };

  get overrides(): Overrides {
    return this.currentOverrides;
  }

  /** New editor settings: every document's configuration is resolved again. */
  set overrides(o: Overrides) {
    this.currentOverrides = o;
    this.forgetConfigurations();
  }

  private forgetConfigurations(): void {
    this.configMemo.clear();
    this.kindMemo.clear();
  }

  /** `log` hears of every file that was passed over or could not be read (the server's output channel). */
  constructor(
    readonly roots: string[],
    private readonly log: (message: string) => void = () => {},
  ) {
    // Configuration lookup stops at the workspace folders.
    this.configs = new ConfigResolver(roots);
  }

  /**
   * Reads every Markdown file under the workspace folders. A file that cannot be read (a FIFO, a
   * folder named like a document, a permission error) is logged and left out; the others are read.
   */
  scan(onFile?: (done: number, total: number) => void): void {
    const found = this.roots.length ? discoverFiles(this.roots) : { files: [], problems: [] };
    for (const p of found.problems) this.log(`kijun: ${p.path}: ${describeProblem(p, 'en')}`);
    const paths = found.files;
    paths.forEach((p, i) => {
      if (this.included(p)) this.readFromDisk(pathToFileURL(p).href, p);
      onFile?.(i + 1, paths.length);
    });
  }

  /** Takes a file's text from disk; a file that is gone or unreadable is dropped (and logged unless gone). */
  private readFromDisk(uri: string, path: string): void {
    const text = readRegular(path);
    if (typeof text === 'string') {
      this.disk.set(uri, text);
      return;
    }
    this.disk.delete(uri);
    if (text.reason !== 'not-found') this.log(`kijun: ${path}: ${describeProblem({ path, explicit: false, ...text }, 'en')}`);
  }

  private included(path: string): boolean {
    try {
      return isIncluded(configForFile(this.configs, path), path);
    } catch {
      return true;
    }
  }

  setOpen(uri: string, text: string, version: number): void {
    this.open.set(uri, { text, version });
  }

  close(uri: string): void {
    this.open.delete(uri);
    this.cache.releaseSections(uri);
    // The file on disk is the truth again once the editor lets go of it.
    const path = safePath(uri);
    if (path) this.readFromDisk(uri, path);
  }

  version(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }

  fileChanged(uri: string, deleted: boolean): void {
    if (/(?:^|\/)(?:\.?kijun\.json|package\.json)$/u.test(uri)) {
      this.configs = new ConfigResolver(this.roots);
      this.forgetConfigurations();
      return;
    }
    if (deleted) {
      this.disk.delete(uri);
      this.cache.delete(uri);
      return;
    }
    const path = safePath(uri);
    if (path && /\.(?:md|markdown)$/iu.test(path)) this.readFromDisk(uri, path);
  }

  /** Every document Kijun knows: disk files with open editors' text on top. */
  documents(): Map<string, string> {
    const docs = new Map(this.disk);
    for (const [uri, { text }] of this.open) if (/\.(?:md|markdown)$/iu.test(uri) || docs.has(uri)) docs.set(uri, text);
    return docs;
  }

  /** Analyzes every document, or only `only` and what they link (the first answer while the workspace is still being read). */
  analyze(only?: string[]): AnalysisResult {
    const errors: ConfigError[] = [];
    const all = this.documents();
    const result = analyzeWorkspace(only ? new Map(only.filter((u) => all.has(u)).map((u) => [u, all.get(u)!])) : all, this.host(errors), { cache: this.cache });
    this.configErrors = errors;
    return result;
  }

  /**
   * Judges every policy set into the cache, pausing after each set it judged (see
   * analyzeWorkspaceInSteps); what it finds is not used: the full analysis that follows takes the
   * sets' findings from the cache instead of judging a thousand sets without yielding.
   */
  *judgeInSteps(): Generator<void, void, void> {
    yield* analyzeWorkspaceInSteps(this.documents(), this.host([]), { cache: this.cache });
  }

  /**
   * Builds the model of one document into the cache and judges nothing: the background scan
   * reads a large workspace this way, one document at a time, yielding to requests in between;
   * the full analysis that follows finds every model ready.
   */
  prime(uri: string): void {
    const text = this.open.get(uri)?.text ?? this.disk.get(uri);
    if (text !== undefined) modelOf(uri, text, this.host([]), this.cache);
  }

  /**
   * The open documents and the documents on disk that name one of them by file name — the ones
   * that may link to it, and so may make it part of their policy set. Analyzing these alone gives
   * an open document its findings before the rest of the workspace has been read.
   */
  neighbourhood(also: string[] = []): string[] {
    const wanted = [...this.open.keys(), ...also];
    const docs = wanted.filter((u) => /\.(?:md|markdown)$/iu.test(u));
    const names = docs.map((u) => u.slice(u.lastIndexOf('/') + 1)).flatMap((n) => [n, safeDecode(n)]);
    // A configuration file's diagnostics come from analyzing the documents it configures.
    const folders = wanted.filter((u) => /(?:^|\/)\.?kijun\.json$/u.test(u)).map((u) => u.slice(0, u.lastIndexOf('/') + 1));
    const out = new Set(docs);
    for (const [uri, text] of this.disk) if (!out.has(uri) && (folders.some((f) => uri.startsWith(f)) || names.some((n) => text.includes(n)))) out.add(uri);
    return [...out];
  }

  /** The host through which the core reads configuration and link targets; configuration errors go to `errors`. */
  private host(errors: ConfigError[]): Host {
    const configFor = (uri: string): KijunConfig => {
      const known = this.configMemo.get(uri);
      if (known) {
        for (const e of known.errors) if (!errors.some((x) => x.file === e.file)) errors.push(e);
        return known.config;
      }
      const before = errors.length;
      const config = this.resolveConfig(uri, errors);
      this.configMemo.set(uri, { config, errors: errors.slice(before) });
      return config;
    };
    return this.hostWith(configFor);
  }

  /**
   * Each document's configuration, kept until a configuration file or the editor's settings
   * change: a keystroke in a 1,001-document workspace otherwise resolved a thousand
   * configurations (paths, lookups, a new object each) before analyzing anything.
   */
  private readonly configMemo = new Map<string, { config: KijunConfig; errors: ConfigError[] }>();
  private readonly kindMemo = new Map<string, ReturnType<typeof configuredKind> | undefined>();

  private resolveConfig(uri: string, errors: ConfigError[]): KijunConfig {
    {
      const path = safePath(uri);
      let config: KijunConfig;
      try {
        config = path ? configForFile(this.configs, path) : this.configs.forDir(process.cwd());
      } catch (e) {
        // A configuration file that cannot be read (kijun.json being a folder: EISDIR) is a
        // configuration error of that file, not a failure of the whole workspace.
        const error = e instanceof ConfigError ? e : unreadableConfig(e, path);
        if (!error) throw e;
        if (!errors.some((x) => x.file === error.file)) errors.push(error);
        config = this.configs.forDir('/');
      }
      return this.withOverrides(config);
    }
  }

  private hostWith(configFor: (uri: string) => KijunConfig): Host {
    return {
      read: (uri) => {
        const path = safePath(uri);
        return path ? readText(path) : undefined;
      },
      exists: (uri) => {
        const path = safePath(uri);
        return path !== undefined && pathExists(path);
      },
      configFor,
      roots: this.roots.map((r) => pathToFileURL(r).href),
      kindFor: (uri) => {
        if (this.kindMemo.has(uri)) return this.kindMemo.get(uri);
        const path = safePath(uri);
        let kind: ReturnType<typeof configuredKind> | undefined;
        try {
          kind = path ? configuredKind(configForFile(this.configs, path), path) : undefined;
        } catch {
          kind = undefined;
        }
        this.kindMemo.set(uri, kind);
        return kind;
      },
    };
  }

  private withOverrides(config: KijunConfig): KijunConfig {
    const rules = { ...config.rules };
    for (const [id, severity] of Object.entries(this.currentOverrides.rules)) {
      if (severity === 'off' || severity === 'error' || severity === 'warning' || severity === 'information') {
        rules[id] = { severity, options: rules[id]?.options ?? {} };
      }
    }
    return { ...config, rules };
  }
}

function unreadableConfig(e: unknown, path: string | undefined): ConfigError | undefined {
  const errno = e as NodeJS.ErrnoException;
  if (!errno || typeof errno.code !== 'string') return undefined;
  return new ConfigError(errno.path ?? path ?? '', '', `cannot be read (${errno.code})`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function safePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
