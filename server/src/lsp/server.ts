import { performance } from 'node:perf_hooks';
import { HeapKeeper } from './memory';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../core/engine';
import type { Finding, Locale } from '../core/types';
import { codeActions, FIX_ALL_KIND, SHOW_DOCS_COMMAND } from './codeActions';
import { ruleDocUri, toDiagnostic } from './convert';
import { completion, definition, documentSymbols, foldingRanges, readingHints, references, unmetClauses } from './features';
import { hoverAt } from './hover';
import { WorkspaceState } from './workspace';
import { validateRequests } from './validate';
import { buildComplianceReport, clausesWith, type Place } from '../core/report/compliance';
import { renderHtml } from '../core/report/html';
import { catalogFor } from '../standards';
import { defaultLexicon } from '../lexicon';

/**
 * The language server: a thin adapter between LSP and the core. It keeps the workspace's text,
 * analyzes after a short pause in typing, and serves diagnostics (pulled when the client
 * supports it, pushed otherwise — never for a stale version), hovers, code actions, symbols,
 * definition, references, completion and folding.
 */

export interface Settings {
  enable: boolean;
  locale: Locale | undefined;
  rules: Record<string, string>;
  /** `ui`: messages in the UI's language (kijun.locale); `document`: in each document's language. */
  messageLanguage: 'ui' | 'document';
  /** Inlay hints showing what Kijun read from each sentence (reporting edges, assignments). */
  showReading: boolean;
}

function readSettings(s: Partial<Settings> | undefined | null): Settings {
  return {
    enable: s?.enable ?? true,
    locale: s?.locale === 'ja' || s?.locale === 'en' ? s.locale : undefined,
    rules: s?.rules ?? {},
    messageLanguage: s?.messageLanguage === 'document' ? 'document' : 'ui',
    showReading: s?.showReading === true,
  };
}

/** Pause after the last keystroke before analyzing; KIJUN_DEBOUNCE_MS overrides it (the benchmark sets 0). */
const DEBOUNCE_MS = Number(process.env['KIJUN_DEBOUNCE_MS'] || 150);
/** Pause after didOpen before analyzing, so that tabs restored together are analyzed together. */
const OPEN_DELAY_MS = 10;
/** Longest stretch of the initial scan between two turns of the event loop, in ms. */
const SCAN_SLICE_MS = 20;

const CONFIG_FILE = /(?:^|\/)\.?kijun\.json$/u;

/** Where the offending key of a broken kijun.json is written (its last segment), else the first line. */
function configKeyRange(file: string, key: string): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const first = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const name = key.split(/[./]/u).filter(Boolean).pop();
  if (!name) return first;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return first;
  }
  const at = text.indexOf(JSON.stringify(name));
  if (at < 0) return first;
  const doc = TextDocument.create('file:///config', 'json', 0, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + name.length + 2) };
}

