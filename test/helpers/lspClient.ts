import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ClientCapabilities,
} from 'vscode-languageserver-protocol/node';

/** A real JSON-RPC client for the bundled server (dist/server.js) over stdio. */
export const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<() => void> = [];
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  /** What arrived, in order: `diagnostics <uri>` and `progress <begin|report|end>`. */
  readonly events: string[] = [];

  private constructor(readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.events.push(`diagnostics ${p.uri}`);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      this.events.push(`progress ${p.value?.kind ?? ''}`);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/configuration', () => [null]);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('window/showDocument', () => ({ success: true }));
    child.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.connection.listen();
  }

  static async start(options: { root: string; locale?: string; capabilities?: ClientCapabilities; env?: Record<string, string>; args?: string[]; initializationOptions?: Record<string, unknown> }): Promise<LspClient> {
    const child = spawn(process.execPath, options.args ?? [join(repo, 'dist/server.js'), '--stdio'], { env: { ...process.env, ...options.env }, stdio: 'pipe' });
    const client = new LspClient(child);
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(options.root).href,
      workspaceFolders: [{ uri: pathToFileURL(options.root).href, name: 'ws' }],
      locale: options.locale ?? 'en',
      capabilities: options.capabilities ?? { window: { workDoneProgress: true } },
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Waits until `check` holds for the published diagnostics (or fails after `ms`). */
  async until<T>(check: () => T | undefined | false, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting; stderr: ${this.stderr.join('')}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.child.kill();
  }
}

/** A scratch copy of the bundled policies, so tests can edit files freely. */
export function scratchPolicies(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-lsp-'));
  cpSync(join(repo, 'policies'), dir, { recursive: true });
  return dir;
}
