import { parseArgs } from 'node:util';
import { analyzeWorkspace, ModelCache } from '../core/engine';
import type { Locale } from '../core/types';
import { ConfigError, ConfigResolver, configuredKind, isIncluded } from '../config/load';
import { configForFile, describeProblem, discoverFiles, pathExists, readRegular, readText, toPath, toUri, type FileProblem } from '../node/files';
import { displayPath, formatGithub, formatStylish, jsonChunks, summarize, type FileResult } from './format';
import { describeWriteResult, fixDocuments, fixRoot, writeFix } from './fix';
import { formatSarif } from './sarif';
import { checkDocuments, workerAnalyze, workerCount, type CheckResult } from './parallel';
import { cachePath, CheckCache, fingerprint } from './cache';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { buildComplianceReport, type Place } from '../core/report/compliance';
import { renderMarkdown } from '../core/report/markdown';
import { renderHtml } from '../core/report/html';
import { catalogFor } from '../standards';
import { defaultLexicon } from '../lexicon';
import type { FixApplicability } from '../core/types';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ruleById, rules } from '../core/rules/registry';
import { renderClause, renderRuleDoc } from '../docs/ruleDocs';
import { formatInspect, formatInspectJson } from './inspect';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';

/** `kijun` — the headless runner. Thin: arguments and files in, the core's findings out. */

/** One usage line per command: printed by `--help` and under every usage error. */
const USAGE: Record<string, string> = {
  check: 'kijun check [paths…] [--format stylish|json|sarif|github] [--locale en|ja] [--exit-zero] [--max-warnings N] [--fix | --fix-review] [--cache [--cache-location <path>]]',
  inspect: 'kijun inspect [paths…] [--format text|json] [--locale en|ja]',
  report: 'kijun report [paths…] [--format html|md] [--locale en|ja]',
  explain: 'kijun explain <rule-id | clause-id> [--locale en|ja]',
  lsp: 'kijun lsp --stdio',
};

const COMMAND_HELP: Record<string, string> = {
  check: `Checks Markdown security policies and incident runbooks against the Unified Standard.
Paths are files or folders (default: .); folders skip .gitignore'd files, node_modules, dist and dot-folders.

Options:
  --format stylish|json|sarif|github   output format (default: stylish; github: workflow annotations)
  --locale en|ja          language of messages (default: from KIJUN_LOCALE / LC_ALL / LANG)
  --exit-zero             exit 0 even when errors are found
  --max-warnings N        exit 1 when more than N warnings are found
  --fix                   apply safe fixes (e.g. a misspelled clause id) to the files
  --fix-review            also apply fixes that insert policy text with 〔placeholders〕 to review
  --cache                 reuse what the previous run found for what did not change (documents by
                          content hash; sets by their documents, configuration, Kijun's version and
                          rules, and whether the link targets they point to exist); same output
  --cache-location <path> the cache file, or a folder for it (default:
                          node_modules/.cache/kijun/check-cache.json under the working directory)
  -h, --help              show this help

Exit codes: 0 no errors, 1 errors found, 2 usage or configuration error, or a file that could not be read.`,
  inspect: 'Shows what Kijun read from the documents: kinds and why, role holders, reporting edges (urgency, condition, form), the CSIRT, targeted-attack measures and sentences it could not read completely. --format json prints it in a stable shape (version 1).',
  report: 'Writes the compliance report (matrix of clauses and the reporting graph) per policy set: html (default) or md.',
  explain: "Prints a rule's documentation page, or a clause's text from the catalog.",
  lsp: 'Runs the language server on stdin/stdout (for Neovim, Emacs, Helix and other editors).',
};

const HELP = `Usage: ${USAGE['check']}
       ${USAGE['inspect']}
       ${USAGE['report']}
       ${USAGE['explain']}
       ${USAGE['lsp']}
       kijun <command> --help | kijun --version

Checks Markdown security policies and incident runbooks against the Unified Standard.
Paths are files or folders (default: .).

Exit codes: 0 no errors, 1 errors found, 2 usage or configuration error, or a file that could not be read.`;