export function startServer(connection: Connection): void {
  // Malformed request parameters get InvalidParams (or an empty answer), never an internal error.
  validateRequests(connection);
  const documents = new Map<string, TextDocument>();
  let state = new WorkspaceState([]);
  let locale: Locale = 'en';
  let settings: Settings = readSettings(undefined);
  let pull = false;
  let refreshSupport = false;
  let configurationSupport = false;
  let progressSupport = false;

  let result: AnalysisResult | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> | undefined;
  let resolvePending: (() => void) | undefined;
  /**
   * What was last published for each document that has diagnostics on the client: a closed document whose findings are the same objects as then (its policy set was
   * taken from the cache) is not sent again — in a workspace of 1,001 documents a keystroke
   * otherwise re-sent a thousand unchanged notifications before the edited document's.
   */
  const published = new Map<string, { findings: readonly Finding[]; locale: Locale; extra: boolean }>();
  const reportedFailures = new Set<string>();

  const effectiveLocale = (): Locale => settings.locale ?? locale;
  /** The language of a document's messages: the UI's, or the document's own (kijun.messageLanguage). */
  const messageLocale = (uri: string): Locale => (settings.messageLanguage === 'document' ? (result?.models.get(uri)?.language ?? effectiveLocale()) : effectiveLocale());
  let headingSymbols = true;
  let inlayRefresh = false;
  let openCommand: string | undefined;

  // After `shutdown` the only message a client may send is `exit`: requests get InvalidRequest.
  let shutDown = false;
  /** True while the initial scan reads the workspace: analyses cover the open documents and their neighbourhood only. */
  let scanning = false;
  const heap = new HeapKeeper();
  let scanEnded: () => void = () => {};
  /** Settles when the initial scan has read and analyzed the whole workspace (or the server shuts down). */
  const scanned = new Promise<void>((r) => (scanEnded = r));
  connection.onShutdown(() => {
    shutDown = true;
    scanEnded();
  });
  const live =
    <P, R>(handler: (p: P) => R) =>
    (p: P): R => {
      if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'kijun: the server is shut down');
      return handler(p);
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const roots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
    if (!roots.length && params.rootUri) roots.push(fileURLToPath(params.rootUri));
    state = new WorkspaceState(roots, (message) => connection.console.warn(message));
    locale = /^ja/iu.test(params.locale ?? '') ? 'ja' : 'en';
    const init = (params.initializationOptions ?? {}) as Partial<Settings>;
    settings = readSettings(init);
    // VS Code's Markdown extension lists headings itself: a second copy would double the Outline.
    headingSymbols = (params.initializationOptions as { headingSymbols?: boolean } | undefined)?.headingSymbols !== false;
    inlayRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    // A client command (uri, line) that opens a document of the report; VS Code's sends kijun.openLocation.
    const oc = (params.initializationOptions as { openCommand?: unknown } | undefined)?.openCommand;
    openCommand = typeof oc === 'string' && /^[\w.-]+$/u.test(oc) ? oc : undefined;
    state.overrides = { rules: settings.rules };
    pull = params.capabilities.textDocument?.diagnostic !== undefined;
    refreshSupport = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    configurationSupport = params.capabilities.workspace?.configuration === true;
    progressSupport = params.capabilities.window?.workDoneProgress === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        diagnosticProvider: pull ? { identifier: 'kijun', interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        completionProvider: { triggerCharacters: ['.', '(', '基'] },
        foldingRangeProvider: true,
        inlayHintProvider: true,
        // kijun.showRuleDocumentation is not advertised: VS Code's client registers it itself (with
        // a preview); other editors may still send it, and onExecuteCommand answers.
      },
      serverInfo: { name: 'kijun', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (configurationSupport) await loadSettings();
    const progress = progressSupport ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin(effectiveLocale() === 'ja' ? 'Kijun: ワークスペースを解析中' : 'Kijun: analyzing the workspace', 0, '', false);
    // Read the files (fast), answer the open documents at once, then build the models of the
    // rest in slices of SCAN_SLICE_MS that yield to requests and edits; while the scan runs an
    // analysis covers the open documents and those that may link them (state.neighbourhood).
    // The full analysis at the end finds every model ready and refreshes cross-document findings.
    scanning = true;
    state.scan();
    if (documents.size) analyzeNow();
    const uris = [...state.documents().keys()];
    let sliceStart = performance.now();
    for (let i = 0; i < uris.length && !shutDown; i++) {
      try {
        state.prime(uris[i]!);
      } catch {
        // the full analysis below reports it
      }
      if (performance.now() - sliceStart >= SCAN_SLICE_MS) {
        progress?.report(Math.round(((i + 1) / uris.length) * 90), `${i + 1}/${uris.length}`);
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    // Then the sets, judged into the cache in slices as well: the full analysis below finds them
    // there (a thousand sets judged at once kept requests waiting for most of a second).
    const judging = state.judgeInSteps();
    sliceStart = performance.now();
    while (!shutDown) {
      try {
        if (judging.next().done) break;
      } catch {
        break; // the full analysis below reports it
      }
      if (performance.now() - sliceStart >= SCAN_SLICE_MS) {
        progress?.report(95);
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    scanning = false;
    if (!shutDown) analyzeNow();
    scanEnded();
    progress?.done();
  });

  async function loadSettings(): Promise<void> {
    try {
      const s = (await connection.workspace.getConfiguration('kijun')) as Partial<Settings> | null;
      if (s) {
        settings = readSettings(s);
        state.overrides = { rules: settings.rules };
      }
    } catch {
      // a client that announced configuration but cannot answer: keep what we have
    }
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationSupport) await loadSettings();
    else {
      const s = (change.settings as { kijun?: Partial<Settings> } | undefined)?.kijun;
      if (s) settings = readSettings(s);
      state.overrides = { rules: settings.rules };
    }
    analyzeNow();
    if (inlayRefresh) void connection.languages.inlayHint.refresh().catch(() => {});
  });

  /** Schedules an analysis after typing pauses; a newer change supersedes a scheduled one. */
  function schedule(delay = DEBOUNCE_MS): void {
    if (timer) clearTimeout(timer);
    if (!pending) pending = new Promise((r) => (resolvePending = r));
    timer = setTimeout(() => {
      timer = undefined;
      analyzeNow();
    }, delay);
    // The wait is idle time: a due full collection goes here, where it delays nobody (memory.ts).
    setImmediate(() => heap.waiting(delay));
  }

  function analyzeNow(also: string[] = []): void {
    // Analysis is synchronous: no message can arrive while it runs. The versions captured here
    // are compared at publish time, so a result is never sent for a version that changed since.
    const versions = new Map([...documents].map(([uri, d]) => [uri, d.version]));
    let next: AnalysisResult;
    try {
      next = scanning ? state.analyze(state.neighbourhood(also)) : state.analyze();
    } catch (e) {
      connection.console.error(`kijun: analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return;
    }
    result = next;
    for (const f of next.failures) {
      const key = `${f.rule}|${f.root}`;
      if (reportedFailures.has(key)) continue;
      reportedFailures.add(key);
      connection.console.error(`kijun: rule ${f.rule} crashed on ${f.root}; the other rules keep running.\n${f.error}`);
    }
    publish(versions);
    // After the diagnostics are written out: a due full collection that no debounce can hold (memory.ts).
    setImmediate(() => heap.afterAnalysis(DEBOUNCE_MS));
    resolvePending?.();
    pending = undefined;
    resolvePending = undefined;
  }

  function diagnosticsFor(uri: string): Diagnostic[] {
    if (!settings.enable || !result) return [];
    const loc = messageLocale(uri);
    const out = (result.findings.get(uri) ?? []).map((f, i) => toDiagnostic(f, i, loc));
    for (const f of result.failures) {
      if (f.root !== uri) continue;
      out.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Warning,
        source: 'kijun',
        code: 'kijun-internal',
        message: loc === 'ja' ? `規則 ${f.rule} の実行中に内部エラーが発生したため、この規則を省略した。他の規則は実行されている。` : `Rule ${f.rule} failed with an internal error and was skipped; the other rules ran.`,
      });
    }
    for (const e of state.configErrors) {
      if (pathToFileURL(e.file).href !== uri) continue;
      out.push({ range: configKeyRange(e.file, e.key), severity: DiagnosticSeverity.Error, source: 'kijun', code: 'config', message: e.message });
    }
    return out;
  }

  function publish(versions: Map<string, number>): void {
    if (!result) return;
    if (pull) {
      if (refreshSupport) void connection.languages.diagnostics.refresh();
      return;
    }
    const configErrorUris = new Set(state.configErrors.map((e) => pathToFileURL(e.file).href));
    const failed = new Set(result.failures.map((f) => f.root));
    // Open documents first: the one being edited is answered before the rest of the workspace.
    const open = [...versions.keys()].filter((uri) => result!.findings.has(uri));
    const uris = new Set([...open, ...result.findings.keys(), ...published.keys(), ...configErrorUris]);
    for (const uri of uris) {
      const version = versions.get(uri);
      // Never publish for a version the editor no longer has.
      if (version !== undefined && documents.get(uri)?.version !== version) continue;
      const findings = settings.enable ? (result.findings.get(uri) ?? []) : [];
      const locale = messageLocale(uri);
      const extra = failed.has(uri) || configErrorUris.has(uri);
      const last = published.get(uri);
      // Open documents always get an answer (empty when clean), so a client knows the version was
      // checked; a closed one only when what it would be told changed.
      if (version === undefined && last && !extra && !last.extra && last.locale === locale && sameFindings(last.findings, findings)) continue;
      const diagnostics = diagnosticsFor(uri);
      if (!diagnostics.length && !last && version === undefined) continue;
      if (diagnostics.length) published.set(uri, { findings, locale, extra });
      else published.delete(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics });
    }
  }

  /**
   * The latest analysis once a scheduled one has run. While the initial scan is still reading
   * the workspace, a request about a document that analysis did not cover (a pulled diagnostic,
   * a hover in a file opened a moment ago) analyzes that document's neighbourhood first.
   */
  async function fresh(uri?: string): Promise<AnalysisResult | undefined> {
    if (pending) await pending;
    if (scanning && uri !== undefined && !result?.models.has(uri)) analyzeNow([uri]);
    return result;
  }

  connection.onDidOpenTextDocument(({ textDocument }) => {
    // kijun.json is opened only to receive its configuration diagnostics; it is read from disk.
    if (CONFIG_FILE.test(textDocument.uri)) return;
    documents.set(textDocument.uri, TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
    state.setOpen(textDocument.uri, textDocument.text, textDocument.version);
    // Opening is not typing: answer at once, only gathering the opens that arrive together
    // (an editor restoring its tabs).
    schedule(Math.min(DEBOUNCE_MS, OPEN_DELAY_MS));
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = documents.get(textDocument.uri);
    // A change for a document the client never opened: nothing to apply it to.
    if (!doc) return;
    // Versions only go forward: an older one is a late or replayed message, and applying it
    // would put text the editor no longer has under the newer version's diagnostics.
    if (textDocument.version < doc.version) {
      connection.console.warn(`kijun: ignored a change to ${textDocument.uri}: version ${textDocument.version} is older than ${doc.version}.`);
      return;
    }
    const updated = TextDocument.update(doc, contentChanges, textDocument.version);
    documents.set(textDocument.uri, updated);
    state.setOpen(textDocument.uri, updated.getText(), updated.version);
    schedule();
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    if (CONFIG_FILE.test(textDocument.uri)) return;
    documents.delete(textDocument.uri);
    state.close(textDocument.uri);
    schedule();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const c of changes) if (!documents.has(c.uri)) state.fileChanged(c.uri, c.type === 3);
    schedule();
  });

  connection.languages.diagnostics.on(live(async (params) => {
    await fresh(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsFor(params.textDocument.uri) };
  }));

  // Workspace-wide answers wait for the initial scan: a partial workspace would be a wrong answer.
  connection.languages.diagnostics.onWorkspace(live(async () => {
    await scanned;
    const r = await fresh();
    if (!r) return { items: [] };
    return {
      items: [...r.findings.keys()].map((uri) => ({ uri, version: documents.get(uri)?.version ?? null, kind: DocumentDiagnosticReportKind.Full, items: diagnosticsFor(uri) })),
    };
  }));

  connection.onHover(live(async (p) => {
    const r = await fresh(p.textDocument.uri);
    return r ? hoverAt(r, p.textDocument.uri, p.position, effectiveLocale()) : null;
  }));

  connection.onCodeAction(live(async (p) => {
    const r = await fresh(p.textDocument.uri);
    return r ? codeActions(r, p, effectiveLocale()) : [];
  }));

  connection.onDocumentSymbol(live(async (p) => {
    const r = await fresh(p.textDocument.uri);
    const doc = r?.models.get(p.textDocument.uri);
    return doc ? documentSymbols(doc, { headings: headingSymbols, locale: effectiveLocale() }) : [];
  }));

  connection.languages.inlayHint.on(live(async (p) => {
    if (!settings.showReading) return [];
    const r = await fresh(p.textDocument.uri);
    const doc = r?.models.get(p.textDocument.uri);
    return doc ? readingHints(doc, p.range, effectiveLocale()) : [];
  }));

  connection.onDefinition(live(async (p) => {
    const r = await fresh(p.textDocument.uri);
    return r ? definition(r, p.textDocument.uri, p.position) : [];
  }));

  connection.onReferences(live(async (p) => {
    const r = await fresh(p.textDocument.uri);
    return r ? references(r, p.textDocument.uri, p.position) : [];
  }));

  connection.onCompletion(live(async (p) => {
    const r = await fresh(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    if (!r || !doc) return [];
    const line = doc.getText({ start: { line: p.position.line, character: 0 }, end: { line: p.position.line + 1, character: 0 } });
    return completion(r, p.textDocument.uri, p.position, line, effectiveLocale(), p.context?.triggerCharacter);
  }));

  connection.onFoldingRanges(live(async (p) => {
    const r = await fresh(p.textDocument.uri);
    const doc = r?.models.get(p.textDocument.uri);
    return doc ? foldingRanges(doc) : [];
  }));

  // The compliance report for the webview ("Kijun: Show Compliance Report"). Links open the
  // document at the line through VS Code's vscode.open command (the webview runs no script).
  // Links go through the client's kijun.openLocation (VS Code's client registers it), which opens
  // the workspace's own file also in a remote window; other clients get vscode.open as before.
  connection.onRequest('kijun/complianceReport', live(async (p: { cspSource?: string; uri?: string }) => {
    await scanned;
    const r = await fresh();
    if (!r) return { html: '' };
    const loc = effectiveLocale();
    const label = (uri: string) => vscodeRelative(uri, state);
    const where = (place: Place) => `${label(place.uri)}:${place.range.start.line + 1}`;
    const open = openCommand
      ? (place: Place) => `command:${openCommand}?${encodeURIComponent(JSON.stringify([place.uri, place.range.start.line + 1]))}`
      : (place: Place) => `command:vscode.open?${encodeURIComponent(JSON.stringify([`${place.uri}#L${place.range.start.line + 1}`]))}`;
    const csp = `default-src 'none'; style-src ${p.cspSource ?? ''} 'unsafe-inline'; img-src ${p.cspSource ?? ''} data:;`;
    // Sets with problems before conforming ones; the set of the document the report was opened from first.
    const reports = buildComplianceReport(r, catalogFor()!, defaultLexicon()).sort((a, b) => unmetClauses(b) - unmetClauses(a));
    const current = typeof p.uri === 'string' ? reports.findIndex((x) => x.root === p.uri || x.members.includes(p.uri!)) : -1;
    if (current > 0) reports.unshift(...reports.splice(current, 1));
    return { html: renderHtml(reports, { locale: loc, where, href: open, label, csp }) };
  }));

  // The status bar item of VS Code: the state of the current document's policy set (what the
  // Problems counter cannot say), e.g. "Kijun: 3 clauses unmet".
  connection.onRequest('kijun/setStatus', live(async (p: { uri?: string }) => {
    const r = await fresh(typeof p?.uri === 'string' ? p.uri : undefined);
    if (!r || typeof p?.uri !== 'string') return null;
    const doc = r.models.get(p.uri);
    const set = doc && r.sets.find((x) => x.members.includes(doc) && (x.root.kind === 'policy' || x.root.kind === 'plan'));
    if (!set) return null;
    const report = buildComplianceReport(r, catalogFor()!, defaultLexicon()).find((x) => x.root === set.root.uri);
    if (!report) return null;
    const unmet = unmetClauses(report);
    // Met only through placeholders still to fill (〔役職名〕): not "met".
    const incomplete = clausesWith(report, 'incomplete');
    const loc = effectiveLocale();
    const name = vscodeRelative(set.root.uri, state);
    const text =
      loc === 'ja'
        ? unmet ? `基準: 未充足 ${unmet} 条項` : incomplete ? `基準: 未完成 ${incomplete} 条項` : '基準: 充足'
        : unmet ? `Kijun: ${unmet} clause${unmet === 1 ? '' : 's'} unmet` : incomplete ? `Kijun: ${incomplete} clause${incomplete === 1 ? '' : 's'} incomplete` : 'Kijun: all checked clauses met';
    const tooltip = loc === 'ja' ? `${name} のポリシー群 — クリックで準拠状況レポートを開く` : `Policy set of ${name} — click to open the compliance report`;
    return { text, tooltip, unmet, incomplete, root: set.root.uri };
  }));

  connection.onExecuteCommand(live(async (p) => {
    if (p.command === SHOW_DOCS_COMMAND && typeof p.arguments?.[0] === 'string') {
      await connection.window.showDocument({ uri: ruleDocUri(p.arguments[0]), takeFocus: true });
    }
  }));

  connection.listen();
}

function vscodeRelative(uri: string, state: WorkspaceState): string {
  const path = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  const root = state.roots.find((r) => path.startsWith(r));
  return root ? path.slice(root.length).replace(/^[\\/]/u, '') : path;
}

/** The same findings, by identity: a policy set taken from the engine's cache keeps its objects. */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}
