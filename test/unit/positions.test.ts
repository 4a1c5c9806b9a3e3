import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { analyzeTexts } from '../helpers/workspace';

/** LSP positions count UTF-16 code units: astral characters before a finding must not shift it. */
describe('positions', () => {
  it('counts UTF-16 code units on lines with 𠮷 and emoji', () => {
    const text = '# 情報セキュリティポリシー\n\n𠮷野家😀の規程は統一基準2.2.4(3)による。\n';
    const result = analyzeTexts({ 'p.md': text });
    const f = result.findings.get('file:///ws/p.md')!.find((x) => x.rule === 'clause-reference')!;
    const line = text.split('\n')[f.range.start.line]!;
    expect(line.slice(f.range.start.character, f.range.end.character)).toBe('2.2.4(3)');
    // 𠮷 and 😀 are two code units each.
    expect(f.range.start.character).toBe('𠮷野家😀の規程は統一基準'.length);
  });

  it('locates full-width clause ids exactly', () => {
    const text = '# 情報セキュリティ規程\n\n根拠は ２．２．４（３） である。\n';
    const f = analyzeTexts({ 'p.md': text }).findings.get('file:///ws/p.md')!.find((x) => x.rule === 'clause-reference')!;
    const line = text.split('\n')[f.range.start.line]!;
    expect(line.slice(f.range.start.character, f.range.end.character)).toBe('２．２．４（３）');
  });

  it('ends a table row at its last cell with text, also when an empty or comment-only cell follows', () => {
    for (const [tail, cell] of [
      [' <!-- note --> |', 'Director of IT Operations'],
      ['  |', 'Director of IT Operations'],
      [' <!-- 注記 --> |', '情報システム課長'],
    ]) {
      const row = `| CSIRT lead | ${cell} |${tail}`;
      const text = `# Information Security Policy\n\n## Roles\n\n| Role | Holder | Note |\n|---|---|---|\n${row}\n`;
      const model = analyzeTexts({ 'p.md': text }).models.get('file:///ws/p.md')!;
      const unit = model.units.find((u) => u.kind === 'row')!;
      expect(text.slice(unit.snippet.span.start, unit.snippet.span.end)).toBe(`CSIRT lead | ${cell}`);
    }
  });

  it('handles CRLF and lone CR line endings', () => {
    const idx = new LineIndex('a\r\nbb\rccc\nd');
    expect(idx.positionAt(3)).toEqual({ line: 1, character: 0 });
    expect(idx.positionAt(6)).toEqual({ line: 2, character: 0 });
    expect(idx.offsetAt({ line: 3, character: 0 })).toBe(10);
    expect(idx.lineEnd(1)).toBe(5);
  });

  it('keeps positions right after inline markup and escapes', () => {
    const text = '# Security Policy\n\nSee **Unified Standard** \\*2.2.4(3)\\* here.\n';
    const f = analyzeTexts({ 'p.md': text }).findings.get('file:///ws/p.md')!.find((x) => x.rule === 'clause-reference')!;
    const line = text.split('\n')[f.range.start.line]!;
    expect(line.slice(f.range.start.character, f.range.end.character)).toBe('2.2.4(3)');
  });
});