function commandHelp(command: string): string {
  return `Usage: ${USAGE[command]}\n\n${COMMAND_HELP[command]}\n`;
}

/** A mistake in the command line: the message, the command's usage line, exit 2. */
export class UsageError extends Error {}

const VERSION = '0.1.0';

export function localeFromEnv(env: NodeJS.ProcessEnv = process.env): Locale {
  const lang = env['KIJUN_LOCALE'] || env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^ja/i.test(lang) ? 'ja' : 'en';
}

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export function run(argv: string[], io: CliIO): number | Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    // No command is a usage error: the help goes to stderr, so a pipeline does not take it for output.
    io.stderr(HELP + '\n');
    return 2;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP + '\n');
    return 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  if (USAGE[command] && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(commandHelp(command));
    return 0;
  }
  try {
    if (command === 'lsp') {
      // `kijun lsp --stdio`: the same language server as dist/server.js.
      const unknown = rest.filter((a) => a !== '--stdio');
      if (unknown.length) throw new UsageError(`unknown option "${unknown[0]}" (the server talks over stdio: kijun lsp --stdio)`);
      startServer(createConnection(ProposedFeatures.all));
      return -1;
    }
    if (command === 'explain') return explain(rest, io);
    if (command === 'report') return report(rest, io);
    if (command === 'check') return check(rest, io, false);
    if (command === 'inspect') return check(rest, io, true);
    throw new UsageError(`Unknown command "${command}". Run "kijun --help".`);
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = USAGE[command];
      io.stderr(`kijun: ${e.message}\n${usage ? `Usage: ${usage}\n` : ''}Run "kijun ${usage ? `${command} ` : ''}--help" for more.\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr(`kijun: invalid configuration: ${e.file}: ${e.key ? `key "${e.key}"` : 'file'} ${e.expected}\n`);
      return 2;
    }
    const errno = e as NodeJS.ErrnoException;
    if (errno && typeof errno.code === 'string' && typeof errno.path === 'string') {
      // A configuration file (or folder) that cannot be read, e.g. kijun.json being a folder.
      io.stderr(`kijun: cannot read ${errno.path} (${errno.code})\n`);
      return 2;
    }
    throw e;
  }
}

/** `kijun explain <rule-id | clause-id>`: the rule's documentation page, or the clause's text. */
function explain(args: string[], io: CliIO): number {
  const { values, positionals } = parseOptions(args, { locale: { type: 'string' } });
  const locale = values.locale ?? localeFromEnv(io.env);
  if (locale !== 'en' && locale !== 'ja') throw new UsageError(`--locale must be "en" or "ja", not "${locale}"`);
  const id = positionals[0];
  if (!id) throw new UsageError('kijun explain needs a rule id (e.g. ciso-reporting) or a clause id (e.g. 2.2.4(1)(a))');
  const rule = ruleById(id);
  if (rule) {
    const page = join(__dirname, 'docs', 'rules', `${id}${locale === 'ja' ? '.ja' : ''}.md`);
    io.stdout(existsSync(page) ? readFileSync(page, 'utf8') : renderRuleDoc(rule, [], locale));
    return 0;
  }
  const canonical = id.normalize('NFKC').replace(/\s+/gu, '').toLowerCase().replace(/^(?:統一基準|unifiedstandard)/u, '');
  const clause = renderClause(canonical, locale);
  if (clause) {
    io.stdout(clause);
    return 0;
  }
  throw new UsageError(`"${id}" is neither a rule id nor a clause of the catalog. Rules: ${rules.map((r) => r.meta.id).join(', ')}`);
}

/** `kijun report [paths…] --format html|md`: the compliance matrix and reporting graph per policy set. */
function report(args: string[], io: CliIO): number {
  const { values, positionals } = parseOptions(args, { format: { type: 'string', default: 'html' }, locale: { type: 'string' } });
  const locale = values.locale ?? localeFromEnv(io.env);
  if (locale !== 'en' && locale !== 'ja') throw new UsageError(`--locale must be "en" or "ja", not "${locale}"`);
  if (values.format !== 'html' && values.format !== 'md') throw new UsageError(`--format must be "html" or "md", not "${values.format}"`);
  const paths = positionals.length ? positionals : ['.'];
  const { documents, host, problems } = analyzePaths(paths, configRoots(paths, io.cwd));
  if (reportProblems(problems, io, locale)) return 2;
  const result = analyzeWorkspace(documents, host);
  const reports = buildComplianceReport(result, catalogFor()!, defaultLexicon());
  const where = (p: Place) => `${displayPath(p.uri, io.cwd)}:${p.range.start.line + 1}`;
  const href = (p: Place) => `${displayPath(p.uri, io.cwd)}#L${p.range.start.line + 1}`;
  const label = (uri: string) => displayPath(uri, io.cwd);
  io.stdout(values.format === 'md' ? renderMarkdown(reports, locale, where, label) : renderHtml(reports, { locale, where, href, label }));
  return 0;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean; short?: string }>;

/** node:util parseArgs, with its errors (unknown option, missing value) as usage errors. */
function parseOptions(args: string[], options: OptionSpec) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/su, '') : String(e));
  }
}

