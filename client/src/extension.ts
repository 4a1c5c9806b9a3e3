import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The VS Code side of Kijun. Thin on purpose: it starts the language server, passes the
 * settings, and adds the commands, the status bar item and the rendered rule documentation.
 * Every analysis happens in the server.
 */

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;
let extension: vscode.ExtensionContext | undefined;

function settings() {
  const c = vscode.workspace.getConfiguration('kijun');
  const trusted = vscode.workspace.isTrusted;
  return {
    enable: c.get<boolean>('enable', true),
    locale: c.get<string>('locale', 'auto') === 'auto' ? undefined : c.get<string>('locale'),
    // In an untrusted workspace only the user's own severity settings apply.
    rules: trusted ? c.get<Record<string, string>>('rules', {}) : (c.inspect<Record<string, string>>('rules')?.globalValue ?? {}),
    messageLanguage: c.get<string>('messageLanguage', 'ui'),
    showReading: c.get<boolean>('showReading', false),
  };
}

/** The rule link of a diagnostic opens the rendered page in the UI's language, not the raw file. */
function ruleLink(d: vscode.Diagnostic): void {
  if (d.source !== 'kijun') return;
  const id = typeof d.code === 'object' ? String(d.code.value) : typeof d.code === 'string' ? d.code : undefined;
  if (!id || id === 'config' || id === 'kijun-internal') return;
  d.code = { value: id, target: vscode.Uri.parse(`command:kijun.showRuleDocumentation?${encodeURIComponent(JSON.stringify([id]))}`) };
}

const middleware: Middleware = {
  handleDiagnostics: (uri, diagnostics, next) => {
    diagnostics.forEach(ruleLink);
    next(uri, diagnostics);
  },
  provideDiagnostics: async (document, previousResultId, token, next) => {
    const report = await next(document, previousResultId, token);
    if (report && 'items' in report) report.items.forEach(ruleLink);
    return report;
  },
};

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', pattern: '**/{kijun.json,.kijun.json}' },
    ],
    synchronize: {
      configurationSection: 'kijun',
      // Cross-document rules re-run when a linked document, a runbook or kijun.json changes on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.md,*.markdown,kijun.json,.kijun.json,package.json}'),
    },
    // VS Code's Markdown extension lists the headings in the Outline already.
    initializationOptions: { ...settings(), headingSymbols: false, openCommand: 'kijun.openLocation' },
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware,
  };
  return new LanguageClient('kijun', 'Kijun', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = context;
  status = vscode.window.createStatusBarItem('kijun.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Kijun';
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.commands.registerCommand('kijun.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.kijun', apply: 'first' });
    }),
    vscode.commands.registerCommand('kijun.restartServer', async () => {
      await client?.stop();
      client = createClient(context);
      await client.start();
    }),
    vscode.commands.registerCommand('kijun.explainRule', async (rule?: string) => {
      const id = typeof rule === 'string' ? rule : await pickRule(context);
      if (id) await showRuleDocumentation(context, id);
    }),
    vscode.commands.registerCommand('kijun.showRuleDocumentation', (rule: string) => showRuleDocumentation(context, rule)),
    vscode.commands.registerCommand('kijun.showComplianceReport', (uri?: string) => showComplianceReport(typeof uri === 'string' ? uri : vscode.window.activeTextEditor?.document.uri.toString())),
    vscode.commands.registerCommand('kijun.toggleReading', async () => {
      const c = vscode.workspace.getConfiguration('kijun');
      await c.update('showReading', !c.get<boolean>('showReading', false), vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('kijun.openLocation', (uri: string, line: number) => openLocation(uri, line)),
    vscode.languages.onDidChangeDiagnostics(() => scheduleStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => scheduleStatus()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.commands.executeCommand('kijun.restartServer')),
  );

  if (!vscode.workspace.getConfiguration('kijun').get<boolean>('enable', true)) return;
  client = createClient(context);
  await client.start();
  scheduleStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/**
 * Opens a document of the report at a line. The server names documents by file: URIs; inside the
 * extension host those are the workspace's own files (in a remote window or code-server too,
 * where `vscode.open` on the same string would look on the local machine).
 */
async function openLocation(uri: string, line: number): Promise<void> {
  const parsed = vscode.Uri.parse(uri);
  const folder = vscode.workspace.workspaceFolders?.find((f) => parsed.path.startsWith(`${f.uri.path.replace(/\/$/u, '')}/`));
  const target = folder ? folder.uri.with({ path: parsed.path }) : vscode.Uri.file(parsed.fsPath);
  const at = new vscode.Position(Math.max(0, (line || 1) - 1), 0);
  await vscode.window.showTextDocument(target, { selection: new vscode.Range(at, at), preview: false, viewColumn: vscode.ViewColumn.One });
}

/** The compliance report in a webview: no scripts, strict CSP, themed by VS Code's colours. */
async function showComplianceReport(uri?: string): Promise<void> {
  if (!client) return;
  const panel = vscode.window.createWebviewPanel('kijun.complianceReport', vscode.l10n.t('Kijun Compliance Report'), vscode.ViewColumn.Beside, {
    enableScripts: false,
    enableCommandUris: ['kijun.openLocation'],
    localResourceRoots: [],
  });
  const { html } = (await client.sendRequest('kijun/complianceReport', { cspSource: panel.webview.cspSource, uri })) as { html: string };
  panel.webview.html = html;
}

/** Rule titles from the packaged documentation (the first heading of each page). */
async function ruleTitles(context: vscode.ExtensionContext, ja: boolean): Promise<Array<{ id: string; title: string }>> {
  const dir = vscode.Uri.file(context.asAbsolutePath(path.join('dist', 'docs', 'rules')));
  const entries = await vscode.workspace.fs.readDirectory(dir);
  const ids = entries.map(([n]) => n).filter((n) => n.endsWith('.md') && !n.endsWith('.ja.md')).map((n) => n.slice(0, -3)).sort();
  return Promise.all(
    ids.map(async (id) => {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, `${id}${ja ? '.ja' : ''}.md`)).then(undefined, () => vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, `${id}.md`)));
      // Each page starts with "# <id>" and then the title in bold.
      const title = /^\*\*(.+?)\*\*/mu.exec(new TextDecoder().decode(bytes))?.[1] ?? id;
      return { id, title };
    }),
  );
}

