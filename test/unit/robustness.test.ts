import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixDocuments } from '../../server/src/cli/fix';
import type { AnalysisResult } from '../../server/src/core/engine';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import type { Range } from '../../server/src/core/types';
import { analyzeTexts } from '../helpers/workspace';
import { analyzeDocument } from '../../server/src/core/model/document';
import { defaultLexicon } from '../../server/src/lexicon';

/**
 * Arbitrary input never breaks the core: property tests over random Markdown and random
 * Unicode (fixed seed, bounded runs), and explicit pathological documents.
 */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const SEED = 20261122;

const fragment = fc.oneof(
  fc.constantFrom(
    '# 情報セキュリティポリシー\n', '# Incident Response Plan\n', '## CSIRT\n', '### 報告\n',
    'CSIRT責任者には、情報システム課長を充てる。\n', '情報システムセキュリティ責任者：情報システム課 課長\n',
    '職員は、直ちに報告窓口に報告する。\n', 'The CSIRT lead reports to the CISO without delay.\n',
    '職員 → 報告窓口 → CSIRT責任者 → 最高情報セキュリティ責任者\n', '| 報告者 | 報告先 | 期限 |\n|---|---|---|\n| 職員 | 報告窓口 | 30分以内 |\n',
    '- 最高情報セキュリティ責任者に直ちに報告する。\n', '1. 報告窓口\n2. CSIRT責任者\n', '統一基準2.2.4(3)\n', '２．２．４（１）（ａ）\n',
    '[手順書](./r.md#初動)\n', '[x](./missing.md)\n', '<!-- kijun-disable-next-line clause-reference -- ok -->\n', '<!-- kijun-disable -->\n',
    '---\nkijun: policy\n---\n', '---\nkijun: [\n---\n', '```\ncode → 報告\n```\n', '> 引用 > 報告窓口\n', '\u202e右から左\u202c\n',
    'e\u0301\u0301\u0301 combining\n', '𠮷😀\uD800 lone surrogate\n', '\r\n', '\r', '\uFEFF', '\u0000', '〔役職名〕 `<post>`\n',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const doc = fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join(''));

function expectInside(text: string, range: Range): void {
  const lines = new LineIndex(text);
  for (const p of [range.start, range.end]) {
    expect(p.line).toBeGreaterThanOrEqual(0);
    expect(p.line).toBeLessThan(lines.lineCount);
    expect(p.character).toBeGreaterThanOrEqual(0);
    expect(p.character).toBeLessThanOrEqual(lines.lineEnd(p.line) - lines.lineStart(p.line));
  }
}

describe('property: random documents', () => {
  it('never throw, and every range lies inside its document', () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const texts: Record<string, string> = { 'p.md': a, 'r.md': b };
        const r = analyzeTexts(texts);
        expect(r.failures).toEqual([]);
        for (const [name, text] of Object.entries(texts)) {
          for (const f of r.findings.get(`file:///ws/${name}`) ?? []) {
            expectInside(text, f.range);
            for (const x of f.related) expectInside(texts[x.uri.replace('file:///ws/', '')] ?? '', x.range);
            for (const fix of f.fixes) for (const e of fix.edits) expectInside(text, e.range);
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('fixes apply cleanly and are idempotent', () => {
    fc.assert(
      fc.property(doc, (a) => {
        const analyze = (docs: Map<string, string>): AnalysisResult => analyzeTexts(Object.fromEntries([...docs].map(([u, t]) => [u.replace('file:///ws/', ''), t])));
        const first = fixDocuments(new Map([['file:///ws/p.md', a]]), analyze, ['safe', 'review'], 'en');
        const second = fixDocuments(first.documents, analyze, ['safe', 'review'], 'en');
        expect(second.applied.size).toBe(0);
        expect(second.documents.get('file:///ws/p.md')).toBe(first.documents.get('file:///ws/p.md'));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('pathological documents', () => {
  const only = (text: string) => analyzeTexts({ 'p.md': text }).findings.get('file:///ws/p.md')!.map((f) => `${f.rule}:${f.severity}`);

  it('a 5 MB policy is reported as skipped, not parsed', () => {
    const big = '# 情報セキュリティポリシー\n\n' + '職員は、報告窓口に報告する。\n\n'.repeat(200_000);
    expect(Buffer.byteLength(big, 'utf8')).toBeGreaterThan(5_000_000);
    expect(only(big)).toEqual(['document-skipped:information']);
  });

  it('10,000-deep nested lists and block quotes are reported as skipped', () => {
    expect(only('# Security Policy\n\n' + '- '.repeat(10_000) + 'x\n')).toEqual(['document-skipped:information']);
    expect(only('# Security Policy\n\n' + '> '.repeat(10_000) + 'x\n')).toEqual(['document-skipped:information']);
  });

  const skipped = (text: string) => analyzeDocument('file:///ws/p.md', text, { lexicon: defaultLexicon() }).skipped;
  const indentedList = (levels: number) => '# Security Policy\n\n' + Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}\n`).join('');

  it('block quotes without spaces count toward the nesting limit', () => {
    expect(skipped('# Security Policy\n\n' + '>'.repeat(5_000) + ' x\n')).toEqual({ reason: 'nesting', detail: 5_000 });
    expect(only('# Security Policy\n\n' + '>'.repeat(5_000) + '\n')).toEqual(['document-skipped:information']);
    expect(skipped('# Security Policy\n\n' + '> >>'.repeat(40) + ' x\n')).toEqual({ reason: 'nesting', detail: 120 });
  });

  it('lists nested by indentation count toward the nesting limit', () => {
    expect(skipped(indentedList(600))).toEqual({ reason: 'nesting', detail: 600 });
    expect(only(indentedList(600))).toEqual(['document-skipped:information']);
    expect(skipped(indentedList(101))).toEqual({ reason: 'nesting', detail: 101 });
    // At the limit, and mixed with quotes and markers on one line.
    expect(skipped(indentedList(100))).toBeUndefined();
    expect(skipped('# Security Policy\n\n> - a\n>   - b\n>     1. c\n')).toBeUndefined();
  });

  it('indentation that is not list nesting does not count', () => {
    // Siblings and a new list after a paragraph: depth 1 each time.
    expect(skipped('# Security Policy\n\n' + '- item\n'.repeat(500) + '\ntext\n\n' + '- item\n'.repeat(500))).toBeUndefined();
    // Deeply indented lines in a fenced code block and in an indented code block.
    const code = Array.from({ length: 300 }, (_, i) => `${' '.repeat(4 + 2 * i)}- ${i}`).join('\n');
    expect(skipped('# Security Policy\n\n```\n' + code + '\n```\n')).toBeUndefined();
    expect(skipped('# Security Policy\n\ntext\n\n' + code + '\n')).toBeUndefined();
  });

  it('unterminated and invalid front matter do not break analysis', () => {
    expect(() => only('---\nkijun: policy\n# Security Policy\n')).not.toThrow();
    expect(() => only('---\n: : :\n\t- [\n---\n# Security Policy\n')).not.toThrow();
  });

  it('the CLI survives a binary .md file and a symlink loop', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-robust-'));
    writeFileSync(join(dir, 'blob.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x41]));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    writeFileSync(join(dir, 'sub', 'policy.md'), '# Security Policy\n');
    const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', '--format', 'json', dir], { encoding: 'utf8', timeout: 60_000 });
    const json = JSON.parse(r.stdout);
    const blob = json.files.find((f: { path: string }) => f.path.endsWith('blob.md'));
    expect(blob.findings.map((f: { rule: string }) => f.rule)).toEqual(['document-skipped']);
    expect(json.files.filter((f: { path: string }) => f.path.endsWith('policy.md'))).toHaveLength(1);
  });
});
