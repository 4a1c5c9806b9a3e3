/**
 * The language server measured as an editor uses it, over stdio: how soon an open document gets
 * its first diagnostics after `initialized` in a large workspace, didChange → publishDiagnostics
 * latency, and resident memory over many edits. Used by bench.mts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface Stat {
  median: number;
  p95: number;
  n: number;
}
export function stats(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  return { median: q(0.5), p95: q(0.95), n: s.length };
}

/** Resident set size of a process in MB (Linux /proc; undefined elsewhere). */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Session {
  child: ChildProcess;
  conn: ProtocolConnection;
  uri: string;
  /** Resolves when diagnostics for `version` of the open document arrive (the time they did). */
  wait(version: number): Promise<number>;
  /** Time `initialized` was sent. */
  initializedAt: number;
  /** Resolves when the server's workspace-scan progress ends. */
  scanned: Promise<void>;
  close(): void;
}

async function start(folder: string, file: string, debounceMs: string | undefined): Promise<Session> {
  const env = { ...process.env };
  if (debounceMs === undefined) delete env['KIJUN_DEBOUNCE_MS'];
  else env['KIJUN_DEBOUNCE_MS'] = debounceMs;
  const child = spawn(process.execPath, [join(repo, 'dist/server.js'), '--stdio'], { stdio: 'pipe', env });
  if (process.env['BENCH_SERVER_STDERR']) child.stderr!.pipe(process.stderr);
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = pathToFileURL(file).href;
  const waiting = new Map<number, (t: number) => void>();
  const arrived = new Map<number, number>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    if (p.uri !== uri || p.version === undefined) return;
    const t = performance.now();
    arrived.set(p.version, t);
    waiting.get(p.version)?.(t);
  });
  let scanEnd: () => void = () => {};
  const scanned = new Promise<void>((r) => (scanEnd = r));
  conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value?.kind === 'end') scanEnd();
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', () => [null]);
  conn.listen();
  const root = pathToFileURL(folder).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'bench' }], capabilities: { window: { workDoneProgress: true } } });
  const initializedAt = performance.now();
  await conn.sendNotification('initialized', {});
  return {
    child,
    conn,
    uri,
    initializedAt,
    scanned,
    wait: (v) =>
      arrived.has(v)
        ? Promise.resolve(arrived.get(v)!)
        : new Promise<number>((resolve, reject) => {
            waiting.set(v, resolve);
            setTimeout(() => reject(new Error(`no diagnostics for version ${v} within 120 s`)), 120_000).unref();
          }),
    close: () => {
      conn.dispose();
      child.kill();
    },
  };
}

/** `initialized` → first diagnostics of a document opened right after it, in ms. */
export async function firstDiagnostics(folder: string, file: string): Promise<number> {
  const s = await start(folder, file, undefined);
  const text = readFileSync(file, 'utf8');
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri, languageId: 'markdown', version: 1, text } });
  const t = await s.wait(1);
  s.close();
  return t - s.initializedAt;
}

export interface EditRun {
  latency: Stat;
  rssFirstMb: number | undefined;
  rssLastMb: number | undefined;
  edits: number;
}

/**
 * Opens `file`, waits until the workspace is scanned (the document's diagnostics settle), then
 * makes `edits` one-character edits at pseudo-random places, waiting for the diagnostics of each;
 * RSS after the first and after the last edit.
 */
export async function editSession(folder: string, file: string, edits: number, debounceMs: string | undefined): Promise<EditRun> {
  const s = await start(folder, file, debounceMs);
  let text = readFileSync(file, 'utf8');
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri, languageId: 'markdown', version: 1, text } });
  await s.wait(1);
  await s.scanned;
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const xs: number[] = [];
  let rssFirst: number | undefined;
  for (let v = 2; v < edits + 2; v++) {
    const at = Math.floor(rnd() * text.length);
    text = rnd() < 0.7 || text.length < 100 ? text.slice(0, at) + (v % 3 ? 'x' : '報') + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    const w = s.wait(v);
    const t = performance.now();
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: s.uri, version: v }, contentChanges: [{ text }] });
    xs.push((await w) - t);
    if (v === 2) rssFirst = rssMb(s.child.pid);
  }
  const rssLast = rssMb(s.child.pid);
  s.close();
  return { latency: stats(xs.slice(Math.min(3, xs.length - 1))), rssFirstMb: rssFirst, rssLastMb: rssLast, edits };
}
