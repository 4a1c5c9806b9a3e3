import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';

// Parsing allocates many short-lived objects: a larger young generation halves the time spent
// in garbage collection on a thousand documents (measured by npm run bench).
setFlagsFromString('--max-semi-space-size=64');
import { analyzeWorkspace } from '../core/engine';
import type { Locale } from '../core/types';
import { ConfigError, ConfigResolver, configuredKind, isIncluded } from '../config/load';
import { collectFiles, readText, toPath, toUri, UsageError } from './files';
import { displayPath, formatJson, formatStylish, summarize, type FileResult } from './format';
import { describeWriteResult, fixDocuments, fixRoot, writeFix } from './fix';
import { formatSarif } from './sarif';
import { checkInParallel, workerAnalyze, workerCount, type CheckResult } from './parallel';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
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
import { formatInspect } from './inspect';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';

/** `kijun` — the headless runner. Thin: arguments and files in, the core's findings out. */

const HELP = `Usage: kijun check [paths…] [options]
       kijun inspect [paths…]   show the roles, holders and reporting edges Kijun read
       kijun report [paths…] --format html|md [--locale en|ja]
       kijun explain <rule-id | clause-id> [--locale en|ja]
       kijun lsp --stdio        run the language server (for Neovim, Emacs, other editors)

Checks Markdown security policies and incident runbooks against the Unified Standard.
Paths are files or folders (default: .).

Options:
  --format stylish|json|sarif   output format (default: stylish)
  --locale en|ja          language of messages (default: from LANG / LC_ALL)
  --exit-zero             exit 0 even when errors are found
  --max-warnings N        exit 1 when more than N warnings are found
  --fix                   apply safe fixes (e.g. a misspelled clause id) to the files
  --fix-review            also apply fixes that insert policy text with 〔placeholders〕 to review
  -h, --help              show this help
  -v, --version           show the version

Exit codes: 0 no errors, 1 errors found, 2 usage or configuration error.`;

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
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP + '\n');
    return command ? 0 : 2;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  try {
    if (command === 'lsp') {
      // `kijun lsp --stdio`: the same language server as dist/server.js.
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
      io.stderr(`kijun: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr(`kijun: invalid configuration: ${e.file}: ${e.key ? `key "${e.key}"` : 'file'} ${e.expected}\n`);
      return 2;
    }
    throw e;
  }
}

/** `kijun explain <rule-id | clause-id>`: the rule's documentation page, or the clause's text. */
function explain(args: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { locale: { type: 'string' } } });
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
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'html' }, locale: { type: 'string' } } });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  const locale = values.locale ?? localeFromEnv(io.env);
  if (locale !== 'en' && locale !== 'ja') throw new UsageError(`--locale must be "en" or "ja", not "${locale}"`);
  if (values.format !== 'html' && values.format !== 'md') throw new UsageError(`--format must be "html" or "md", not "${values.format}"`);
  const paths = positionals.length ? positionals : ['.'];
  const roots = configRoots(paths, io.cwd);
  const { documents, host } = analyzePaths(paths, roots);
  const result = analyzeWorkspace(documents, host);
  const reports = buildComplianceReport(result, catalogFor()!, defaultLexicon());
  const where = (p: Place) => `${displayPath(p.uri, io.cwd)}:${p.range.start.line + 1}`;
  const href = (p: Place) => `${displayPath(p.uri, io.cwd)}#L${p.range.start.line + 1}`;
  const label = (uri: string) => displayPath(uri, io.cwd);
  io.stdout(values.format === 'md' ? renderMarkdown(reports, locale, where, label) : renderHtml(reports, { locale, where, href, label }));
  return 0;
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

/** Reads the given paths and analyzes them as `kijun check` does. */
function analyzePaths(paths: string[], roots: string[]) {
  const configs = new ConfigResolver(roots);
  const files = collectFiles(paths).filter((p) => isIncluded(configs.forFile(p), p));
  const documents = new Map<string, string>();
  for (const p of files) {
    const text = readText(p);
    if (text !== undefined) documents.set(toUri(p), text);
  }
  const host = {
    read: (uri: string) => readText(toPath(uri)),
    exists: (uri: string) => existsSync(toPath(uri)),
    configFor: (uri: string) => configs.forFile(toPath(uri)),
    kindFor: (uri: string) => configuredKind(configs.forFile(toPath(uri)), toPath(uri)),
    roots: roots.map(toUri),
  };
  return { documents, host };
}

function check(args: string[], io: CliIO, inspect: boolean): number | Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'stylish' },
        locale: { type: 'string' },
        'exit-zero': { type: 'boolean', default: false },
        'max-warnings': { type: 'string' },
        fix: { type: 'boolean', default: false },
        'fix-review': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP + '\n');
    return 0;
  }
  const format = values.format!;
  if (format !== 'stylish' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be "stylish", "json" or "sarif", not "${format}"`);
  const locale = values.locale ?? localeFromEnv(io.env);
  if (locale !== 'en' && locale !== 'ja') throw new UsageError(`--locale must be "en" or "ja", not "${locale}"`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('--max-warnings takes a whole number');
  }

  const paths = positionals.length ? positionals : ['.'];
  const roots = configRoots(paths, io.cwd);
  const { documents, host } = analyzePaths(paths, roots);
  let unwritten = 0;
  if (values.fix || values['fix-review']) {
    const allowed: FixApplicability[] = values['fix-review'] ? ['safe', 'review'] : ['safe'];
    const fixed = fixDocuments(documents, (docs) => analyzeWorkspace(docs, host), allowed, locale);
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
    io.stdout(formatInspect(analyzeWorkspace(documents, host), io.cwd, locale));
    return 0;
  }
  const finish = (result: CheckResult): number => {
    for (const f of result.failures) {
      io.stderr(`kijun: rule ${f.rule} failed on ${f.root} and was skipped; the other rules ran.\n${f.error}\n`);
    }
    const results: FileResult[] = [...documents.keys()].map((uri) => ({ uri, findings: result.findings.get(uri) ?? [], suppressed: result.suppressed.get(uri) ?? [] }));
    io.stdout(
      format === 'json'
        ? formatJson(results, io.cwd, locale)
        : format === 'sarif'
          ? formatSarif(results, io.cwd, locale, VERSION)
          : formatStylish(results, io.cwd, locale, io.isTTY && !io.env['NO_COLOR']),
    );
    const s = summarize(results);
    if (unwritten > 0) return 2;
    if (values['exit-zero']) return 0;
    return s.errors > 0 || s.warnings > maxWarnings ? 1 : 0;
  };
  // Many files: worker threads (see parallel.ts); the output is the same.
  const workers = values.fix || values['fix-review'] ? 0 : workerCount(documents.size, io.env);
  if (workers > 1 && typeof __filename !== 'undefined') {
    return checkInParallel(documents, host, workers, __filename, { cwd: io.cwd, roots }).then(finish);
  }
  return finish(analyzeWorkspace(documents, host));
}

/** Worker side of checkInParallel: analyze the slice it was given and reply. */
function runWorker(data: { docs: Array<[string, string]>; roots: string[] }): void {
  const configs = new ConfigResolver(data.roots);
  const host = {
    read: (uri: string) => readText(toPath(uri)),
    exists: (uri: string) => existsSync(toPath(uri)),
    configFor: (uri: string) => configs.forFile(toPath(uri)),
    kindFor: (uri: string) => configuredKind(configs.forFile(toPath(uri)), toPath(uri)),
    roots: data.roots.map(toUri),
  };
  parentPort!.postMessage(workerAnalyze(new Map(data.docs), host));
}

if (!isMainThread && (workerData as { kijunWorker?: boolean } | null)?.kijunWorker) {
  runWorker(workerData as { docs: Array<[string, string]>; roots: string[] });
} else if (typeof require !== 'undefined' && require.main === module) {
  // `kijun check … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void Promise.resolve(
    run(process.argv.slice(2), {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      cwd: process.cwd(),
      isTTY: process.stdout.isTTY === true,
      env: process.env,
    }),
  ).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}
