import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesFor } from '../../docs/examples';
import { rules } from '../../server/src/core/rules/registry';
import { renderRuleDoc } from '../../server/src/docs/ruleDocs';

/** docs/rules/ never drifts from the rules: every rule has both pages, and they are up to date. */
const dir = join(fileURLToPath(new URL('.', import.meta.url)), '../../docs/rules');

describe('rule documentation', () => {
  for (const rule of rules) {
    it(`${rule.meta.id} has up-to-date pages (run "npm run docs" to regenerate)`, () => {
      const examples = examplesFor(rule.meta.id);
      for (const locale of ['en', 'ja'] as const) {
        const file = join(dir, `${rule.meta.id}${locale === 'ja' ? '.ja' : ''}.md`);
        expect(existsSync(file), `missing ${file}`).toBe(true);
        expect(readFileSync(file, 'utf8')).toBe(renderRuleDoc(rule, examples, locale));
      }
    });

    it(`${rule.meta.id} has Japanese and English fixtures, reported and not reported`, () => {
      const examples = examplesFor(rule.meta.id);
      const kinds = new Set(examples.map((e) => `${e.language}:${e.fails}`));
      expect([...kinds].sort()).toEqual(['en:false', 'en:true', 'ja:false', 'ja:true']);
    });
  }
});
