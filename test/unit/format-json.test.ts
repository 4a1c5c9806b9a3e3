import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import { formatJson, jsonChunks, type FileResult } from '../../server/src/cli/format';

/**
 * `kijun check --format json` is written file by file (jsonChunks): the pieces must make exactly
 * the document JSON.stringify(…, null, 2) makes of the whole report, whatever the findings hold.
 */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

function resultsOf(folder: string): FileResult[] {
  const dir = join(repo, folder);
  const docs = new Map(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => [pathToFileURL(join(dir, f)).href, readFileSync(join(dir, f), 'utf8')]));
  const host = { read: () => undefined, exists: () => false, configFor: () => defaultConfig() };
  const r = analyzeWorkspace(docs, host);
  return [...docs.keys()].map((uri) => ({ uri, findings: r.findings.get(uri) ?? [], suppressed: r.suppressed.get(uri) ?? [] }));
}

/** The whole report re-serialized in one piece, as the output was written before it streamed. */
const canonical = (text: string) => JSON.stringify(JSON.parse(text), null, 2) + '\n';

describe('JSON output written in pieces', () => {
  for (const folder of ['policies/flawed-ja', 'policies/conforming-en', 'policies/flawed-ja-partial']) {
    for (const locale of ['ja', 'en'] as const) {
      it(`is the indented document of the whole report (${folder}, ${locale})`, () => {
        const results = resultsOf(folder);
        expect(results.some((r) => r.findings.length > 0) || folder.includes('conforming')).toBe(true);
        const text = [...jsonChunks(results, repo, locale)].join('');
        expect(text).toBe(canonical(text));
        expect(formatJson(results, repo, locale)).toBe(text);
        const parsed = JSON.parse(text) as { version: number; files: Array<{ path: string; findings: unknown[] }> };
        expect(parsed.version).toBe(1);
        expect(parsed.files.map((f) => f.path)).toEqual(results.map((r) => r.uri.slice(pathToFileURL(repo).href.length + 1)));
        expect(parsed.files.map((f) => f.findings.length)).toEqual(results.map((r) => r.findings.length));
      });
    }
  }

  it('writes one piece per file between the head and the summary', () => {
    const results = resultsOf('policies/flawed-ja');
    const chunks = [...jsonChunks(results, repo, 'en')];
    expect(chunks).toHaveLength(results.length + 2);
  });

  it('is the same document for no files and for a file without findings', () => {
    for (const results of [[], [{ uri: pathToFileURL(join(repo, 'empty.md')).href, findings: [], suppressed: [] }]] as FileResult[][]) {
      const text = [...jsonChunks(results, repo, 'en')].join('');
      expect(text).toBe(canonical(text));
      expect(JSON.parse(text).summary.files).toBe(results.length);
    }
  });
});
