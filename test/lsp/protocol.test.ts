import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentSymbol, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

/** Protocol hardening: versions only go forward, nothing is answered after shutdown, scanning does not block. */
const POLICY = '# 情報セキュリティポリシー\n\n職員は、インシデントを認知した場合、直ちに報告する。\n';

let client: LspClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-protocol-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

describe('language server protocol', () => {
  it('ignores (and logs) a didChange whose version goes backwards', async () => {
    const root = workspace({});
    client = await LspClient.start({ root });
    const c = client;
    const u = pathToFileURL(join(root, 'p.md')).href;
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 5, text: POLICY } });
    await c.until(() => c.diagnostics.get(u)?.version === 5);
    // An older version with other text: must not replace version 5.
    await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 3 }, contentChanges: [{ text: '# Meeting notes\n' }] });
    await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 6 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }] });
    const d = await c.until(() => {
      const p = c.diagnostics.get(u) as PublishDiagnosticsParams | undefined;
      return p?.version === 6 ? p : undefined;
    });
    // Still the policy (findings), not the meeting notes (none).
    expect(d.diagnostics.length).toBeGreaterThan(0);
    const symbols = (await c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } })) as DocumentSymbol[];
    expect(symbols[0]?.name).toBe('情報セキュリティポリシー');
    await c.until(() => c.logs.some((l) => /version 3.*older than 5/u.test(l)));
  });

  it('does not apply a kijun.json above the workspace folder', async () => {
    const above = workspace({ 'kijun.json': '{"rules": {"csirt-defined": "off"}}' });
    mkdirSync(join(above, 'ws'));
    writeFileSync(join(above, 'ws', 'p.md'), POLICY);
    client = await LspClient.start({ root: join(above, 'ws') });
    const c = client;
    const u = pathToFileURL(join(above, 'ws', 'p.md')).href;
    const d = await c.until(() => c.diagnostics.get(u));
    expect(d.diagnostics.map((x) => x.code)).toContain('csirt-defined');
  });

  it('answers requests after shutdown with InvalidRequest', async () => {
    const root = workspace({ 'p.md': POLICY });
    client = await LspClient.start({ root });
    const c = client;
    await c.connection.sendRequest('shutdown');
    const u = pathToFileURL(join(root, 'p.md')).href;
    await expect(c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } })).rejects.toMatchObject({ code: -32600 });
    await expect(c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32600 });
  });
});
