import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../server/src/core/model/document';
import { composeSets } from '../../server/src/core/set/policySet';
import { defaultLexicon } from '../../server/src/lexicon';
import { analyzeTexts } from '../helpers/workspace';

const kindOf = (text: string) => analyzeDocument('file:///d.md', text, { lexicon: defaultLexicon() }).kind;

describe('classification', () => {
  it.each([
    ['# 情報セキュリティポリシー\n', 'policy'],
    ['# 情報セキュリティ対策基準\n', 'policy'],
    ['# Information Security Policy\n', 'policy'],
    ['# 情報セキュリティインシデント対処手順書\n', 'runbook'],
    ['# Incident Response Plan\n', 'plan'],
    ['# Incident Management Plan\n', 'plan'],
    ['# インシデント対応計画\n', 'plan'],
    ['# CSIRT設置要綱\n', 'plan'],
    ['# Security Incident Response Policy\n', 'policy'],
    ['# インシデント対処要領\n', 'runbook'],
    ['# Security incident playbook\n', 'runbook'],
    ['---\nkijun: policy\n---\n# 第1章 総則\n', 'policy'],
    ['---\ndocument: runbook\n---\n# Steps\n', 'runbook'],
    ['# Kijun sample documents\n', 'other'],
    ['# 第3回 情報セキュリティ検討会 議事メモ\n', 'other'],
    // A "standard" that is not about security is not judged: no false positives on READMEs.
    ['# Coding Standards\n\nUse two spaces.\n', 'other'],
    ['no heading at all\n', 'other'],
  ])('%j is %s', (text, kind) => expect(kindOf(text)).toBe(kind));

  it('treats invalid YAML front matter as absent and still classifies by heading', () => {
    const m = analyzeDocument('file:///d.md', '---\nkijun: [policy\n---\n# Security Policy\n', { lexicon: defaultLexicon() });
    expect(m.frontMatter.error).toBeTruthy();
    expect(m.kind).toBe('policy');
  });

  it('detects the language', () => {
    expect(analyzeDocument('file:///d.md', '# 規程\n\n職員は報告する。', { lexicon: defaultLexicon() }).language).toBe('ja');
    expect(analyzeDocument('file:///d.md', '# Policy\n\nStaff report incidents.', { lexicon: defaultLexicon() }).language).toBe('en');
  });
});

describe('composition by links', () => {
  const sets = (texts: Record<string, string>) =>
    composeSets(analyzeTexts(texts).models).map((s) => [s.root.uri.replace('file:///ws/', ''), s.members.map((m) => m.uri.replace('file:///ws/', '')).sort()]);

  it('pulls linked runbooks into the policy set', () => {
    expect(sets({ 'p.md': '# Security Policy\n\n[runbook](./r.md#steps)\n', 'r.md': '# Incident Runbook\n\n## Steps\n' })).toEqual([['p.md', ['p.md', 'r.md']]]);
  });

  it('makes an unlinked runbook its own root', () => {
    expect(sets({ 'p.md': '# Security Policy\n', 'r.md': '# Incident Runbook\n' })).toEqual([
      ['p.md', ['p.md']],
      ['r.md', ['r.md']],
    ]);
  });

  it('roots a cycle at the first policy by path', () => {
    expect(sets({ 'b.md': '# Security Policy B\n[a](a.md)\n', 'a.md': '# Incident Runbook A\n[b](b.md)\n' })).toEqual([['b.md', ['a.md', 'b.md']]]);
  });

  it('judges a linked unclassified file but does not follow its links', () => {
    expect(sets({ 'p.md': '# Security Policy\n[n](notes.md)\n', 'notes.md': '# Notes\n[x](x.md)\n', 'x.md': '# Security Standard X\n' })).toEqual([
      ['p.md', ['notes.md', 'p.md']],
      ['x.md', ['x.md']],
    ]);
  });
});

describe('no findings on unrelated Markdown', () => {
  it('a README and meeting notes get nothing', () => {
    const r = analyzeTexts({
      'README.md': '# Project\n\nSee [missing](./nope.md). Cites 2.2.4(3).\n',
      'notes.md': '# 議事メモ\n\nCSIRTは未設置。報告窓口も未定。\n',
    });
    expect([...r.findings.values()].flat()).toEqual([]);
  });
});