/**
 * Where configuration lookup stops: the working directory and each folder named on the command
 * line (a named file's folder), so that no kijun.json above them applies.
 */
function configRoots(paths: string[], cwd: string): string[] {
  return [cwd, ...paths.map((p) => resolve(cwd, p)).map((p) => (isDirectory(p) ? p : dirname(p)))];
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The host through which the core reads link targets: regular files only, never throwing; nothing outside the roots. */
function fileHost(configs: ConfigResolver, roots: string[]) {
  return {
    read: (uri: string) => readText(toPath(uri)),
    exists: (uri: string) => pathExists(toPath(uri)),
    configFor: (uri: string) => configForFile(configs, toPath(uri)),
    kindFor: (uri: string) => configuredKind(configForFile(configs, toPath(uri)), toPath(uri)),
    roots: roots.map(toUri),
  };
}

/** Reads the given paths and analyzes them as `kijun check` does; files that cannot be read are problems. */
function analyzePaths(paths: string[], roots: string[]) {
  const configs = new ConfigResolver(roots);
  const found = discoverFiles(paths);
  const problems = [...found.problems];
  const files = found.files.filter((p) => isIncluded(configForFile(configs, p), p));
  const documents = new Map<string, string>();
  for (const p of files) {
    const text = readRegular(p);
    if (typeof text === 'string') documents.set(toUri(p), text);
    else problems.push({ path: p, reason: text.reason, explicit: true, detail: text.detail });
  }
  return { documents, host: fileHost(configs, roots), problems };
}

/**
 * Says which files were not checked and why, on stderr. A file Kijun was asked to check and
 * could not read is an error (the caller exits 2 after its output); a FIFO, a dangling link or a
 * folder named like a document met inside a folder is a note.
 */
function reportProblems(problems: FileProblem[], io: CliIO, locale: Locale): boolean {
  let failed = false;
  for (const p of problems) {
    const error = p.explicit || p.reason === 'unreadable';
    failed ||= error;
    const path = displayPath(toUri(p.path), io.cwd) || '.';
    const label = error ? (locale === 'ja' ? 'エラー' : 'error') : locale === 'ja' ? '省略' : 'skipped';
    io.stderr(`kijun: ${label}: ${path}: ${describeProblem(p, locale)}\n`);
  }
  return failed;
}

function check(args: string[], io: CliIO, inspect: boolean): number | Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string', default: 'stylish' },
    locale: { type: 'string' },
    'exit-zero': { type: 'boolean', default: false },
    'max-warnings': { type: 'string' },
    fix: { type: 'boolean', default: false },
    'fix-review': { type: 'boolean', default: false },
    cache: { type: 'boolean', default: false },
    'cache-location': { type: 'string' },
  });
  const format = values.format as string;
  if (inspect && format !== 'stylish' && format !== 'text' && format !== 'json') throw new UsageError(`kijun inspect --format must be "text" or "json", not "${format}"`);
  if (!inspect && format !== 'stylish' && format !== 'json' && format !== 'sarif' && format !== 'github') throw new UsageError(`--format must be "stylish", "json", "sarif" or "github", not "${format}"`);
  const locale = values.locale ?? localeFromEnv(io.env);
  if (locale !== 'en' && locale !== 'ja') throw new UsageError(`--locale must be "en" or "ja", not "${locale}"`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('--max-warnings takes a whole number');
  }

  if (values['cache-location'] !== undefined && !values.cache) throw new UsageError('--cache-location needs --cache');
  if (values['cache-location'] === '') throw new UsageError('--cache-location needs a path');
  if (inspect && values.cache) throw new UsageError('kijun inspect has no --cache');

  const paths = positionals.length ? positionals : ['.'];
  const roots = configRoots(paths, io.cwd);
  const { documents, host, problems } = analyzePaths(paths, roots);
  const unreadable = reportProblems(problems, io, locale);
  let unwritten = 0;
  // Fixing analyzes the documents once per pass, and then once more for the findings printed:
  // through one model cache, a pass re-parses only the sections the last one changed. Without
  // fixing there is nothing to reuse (and with a cache a document is parsed section by section).
  const models = values.fix || values['fix-review'] ? new ModelCache() : undefined;
  if (models) {
    const allowed: FixApplicability[] = values['fix-review'] ? ['safe', 'review'] : ['safe'];
    const fixed = fixDocuments(documents, (docs) => analyzeWorkspace(docs, host, { cache: models }), allowed, locale);
    for (const [uri, titles] of fixed.applied) {
      const path = displayPath(uri, io.cwd);
      const written = writeFix(toPath(uri), documents.get(uri)!, fixed.documents.get(uri)!, fixRoot(toPath(uri), io.cwd));
      if (written.status !== 'written') {
        io.stderr(`kijun: ${describeWriteResult(path, written)}\n`);
        // Asked to fix and could not: exit 2 (a concurrent edit is not a failure of the run).
        if (written.status !== 'changed') unwritten++;
        continue;
      }
      documents.set(uri, fixed.documents.get(uri)!);
      io.stderr(`kijun: fixed ${path}: ${titles.length} change${titles.length === 1 ? '' : 's'}\n${titles.map((t) => `  - ${t}`).join('\n')}\n`);
    }
  }
  if (inspect) {
    const analysis = analyzeWorkspace(documents, host, { cache: models });
    io.stdout(format === 'json' ? formatInspectJson(analysis, io.cwd) : formatInspect(analysis, io.cwd, locale));
    return unreadable ? 2 : 0;
  }
  const finish = (result: CheckResult): number => {
    for (const f of result.failures) {
      io.stderr(`kijun: rule ${f.rule} failed on ${f.root} and was skipped; the other rules ran.\n${f.error}\n`);
    }
    const results: FileResult[] = [...documents.keys()].map((uri) => ({ uri, findings: result.findings.get(uri) ?? [], suppressed: result.suppressed.get(uri) ?? [] }));
    // JSON is written file by file: the report of 10,000 files is never one string in memory.
    if (format === 'json') for (const chunk of jsonChunks(results, io.cwd, locale)) io.stdout(chunk);
    else
      io.stdout(
        format === 'sarif'
          ? formatSarif(results, io.cwd, locale, VERSION)
          : format === 'github'
            ? formatGithub(results, io.cwd, locale)
            : formatStylish(results, io.cwd, locale, io.isTTY && !io.env['NO_COLOR']),
    );
    const s = summarize(results);
    // The findings of the files that were read are printed; a file that was not is still a failure.
    if (unreadable || unwritten > 0) return 2;
    if (values['exit-zero']) return 0;
    return s.errors > 0 || s.warnings > maxWarnings ? 1 : 0;
  };
  // Many files: worker threads; with --cache, what did not change comes from the cache (see
  // parallel.ts and cache.ts); the output is the same. Fixing (above) does not use the cache: the
  // findings printed after it are checked through it, which refreshes it.
  const fixing = values.fix || values['fix-review'];
  const workers = (docs: Map<string, string>) => (fixing ? 0 : workerCount(docs, io.env));
  const script = typeof __filename !== 'undefined' ? __filename : undefined;
  if (values.cache) {
    const note = (line: string) => io.stderr(`kijun: ${line}\n`);
    const cache = CheckCache.open(cachePath(io.cwd, values['cache-location'] as string | undefined), fingerprint(VERSION, script), note);
    return checkDocuments(documents, host, { workers, script, workerData: { cwd: io.cwd, roots }, cache }).then((result) => {
      const code = finish(result);
      // For tests and the curious: which policy sets were analyzed rather than taken from the cache.
      if (io.env['KIJUN_CACHE_TRACE']) note(`cache: analyzed ${JSON.stringify((result.analyzed ?? []).map((u) => displayPath(u, io.cwd)))}`);
      const failed = cache.save();
      if (failed && !cache.noted) note(`could not write the cache ${cache.path} (${failed}); the findings above are complete`);
      return code;
    });
  }
  if (workers(documents) > 1 && script) return checkDocuments(documents, host, { workers, script, workerData: { cwd: io.cwd, roots } }).then(finish);
  return finish(analyzeWorkspace(documents, host, { cache: models }));
}

