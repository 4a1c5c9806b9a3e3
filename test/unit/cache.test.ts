import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckCache, fingerprint } from '../../server/src/cli/cache';
import { checkDocuments } from '../../server/src/cli/parallel';
import { ConfigResolver, configuredKind } from '../../server/src/config/load';
import { analyzeWorkspace, analyzeWorkspaceInSteps, ModelCache, type Host } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import { ruleById, rules } from '../../server/src/core/rules/registry';
import type { Rule } from '../../server/src/core/rules/types';
import { configForFile, pathExists, readText, toPath, toUri } from '../../server/src/node/files';

/** The cache in-process: what cannot be arranged through the bundled CLI (a crashing rule, the registry changing). */

function workspace(files: Record<string, string>): { dir: string; documents: Map<string, string>; host: Host } {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-cache-unit-'));
  const documents = new Map<string, string>();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    if (name.endsWith('.md')) documents.set(toUri(join(dir, name)), text);
  }
  const configs = new ConfigResolver([dir]);
  const host: Host = {
    read: (uri) => readText(toPath(uri)),
    exists: (uri) => pathExists(toPath(uri)),
    configFor: (uri) => configForFile(configs, toPath(uri)),
    kindFor: (uri) => configuredKind(configForFile(configs, toPath(uri)), toPath(uri)),
    roots: [toUri(dir)],
  };
  return { dir, documents, host };
}

const files = {
  'policy.md': '# Information Security Policy\n\n## Reporting\n\nStaff report incidents to the [hotline](./runbook.md) promptly.\n',
  'runbook.md': '# Incident Runbook\n\n## Steps\n\nStaff notify the security hotline immediately. See [the form](./form.pdf).\n',
  'other-policy.md': '# Security Standard\n\nThe CSIRT is established.\n',
};

