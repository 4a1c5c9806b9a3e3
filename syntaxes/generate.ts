/**
 * Builds the TextMate injection grammar from the lexicon (`npm run grammar`), so the highlighted
 * role terms are exactly the ones the analyzer knows. test/unit/grammar.test.ts fails when the
 * checked-in grammar is out of date, and tokenizes sample lines with vscode-textmate.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGrammar } from './grammar';

const out = join(fileURLToPath(new URL('.', import.meta.url)), 'kijun.injection.tmLanguage.json');
writeFileSync(out, JSON.stringify(buildGrammar(), null, 2) + '\n');
console.log(`wrote ${out}`);