/** Worker side of checkDocuments: analyze each slice it is given and reply, until terminated. */
function runWorker(data: { roots: string[] }): void {
  const host = fileHost(new ConfigResolver(data.roots), data.roots);
  parentPort!.on('message', (docs: Array<[string, string]>) => parentPort!.postMessage(workerAnalyze(new Map(docs), host)));
}

/**
 * A batch run pays TurboFan's compile time once per thread (each worker compiles the readers
 * again) and never long enough to earn it back: on 1,000 × 4 KB with two workers, some 2.9 s of
 * a 12.7 s CPU total was optimizing compilation, and without inlining a run took 13 % less wall
 * (6.9 → 6.0 s, measured pairwise). The flag is V8's, process-wide (workers inherit it), and set
 * only for the batch commands; the language server keeps V8's defaults, its edits run hot code.
 */
function batchJit(command: string | undefined): void {
  if (command === 'check' || command === 'inspect' || command === 'report') setFlagsFromString('--no-turbo-inlining');
}

/**
 * The command as a process: runs `argv` (without node and the script) on the real stdio and sets
 * the exit code. bin/kijun.js calls this; so does dist/cli.js when run directly.
 */
export async function main(argv: string[]): Promise<number> {
  batchJit(argv[0]);
  // `kijun check … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  let code: number;
  try {
    code = await run(argv, {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      cwd: process.cwd(),
      isTTY: process.stdout.isTTY === true,
      env: process.env,
    });
  } catch (e) {
    // Never exit 0 or 1 (no errors / findings) on a crash: a CI gate must see it as a failure of Kijun.
    process.stderr.write(`kijun: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 2;
  }
  // -1: a server that keeps running until its client exits.
  if (code >= 0) process.exitCode = code;
  return code;
}

if (!isMainThread && (workerData as { kijunWorker?: boolean } | null)?.kijunWorker) {
  runWorker(workerData as { roots: string[] });
} else if (typeof require !== 'undefined' && require.main === module) {
  void main(process.argv.slice(2));
}
