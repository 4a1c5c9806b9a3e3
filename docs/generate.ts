/**
 * Writes docs/rules/<id>.md and <id>.ja.md from each rule's metadata and its fixtures
 * (`npm run docs`). test/unit/docs.test.ts fails when a page is missing or out of date.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../server/src/core/rules/registry';
import { renderRuleDoc } from '../server/src/docs/ruleDocs';
import { examplesFor } from './examples';

const out = join(fileURLToPath(new URL('.', import.meta.url)), 'rules');
mkdirSync(out, { recursive: true });
for (const rule of rules) {
  const examples = examplesFor(rule.meta.id);
  writeFileSync(join(out, `${rule.meta.id}.md`), renderRuleDoc(rule, examples, 'en'));
  writeFileSync(join(out, `${rule.meta.id}.ja.md`), renderRuleDoc(rule, examples, 'ja'));
}
console.log(`wrote ${rules.length * 2} pages to docs/rules/`);