const noWorkers = { workers: () => 0, script: undefined, workerData: undefined };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('checkDocuments with a cache', () => {
  it('gives what analyzeWorkspace gives, cold and warm', async () => {
    const { dir, documents, host } = workspace(files);
    const plain = analyzeWorkspace(documents, host);
    const path = join(dir, 'cache.json');
    const cold = CheckCache.open(path, 'fp', () => {});
    const first = await checkDocuments(documents, host, { ...noWorkers, cache: cold });
    expect(cold.save()).toBeUndefined();
    const warm = await checkDocuments(documents, host, { ...noWorkers, cache: CheckCache.open(path, 'fp', () => {}) });
    for (const r of [first, warm]) {
      for (const uri of documents.keys()) {
        expect(r.findings.get(uri)).toEqual(plain.findings.get(uri));
        expect(r.suppressed.get(uri) ?? []).toEqual(plain.suppressed.get(uri) ?? []);
      }
    }
    expect(first.analyzed!.length).toBe(2);
    expect(warm.analyzed).toEqual([]);
  });

  it('does not store the results of a set whose rule crashed: the next run runs it again and reports the failure again', async () => {
    const { dir, documents, host } = workspace(files);
    const path = join(dir, 'cache.json');
    const crashing = ruleById('reporting-contact-defined')!;
    vi.spyOn(crashing, 'check').mockImplementation(function (this: Rule, ctx) {
      if (ctx.set.root.uri.endsWith('/policy.md')) throw new Error('boom');
    });
    for (let run = 0; run < 2; run++) {
      const cache = CheckCache.open(path, 'fp', () => {});
      const r = await checkDocuments(documents, host, { ...noWorkers, cache });
      cache.save();
      expect(r.failures.map((f) => [f.rule, f.root.replace(/^.*\//u, '')])).toEqual([['reporting-contact-defined', 'policy.md']]);
      // The crashing set runs every time; the other comes from the cache the second time.
      expect(r.analyzed!.map((u) => u.replace(/^.*\//u, ''))).toEqual(run === 0 ? ['other-policy.md', 'policy.md'] : ['policy.md']);
    }
    vi.restoreAllMocks();
    const cache = CheckCache.open(path, 'fp', () => {});
    const fixed = await checkDocuments(documents, host, { ...noWorkers, cache });
    expect(fixed.failures).toEqual([]);
    expect(fixed.analyzed!.map((u) => u.replace(/^.*\//u, ''))).toEqual(['policy.md']);
  });

  it('is written whole or not at all: the file holds a header with a checksum, and a damaged one reads as empty', async () => {
    const { dir, documents, host } = workspace(files);
    const path = join(dir, 'c', 'cache.json');
    const cache = CheckCache.open(path, 'fp', () => {});
    await checkDocuments(documents, host, { ...noWorkers, cache });
    cache.save();
    const text = readFileSync(path, 'utf8');
    const header = JSON.parse(text.slice(0, text.indexOf('\n')));
    expect(header).toEqual({ magic: 'kijun-cache', format: 1, fingerprint: 'fp', checksum: expect.stringMatching(/^[0-9a-f]{64}$/u) });
    writeFileSync(path, text.replace('"kind":"policy"', '"kind":"runbook"'));
    const notes: string[] = [];
    const damaged = CheckCache.open(path, 'fp', (l) => notes.push(l));
    expect(notes).toEqual([expect.stringMatching(/is damaged/u)]);
    const r = await checkDocuments(documents, host, { ...noWorkers, cache: damaged });
    expect(r.analyzed!.length).toBe(2);
  });
});

describe('the fingerprint of Kijun', () => {
  it('changes with the version, the code, and the rule set (a new rule, a default severity)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-fp-'));
    const script = join(dir, 'cli.js');
    writeFileSync(script, 'code');
    const base = fingerprint('0.1.0', script);
    expect(fingerprint('0.1.0', script)).toBe(base);
    expect(fingerprint('0.1.1', script)).not.toBe(base);
    writeFileSync(script, 'other code');
    expect(fingerprint('0.1.0', script)).not.toBe(base);
    writeFileSync(script, 'code');
    const rule = rules[0]!;
    const severity = rule.meta.severity;
    rule.meta.severity = severity === 'error' ? 'warning' : 'error';
    try {
      expect(fingerprint('0.1.0', script)).not.toBe(base);
    } finally {
      rule.meta.severity = severity;
    }
    rules.push({ meta: { ...rule.meta, id: 'placeholder-unfilled-test' }, check: () => {} });
    try {
      expect(fingerprint('0.1.0', script)).not.toBe(base);
    } finally {
      rules.pop();
    }
    expect(fingerprint('0.1.0', script)).toBe(base);
    // A script that cannot be read: a fingerprint no cache has.
    expect(fingerprint('0.1.0', join(dir, 'missing.js'))).not.toBe(fingerprint('0.1.0', join(dir, 'missing.js')));
  });
});

describe('the in-memory set cache (the language server)', () => {
  it('runs a set again when a link target its rules found missing appears', () => {
    const existing = new Set<string>();
    const host: Host = { read: () => undefined, exists: (uri) => existing.has(uri), configFor: () => defaultConfig() };
    const docs = new Map([['file:///ws/policy.md', '# Security Policy\n\nSee [the form](./form.pdf) and [the runbook](./runbook.md#steps).\n']]);
    const cache = new ModelCache();
    const missing = (r: ReturnType<typeof analyzeWorkspace>) => (r.findings.get('file:///ws/policy.md') ?? []).filter((f) => f.rule === 'link-target-missing').map((f) => f.message.en);
    expect(missing(analyzeWorkspace(docs, host, { cache }))).toEqual(['Link target "./form.pdf" does not exist.', 'Link target "./runbook.md" does not exist.']);
    existing.add('file:///ws/form.pdf');
    expect(missing(analyzeWorkspace(docs, host, { cache }))).toEqual(['Link target "./runbook.md" does not exist.']);
    // The runbook as a document of the workspace: its headings are checked.
    docs.set('file:///ws/runbook.md', '# Incident Runbook\n\n## Other\n');
    expect(missing(analyzeWorkspace(docs, host, { cache }))).toEqual(['Heading "#steps" does not exist in ./runbook.md.']);
    docs.set('file:///ws/runbook.md', '# Incident Runbook\n\n## Steps\n');
    expect(missing(analyzeWorkspace(docs, host, { cache }))).toEqual([]);
  });

  it('keeps section caches for the editable documents only, and the models are the same either way', () => {
    const host: Host = { read: () => undefined, exists: () => false, configFor: () => defaultConfig() };
    const sections = Array.from({ length: 6 }, (_, i) => `## ${i + 1}. Reporting\n\nStaff report incidents to the security hotline immediately (${i}).\n`).join('\n');
    const docs = new Map([
      ['file:///ws/open.md', `# Information Security Policy\n\n${sections}`],
      ['file:///ws/closed.md', `# Security Standard\n\n${sections}`],
    ]);
    const editable = new Set(['file:///ws/open.md']);
    const cache = new ModelCache((uri) => editable.has(uri));
    const first = analyzeWorkspace(docs, host, { cache });
    expect([...cache.chunks.keys()]).toEqual(['file:///ws/open.md']);
    expect(cache.chunks.get('file:///ws/open.md')!.size).toBeGreaterThan(1);
    expect(cache.chunksFor('file:///ws/closed.md')).toBeUndefined();
    // The same findings as an analysis that caches every document's sections, and one that caches none.
    expect(first.findings).toEqual(analyzeWorkspace(docs, host, { cache: new ModelCache() }).findings);
    expect(first.findings).toEqual(analyzeWorkspace(docs, host).findings);
    // An edit of the open document re-parses its sections through the cache; closing it lets them go.
    docs.set('file:///ws/open.md', docs.get('file:///ws/open.md')!.replace('(3)', '(33)'));
    const edited = analyzeWorkspace(docs, host, { cache });
    expect(edited.findings).toEqual(analyzeWorkspace(docs, host).findings);
    cache.releaseSections('file:///ws/open.md');
    editable.clear();
    expect(cache.chunks.size).toBe(0);
    expect(cache.chunksFor('file:///ws/open.md')).toBeUndefined();
  });

  it('records what each set asked about documents outside it', () => {
    const host: Host = { read: () => undefined, exists: (uri) => uri.endsWith('.pdf'), configFor: () => defaultConfig(), roots: ['file:///ws'] };
    const docs = new Map([
      ['file:///ws/policy.md', '# Security Policy\n\n[form](./form.pdf) [gone](./gone.png) [out](../elsewhere/x.md) [notes](./notes.md)\n'],
      ['file:///ws/notes.md', '# Notes\n\n[anchor](./standard.md#x)\n'],
      ['file:///ws/standard.md', '# Security Standard\n\n## X\n'],
    ]);
    const r = analyzeWorkspace(docs, host);
    expect(Object.fromEntries(r.reads.get('file:///ws/policy.md') as Map<string, string>)).toEqual({
      'file:///ws/form.pdf': 'file',
      'file:///ws/gone.png': 'missing',
      'file:///elsewhere/x.md': 'outside',
      'file:///ws/standard.md': 'doc',
    });
  });
});

describe('analyzeWorkspaceInSteps (the server judging a workspace in slices)', () => {
  const host: Host = { read: () => undefined, exists: () => false, configFor: () => defaultConfig(), roots: ['file:///ws'] };
  const docs = new Map([
    ['file:///ws/a.md', '# 情報セキュリティポリシー\n\n職員は、インシデントを認知した場合、直ちに統括情報セキュリティ責任者に報告する。\n'],
    ['file:///ws/b.md', '# Information Security Policy\n\nStaff report incidents to the CISO.\n'],
    ['file:///ws/c.md', '# 情報セキュリティ対策基準\n\nCSIRTを設置する。\n'],
  ]);
  const findings = (r: ReturnType<typeof analyzeWorkspace>) => [...r.findings].map(([uri, fs]) => [uri, fs.map((f) => `${f.rule} ${f.range.start.line}`)]);
  /** Runs the steps to the end: how often they paused, and the result. */
  const drain = (steps: ReturnType<typeof analyzeWorkspaceInSteps>) => {
    let pauses = 0;
    for (;;) {
      const step = steps.next();
      if (step.done) return { pauses, result: step.value };
      pauses++;
    }
  };

  it('ends with what analyzeWorkspace returns, pausing once per set it judged', () => {
    const { pauses, result } = drain(analyzeWorkspaceInSteps(docs, host));
    expect(pauses).toBe(3);
    expect(findings(result)).toEqual(findings(analyzeWorkspace(docs, host)));
    expect(findings(result).flatMap(([, fs]) => fs as string[]).length).toBeGreaterThan(0);
  });

  it('does not pause for sets taken from the cache, and leaves the cache ready for the full analysis', () => {
    const cache = new ModelCache();
    expect(drain(analyzeWorkspaceInSteps(docs, host, { cache })).pauses).toBe(3);
    const again = drain(analyzeWorkspaceInSteps(docs, host, { cache }));
    expect(again.pauses).toBe(0);
    expect(findings(again.result)).toEqual(findings(analyzeWorkspace(docs, host)));
  });
});