/** Rules of Kijun's diagnostics under the cursor, nearest first. */
function rulesAtCursor(): string[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return [];
  const at = editor.selection.active;
  return vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.source === 'kijun' && d.range.start.line <= at.line && d.range.end.line >= at.line)
    .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
}

async function pickRule(context: vscode.ExtensionContext): Promise<string | undefined> {
  const ja = documentationInJapanese();
  const titles = await ruleTitles(context, ja);
  const here = rulesAtCursor();
  const items = titles.map((t) => ({ label: t.title, description: t.id, id: t.id }));
  items.sort((a, b) => (here.includes(a.id) ? here.indexOf(a.id) : 99) - (here.includes(b.id) ? here.indexOf(b.id) : 99) || a.id.localeCompare(b.id));
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.items = items;
  pick.placeholder = ja ? '説明する規則' : vscode.l10n.t('Rule to explain');
  pick.matchOnDescription = true;
  const first = items.find((i) => here.includes(i.id));
  if (first) pick.activeItems = [first];
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.id ?? pick.activeItems[0]?.id);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** Kijun's language: kijun.locale, else VS Code's display language. */
function documentationInJapanese(): boolean {
  const locale = vscode.workspace.getConfiguration('kijun').get<string>('locale', 'auto');
  return locale === 'ja' || (locale === 'auto' && vscode.env.language.startsWith('ja'));
}

/** The rule's page rendered (Markdown preview: read-only), in Kijun's language. */
async function showRuleDocumentation(context: vscode.ExtensionContext, rule: string): Promise<void> {
  const file = context.asAbsolutePath(path.join('dist', 'docs', 'rules', `${rule}${documentationInJapanese() ? '.ja' : ''}.md`));
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
}

let statusTimer: NodeJS.Timeout | undefined;
/** At most one update per 300 ms, never postponed by a stream of diagnostics events. */
function scheduleStatus(): void {
  if (statusTimer) return;
  statusTimer = setTimeout(() => {
    statusTimer = undefined;
    void updateStatus();
  }, 300);
}

/**
 * The state of the current document's policy set ("Kijun: 3 clauses unmet"), which VS Code's
 * own Problems counter cannot say; clicking it opens that set's compliance report.
 */
async function updateStatus(): Promise<void> {
  if (!status || !client || !extension) return;
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  const answer = uri ? ((await client.sendRequest('kijun/setStatus', { uri }).catch(() => null)) as { text: string; tooltip: string; unmet: number } | null) : null;
  // The editor changed while the server answered: the newer update will say it.
  if (uri !== vscode.window.activeTextEditor?.document.uri.toString()) return scheduleStatus();
  if (!answer) {
    status.hide();
    return;
  }
  status.text = `$(law) ${answer.text}`;
  status.tooltip = answer.tooltip;
  status.command = { title: answer.tooltip, command: 'kijun.showComplianceReport', arguments: [uri] };
  status.backgroundColor = answer.unmet ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  status.show();
}
