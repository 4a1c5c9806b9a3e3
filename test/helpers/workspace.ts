import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { analyzeWorkspace, type AnalysisResult } from '../../server/src/core/engine';
import { ConfigResolver, configuredKind } from '../../server/src/config/load';

/** Analyzes files on disk the way the CLI does, in-process (no bundle needed). */
export function analyzePaths(files: string[]): AnalysisResult {
  const configs = new ConfigResolver();
  const docs = new Map<string, string>();
  for (const f of files) docs.set(pathToFileURL(f).href, readFileSync(f, 'utf8'));
  return analyzeWorkspace(docs, {
    read: (uri) => {
      const p = fileURLToPath(uri);
      return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    },
    exists: (uri) => existsSync(fileURLToPath(uri)),
    configFor: (uri) => configs.forFile(fileURLToPath(uri)),
    kindFor: (uri) => configuredKind(configs.forFile(fileURLToPath(uri)), fileURLToPath(uri)),
  });
}

/** Analyzes in-memory documents (uri → text) with the default configuration. */
export function analyzeTexts(texts: Record<string, string>): AnalysisResult {
  const docs = new Map<string, string>();
  for (const [name, text] of Object.entries(texts)) docs.set(`file:///ws/${name}`, text);
  return analyzeWorkspace(docs, {
    read: () => undefined,
    exists: (uri) => docs.has(uri),
    configFor: () => ({ standard: 'unified-2014', organizationType: 'government-agency', authorities: {}, roles: {}, rules: {}, source: undefined }),
  });
}

export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (/\.md$/u.test(name)) out.push(p);
  }
  return out;
}
