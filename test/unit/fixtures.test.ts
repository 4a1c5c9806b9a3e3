import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../../server/src/core/rules/registry';
import { key, readExpectations } from '../helpers/expectations';
import { analyzePaths, markdownFiles } from '../helpers/workspace';

/**
 * Rule fixtures: test/fixtures/rules/<rule-id>/<case>.md (one document) or <case>/ (a policy
 * set of several documents, optionally with kijun.json). Findings of <rule-id> must be exactly
 * the `<!-- expect: … -->` markers. test/fixtures/clean/ must produce no finding of any rule.
 */
const root = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures');

function cases(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.md') || statSync(join(dir, n)).isDirectory())
    .sort()
    .map((n) => join(dir, n));
}

function filesOf(c: string): string[] {
  return statSync(c).isDirectory() ? markdownFiles(c) : [c];
}

function actual(files: string[], rule: string | undefined): string[] {
  const result = analyzePaths(files);
  expect(result.failures).toEqual([]);
  const out: string[] = [];
  for (const f of files) {
    for (const finding of result.findings.get(pathToFileURL(f).href) ?? []) {
      if (rule && finding.rule !== rule) continue;
      out.push(`${relative(root, f)}:${key({ line: finding.range.start.line + 1, rule: finding.rule })}`);
    }
  }
  return out.sort();
}

function expected(files: string[], rule: string | undefined): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const e of readExpectations(readFileSync(f, 'utf8'))) {
      if (!rule || e.rule === rule) out.push(`${relative(root, f)}:${key(e)}`);
    }
  }
  return out.sort();
}

describe('rule fixtures', () => {
  const ruleDir = join(root, 'rules');
  for (const rule of rules) {
    const dir = join(ruleDir, rule.meta.id);
    describe(rule.meta.id, () => {
      it('has fixtures', () => {
        expect(existsSync(dir), `missing ${relative(root, dir)}`).toBe(true);
        expect(cases(dir).length).toBeGreaterThan(0);
      });
      if (!existsSync(dir)) return;
      for (const c of cases(dir)) {
        it(relative(dir, c), () => {
          const files = filesOf(c);
          expect(actual(files, rule.meta.id)).toEqual(expected(files, rule.meta.id));
        });
      }
    });
  }
});

describe('clean fixtures produce no findings at all', () => {
  for (const c of cases(join(root, 'clean'))) {
    it(relative(root, c), () => {
      const files = filesOf(c);
      expect(actual(files, undefined)).toEqual(expected(files, undefined));
    });
  }
});
