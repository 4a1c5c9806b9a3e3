import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Locale, Severity } from '../core/types';

/** Findings as LSP diagnostics: code = rule id with a link to its documentation, data = clauses. */

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/** Rule documentation ships next to the bundle (dist/docs/rules/<id>.md): readable offline. */
export function ruleDocUri(rule: string): string {
  return pathToFileURL(join(__dirname, 'docs', 'rules', `${rule}.md`)).href;
}

export interface DiagnosticData {
  rule: string;
  clauses: string[];
  /** Index of the finding in the document's findings, to find its fixes again. */
  index: number;
}

export function toDiagnostic(f: Finding, index: number, locale: Locale): Diagnostic {
  const data: DiagnosticData = { rule: f.rule, clauses: f.clauses, index };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: 'kijun',
    code: f.rule,
    codeDescription: { href: ruleDocUri(f.rule) },
    message: f.message[locale] + (f.clauses.length ? ` [${f.clauses.join(', ')}]` : ''),
    relatedInformation: f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message[locale] })),
    tags: f.rule === 'suppression-unused' ? [DiagnosticTag.Unnecessary] : undefined,
    data,
  };
}
