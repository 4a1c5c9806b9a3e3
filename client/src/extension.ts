import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The VS Code side of Kijun. Thin on purpose: it starts the language server, passes the
 * settings, and adds the commands and the status bar item. Every analysis happens in the server.
 */

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

function settings() {
  const c = vscode.workspace.getConfiguration('kijun');
  const trusted = vscode.workspace.isTrusted;
  return {
    enable: c.get<boolean>('enable', true),
    locale: c.get<string>('locale', 'auto') === 'auto' ? undefined : c.get<string>('locale'),
    // In an untrusted workspace only the user's own severity settings apply.
    rules: trusted ? c.get<Record<string, string>>('rules', {}) : (c.inspect<Record<string, string>>('rules')?.globalValue ?? {}),
  };
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    synchronize: {
      configurationSection: 'kijun',
      // Cross-document rules re-run when a linked document, a runbook or kijun.json changes on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.md,*.markdown,kijun.json,.kijun.json,package.json}'),
    },
    initializationOptions: settings(),
    diagnosticPullOptions: { onChange: true, onSave: true },
  };
  return new LanguageClient('kijun', 'Kijun', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.command = 'workbench.actions.view.problems';
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
      const id = rule ?? (await pickRule(context));
      if (id) await showRuleDocumentation(context, id);
    }),
    vscode.commands.registerCommand('kijun.showRuleDocumentation', (rule: string) => showRuleDocumentation(context, rule)),
    vscode.commands.registerCommand('kijun.showComplianceReport', () => showComplianceReport()),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.commands.executeCommand('kijun.restartServer')),
  );

  if (!vscode.workspace.getConfiguration('kijun').get<boolean>('enable', true)) return;
  client = createClient(context);
  await client.start();
  updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** The compliance report in a webview: no scripts, strict CSP, themed by VS Code's colours. */
async function showComplianceReport(): Promise<void> {
  if (!client) return;
  const panel = vscode.window.createWebviewPanel('kijun.complianceReport', vscode.l10n.t('Kijun Compliance Report'), vscode.ViewColumn.Beside, {
    enableScripts: false,
    enableCommandUris: ['vscode.open'],
    localResourceRoots: [],
  });
  const { html } = (await client.sendRequest('kijun/complianceReport', { cspSource: panel.webview.cspSource })) as { html: string };
  panel.webview.html = html;
}

async function pickRule(context: vscode.ExtensionContext): Promise<string | undefined> {
  const dir = vscode.Uri.file(context.asAbsolutePath(path.join('dist', 'docs', 'rules')));
  const entries = await vscode.workspace.fs.readDirectory(dir);
  const ids = entries.map(([n]) => n).filter((n) => n.endsWith('.md') && !n.endsWith('.ja.md')).map((n) => n.slice(0, -3)).sort();
  return vscode.window.showQuickPick(ids, { placeHolder: vscode.l10n.t('Rule to explain') });
}

async function showRuleDocumentation(context: vscode.ExtensionContext, rule: string): Promise<void> {
  const ja = (vscode.workspace.getConfiguration('kijun').get<string>('locale', 'auto') === 'ja') || (vscode.env.language.startsWith('ja') && vscode.workspace.getConfiguration('kijun').get<string>('locale', 'auto') === 'auto');
  const file = context.asAbsolutePath(path.join('dist', 'docs', 'rules', `${rule}${ja ? '.ja' : ''}.md`));
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
}

/** The policy set's counts in the status bar, from Kijun's diagnostics only. */
function updateStatus(): void {
  if (!status) return;
  let errors = 0;
  let warnings = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      if (d.source !== 'kijun') continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
  }
  status.text = `$(law) Kijun ${errors} $(error) ${warnings} $(warning)`;
  status.tooltip = vscode.l10n.t('Kijun: {0} errors, {1} warnings in the policy sets', errors, warnings);
  status.show();
}
