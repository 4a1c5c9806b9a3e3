import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { rules } from '../core/rules/registry';
import type { Finding, Locale, Range, Severity } from '../core/types';
import { catalogFor } from '../standards';
import { displayPath, type FileResult } from './format';

/**
 * SARIF 2.1.0 for code-scanning tools: one run, the rules with their help, clause ids as tags,
 * 1-based regions in UTF-16 code units (declared via columnKind), related locations, fixes as
 * artifact changes, and in-source suppressions with their justification.
 */

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note' };
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The root the artifact URIs are relative to, named as GitHub code scanning expects. */
const SRCROOT = '%SRCROOT%';

/**
 * An artifact's URI: relative to the working directory (SRCROOT), percent-encoded segment by
 * segment as RFC 3986 requires (spaces, Japanese, '#', '%' and ':' would otherwise make an invalid
 * or different URI reference), '/'-separated on every platform.
 */
export function artifactUri(uri: string, cwd: string): string {
  return displayPath(uri, cwd)
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

function region(r: Range) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function formatSarif(results: FileResult[], cwd: string, locale: Locale, version: string): string {
  const catalog = catalogFor()!;
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const location = (uri: string, range: Range) => ({
    physicalLocation: { artifactLocation: { uri: artifactUri(uri, cwd), uriBaseId: SRCROOT }, region: region(range) },
  });
  const result = (f: Finding, suppression?: { justification: string; justified: boolean; range: Range }) => ({
    ruleId: f.rule,
    ruleIndex: ruleIndex.get(f.rule) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.message[locale] },
    locations: [location(f.uri, f.range)],
    relatedLocations: f.related.length ? f.related.map((r, i) => ({ id: i, ...location(r.uri, r.range), message: { text: r.message[locale] } })) : undefined,
    fixes: f.fixes.length
      ? f.fixes.map((fix) => ({
          description: { text: `${fix.title[locale]} (${fix.applicability})` },
          artifactChanges: [
            {
              artifactLocation: { uri: artifactUri(f.uri, cwd), uriBaseId: SRCROOT },
              replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            },
          ],
        }))
      : undefined,
    // An exception without a reason (none, or only a placeholder such as 〔理由〕) is not an accepted one.
    suppressions: suppression
      ? [{ kind: 'inSource', status: suppression.justified ? 'accepted' : 'underReview', justification: suppression.justified ? suppression.justification : undefined, location: location(f.uri, suppression.range) }]
      : undefined,
    properties: { clauses: f.clauses, tags: f.clauses },
  });

  const sarif = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Kijun',
            version,
            semanticVersion: version,
            informationUri: pathToFileURL(join(__dirname, 'docs', 'rules')).href + '/',
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)([a-z])/gu, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.title[locale] },
              fullDescription: { text: r.meta.description[locale] },
              help: {
                text: r.meta.description[locale],
                markdown: `**${r.meta.title[locale]}**\n\n${r.meta.description[locale]}${r.meta.clauses.length ? `\n\n${r.meta.clauses.map((c) => `- ${c} ${catalog.get(c)?.title?.[locale] ?? ''}`).join('\n')}` : ''}`,
              },
              helpUri: pathToFileURL(join(__dirname, 'docs', 'rules', `${r.meta.id}${locale === 'ja' ? '.ja' : ''}.md`)).href,
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
              properties: { tags: ['security', 'compliance', ...r.meta.clauses], clauses: r.meta.clauses },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd).href.replace(/\/?$/u, '/') } },
        columnKind: 'utf16CodeUnits',
        artifacts: results.map((r) => ({ location: { uri: artifactUri(r.uri, cwd), uriBaseId: SRCROOT }, mimeType: 'text/markdown' })),
        results: results.flatMap((r) => [
          ...r.findings.map((f) => result(f)),
          ...r.suppressed.map((s) => result(s.finding, { justification: s.suppression.justification, justified: s.suppression.justified, range: s.suppression.range })),
        ]),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
