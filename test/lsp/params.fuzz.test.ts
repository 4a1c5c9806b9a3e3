import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseError, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, repo, scratchPolicies } from '../helpers/lspClient';

/**
 * Malformed request parameters (fixed seed, bounded runs): URIs, positions, ranges and code-action
 * diagnostics of every wrong shape, sent to hover, completion, definition, references, code
 * actions, symbols, folding and pull diagnostics. Each request gets an answer or an InvalidParams
 * error (-32602) — never an internal error (-32603), a crash, or a handler failure in the log.
 */
const INVALID_PARAMS = -32602;

describe('language server request parameters', () => {
  let client: LspClient;
  let uri: string;
  let text: string;
  let diagnostics: Diagnostic[];
  beforeAll(async () => {
    const root = scratchPolicies();
    const path = join(root, 'flawed-ja/security-policy.md');
    uri = pathToFileURL(path).href;
    text = readFileSync(path, 'utf8');
    client = await LspClient.start({ root });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    diagnostics = await client.until(() => {
      const published = client.diagnostics.get(uri)?.diagnostics;
      return published?.length ? published : undefined;
    });
  });
  afterAll(() => client.stop());

  /** Sends a request; 'ok', or the error code it was answered with. */
  async function ask(method: string, params: unknown): Promise<'ok' | number> {
    try {
      await client.connection.sendRequest(method, params);
      return 'ok';
    } catch (e) {
      if (e instanceof ResponseError) return e.code;
      throw e;
    }
  }

  it('answers a Neovim 0.7 style code action whose diagnostics lack a range with the fixes of the range', async () => {
    const diag = diagnostics.find((d) => d.code === 'clause-reference')!;
    const broken = { message: diag.message, code: diag.code, source: 'kijun', severity: 1 };
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [broken, diag] } })) as CodeAction[];
    expect(actions.some((a) => a.kind === 'quickfix' && a.edit)).toBe(true);
    const alone = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [broken] } })) as CodeAction[];
    expect(Array.isArray(alone)).toBe(true);
  });

  it('rejects a missing position, a bad URI and a reversed range with InvalidParams', async () => {
    expect(await ask('textDocument/hover', { textDocument: { uri } })).toBe(INVALID_PARAMS);
    expect(await ask('textDocument/hover', { textDocument: { uri: 'not a uri' }, position: { line: 0, character: 0 } })).toBe(INVALID_PARAMS);
    expect(await ask('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 3, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } })).toBe(INVALID_PARAMS);
    expect(await ask('textDocument/completion', { textDocument: { uri }, position: { line: -1, character: 0 } })).toBe(INVALID_PARAMS);
  });

  it('never answers malformed parameters with an internal error', async () => {
    const lines = text.split('\n').length;
    const goodPosition = fc.record({ line: fc.nat({ max: lines + 5 }), character: fc.nat({ max: 120 }) });
    const badNumber = fc.oneof(fc.constant(-1), fc.constant(1.5), fc.constant(2 ** 40), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant('3'), fc.constant(null));
    const position = fc.oneof(goodPosition, fc.record({ line: badNumber, character: fc.nat(10) }), fc.record({ line: fc.nat(10) }), fc.constant(null), fc.anything({ maxDepth: 2 }));
    const range = fc.oneof(
      fc.record({ start: goodPosition, end: goodPosition }),
      fc.record({ start: position, end: position }),
      fc.record({ start: goodPosition }),
      fc.constantFrom(...diagnostics.map((d) => d.range)),
      fc.anything({ maxDepth: 2 }),
    );
    const docUri = fc.oneof(
      fc.constant(uri),
      fc.constantFrom('file:///nowhere/x.md', 'untitled:Untitled-1', 'file://%zz/a.md', '', 'x', 'file:'),
      fc.string({ maxLength: 20 }),
      fc.anything({ maxDepth: 1 }),
    );
    const textDocument = fc.oneof(fc.record({ uri: docUri }), fc.constant(undefined), fc.anything({ maxDepth: 1 }));
    const diagnostic = fc.oneof(
      fc.constantFrom(...diagnostics),
      fc.constantFrom(...diagnostics).map(({ range: _, ...rest }) => rest),
      fc.record({ range, message: fc.oneof(fc.string({ maxLength: 10 }), fc.anything({ maxDepth: 1 })) }),
      fc.anything({ maxDepth: 2 }),
    );
    const context = fc.oneof(fc.record({ diagnostics: fc.oneof(fc.array(diagnostic, { maxLength: 4 }), fc.anything({ maxDepth: 1 })), only: fc.option(fc.anything({ maxDepth: 1 })) }), fc.constant(undefined), fc.anything({ maxDepth: 1 }));
    const request = fc.oneof(
      fc.record({ method: fc.constantFrom('textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references'), params: fc.record({ textDocument, position, context: fc.option(fc.anything({ maxDepth: 1 })) }) }),
      fc.record({ method: fc.constant('textDocument/codeAction'), params: fc.record({ textDocument, range, context }) }),
      fc.record({ method: fc.constantFrom('textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/diagnostic'), params: fc.record({ textDocument }) }),
      fc.record({ method: fc.constantFrom('textDocument/hover', 'textDocument/codeAction'), params: fc.anything({ maxDepth: 2 }) }),
    );
    const answers = new Map<string, number>();
    for (const { method, params } of fc.sample(request, { seed: 1115, numRuns: 400 })) {
      const answer = await ask(method, params);
      const key = `${method} ${answer}`;
      answers.set(key, (answers.get(key) ?? 0) + 1);
      expect(answer === 'ok' || answer === INVALID_PARAMS, `${method} ${JSON.stringify(params)?.slice(0, 300)} → ${answer}`).toBe(true);
    }
    // Both kinds of answer were exercised, and the server is still serving.
    expect([...answers.keys()].some((k) => k.endsWith(' ok'))).toBe(true);
    expect([...answers.keys()].some((k) => k.endsWith(` ${INVALID_PARAMS}`))).toBe(true);
    const d = diagnostics.find((x) => x.code === 'clause-reference')!;
    expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })).not.toBeNull();
    expect(client.logs.filter((l) => / failed: /u.test(l))).toEqual([]);
    expect(client.stderr.join('')).not.toMatch(/TypeError|RangeError|ReferenceError/u);
  });
});

describe('initialize parameters', () => {
  it('leaves out workspace folders and a root that are not file: URIs, and still serves', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(repo, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
    const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node');
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const logs: string[] = [];
    connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
    connection.listen();
    try {
      const result = (await connection.sendRequest('initialize', {
        processId: null,
        rootUri: 'untitled:Untitled-1',
        workspaceFolders: [{ uri: 'https://example.org/policies', name: 'web' }, { uri: 'file://remote-host/share', name: 'unc' }, 42],
        capabilities: {},
      })) as { serverInfo: { name: string } };
      expect(result.serverInfo.name).toBe('kijun');
      expect(logs.join('\n')).toContain('workspace folder "https://example.org/policies" is not a file: URI; not analyzed');
      expect(logs.join('\n')).toContain('root "untitled:Untitled-1" is not a file: URI; not analyzed');
      await connection.sendNotification('initialized', {});
      expect(await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.md' } })).toEqual([]);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
