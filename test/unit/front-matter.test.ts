import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../server/src/core/model/document';
import { defaultLexicon } from '../../server/src/lexicon';
import { analyzeTexts } from '../helpers/workspace';

/** Broken front matter is reported where YAML stopped, and the document is judged by its title. */
const broken = (eol: string) => ['---', 'kijun: policy', '所管: 情報セキュリティ委員会: 事務局', '---', '', '# 情報セキュリティポリシー', '', '職員は、インシデントを認知した場合、直ちに報告する。', ''].join(eol);

describe('front-matter-invalid', () => {
  it('a policy with broken front matter is still judged, by its title', () => {
    const doc = analyzeDocument('file:///ws/p.md', broken('\n'), { lexicon: defaultLexicon() });
    expect(doc.frontMatter.error).toMatch(/Nested mappings/);
    expect([doc.kind, doc.kindSource]).toEqual(['policy', 'heading']);
    const findings = analyzeTexts({ 'p.md': broken('\n') }).findings.get('file:///ws/p.md') ?? [];
    const fm = findings.filter((f) => f.rule === 'front-matter-invalid');
    // Where the YAML parser stopped: line 3, at the value that holds a second 「:」.
    expect(fm.map((f) => f.range.start)).toEqual([{ line: 2, character: 4 }]);
    expect(fm[0]!.message.en).toMatch(/^The front matter is not valid YAML \(Nested mappings are not allowed in compact mappings\); Kijun ignored it/);
    expect(fm[0]!.message.ja).toMatch(/^フロントマターが YAML として正しくない/);
    // The policy's own findings are there too.
    expect(findings.map((f) => f.rule)).toContain('csirt-defined');
  });

  it('positions are exact with CRLF line endings', () => {
    const findings = analyzeTexts({ 'p.md': broken('\r\n') }).findings.get('file:///ws/p.md') ?? [];
    expect(findings.filter((f) => f.rule === 'front-matter-invalid').map((f) => f.range.start)).toEqual([{ line: 2, character: 4 }]);
  });
});
