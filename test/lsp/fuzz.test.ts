import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { LspClient } from '../helpers/lspClient';

/**
 * The server under random input (fixed seed, bounded runs): random Markdown and Unicode opened
 * and edited, with symbols, hovers, code actions and completion requested at random places. It
 * must keep answering, and every published range must lie inside its document.
 */
const fragment = fc.oneof(
  fc.constantFrom('# 情報セキュリティポリシー\n', '## CSIRT\n', 'CSIRT責任者には、〔役職名〕を充てる。\n', '職員 → 報告窓口 → CISO\n', '統一基準2.2.4(3)\n', '| 報告者 | 報告先 |\n|---|---|\n| 職員 | 報告窓口 |\n', '<!-- kijun-disable -->\n', '\r\n', '\u0000', '𠮷', '\uD800', '- '.repeat(120) + 'x\n', '[x](./nope.md#a)\n'),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const doc = fc.array(fragment, { maxLength: 20 }).map((p) => p.join(''));

describe('language server under random input', () => {
  let client: LspClient;
  const root = mkdtempSync(join(tmpdir(), 'kijun-fuzz-'));
  const uri = pathToFileURL(join(root, 'fuzz.md')).href;
  beforeAll(async () => {
    client = await LspClient.start({ root });
  });
  afterAll(() => client.stop());

  it('keeps answering and publishes ranges inside the document', async () => {
    const texts = fc.sample(doc, { seed: 424242, numRuns: 40 });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: '' } });
    let version = 1;
    for (const text of texts) {
      version++;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      const lines = new LineIndex(text);
      const line = Math.floor(lines.lineCount / 2);
      const position = { line, character: Math.floor((lines.lineEnd(line) - lines.lineStart(line)) / 2) };
      const range = { start: position, end: position };
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
      await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
      const published = await client.until(() => {
        const p = client.diagnostics.get(uri);
        return p?.version === version ? p : undefined;
      });
      for (const d of published.diagnostics as Diagnostic[]) {
        for (const p of [d.range.start, d.range.end]) {
          expect(p.line).toBeLessThan(lines.lineCount);
          expect(p.character).toBeLessThanOrEqual(lines.lineEnd(p.line) - lines.lineStart(p.line));
        }
      }
    }
    expect(client.stderr.join('')).not.toMatch(/TypeError|RangeError|ReferenceError/u);
  });
});
