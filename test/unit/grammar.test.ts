import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar } from 'vscode-textmate';
import { buildGrammar } from '../../syntaxes/grammar';

/** The injection grammar, tokenized with the same engine VS Code uses (vscode-textmate + Oniguruma). */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const file = join(repo, 'syntaxes/kijun.injection.tmLanguage.json');

async function tokenizer() {
  const wasm = readFileSync(join(createRequire(import.meta.url).resolve('vscode-oniguruma'), '../onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => parseRawGrammar(readFileSync(file, 'utf8'), file),
  });
  const grammar = (await registry.loadGrammar('kijun.markdown.injection'))!;
  return (line: string) =>
    grammar
      .tokenizeLine(line, INITIAL)
      .tokens.filter((t) => t.scopes.length > 1)
      .map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
}

describe('TextMate injection grammar', () => {
  it('is generated from the lexicon (run "npm run grammar")', () => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(buildGrammar());
  });

  it('highlights clause ids in any width and role terms', async () => {
    const tokenize = await tokenizer();
    expect(tokenize('CSIRT責任者は、統一基準2.2.4(2)(b)により最高情報セキュリティ責任者に報告する。')).toEqual([
      ['CSIRT責任者', 'entity.name.type.role.kijun'],
      ['統一基準2.2.4(2)(b)', 'constant.other.reference.clause.kijun'],
      ['最高情報セキュリティ責任者', 'entity.name.type.role.kijun'],
    ]);
    expect(tokenize('根拠：２．２．４（１）（ａ）')).toEqual([['２．２．４（１）（ａ）', 'constant.other.reference.clause.kijun']]);
    expect(tokenize('The CSIRT lead notifies the Chief Information Security Officer.')).toEqual([
      ['CSIRT lead', 'entity.name.type.role.kijun'],
      ['Chief Information Security Officer', 'entity.name.type.role.kijun'],
    ]);
  });

  it('leaves unrelated text and words that merely contain a term alone', async () => {
    const tokenize = await tokenizer();
    expect(tokenize('Wear a shirt; version 12.2.4.1 ships today.')).toEqual([]);
  });
});
