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

/**
 * A clause id as a person reads it: the 2015 verification report's recommendations are not
 * clauses of the standard and their ids (`recommendation-1(4)`) are internal.
 */
export function clauseLabel(id: string, locale: Locale): string {
  const rec = /^recommendation-(.+)$/u.exec(id);
  if (rec) return locale === 'ja' ? `2015年勧告${rec[1]}` : `2015 recommendation ${rec[1]}`;
  return id;
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
    message: f.message[locale] + (f.clauses.length ? ` [${f.clauses.map((c) => clauseLabel(c, locale)).join(', ')}]` : ''),
    relatedInformation: f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message[locale] })),
    tags: f.rule === 'suppression-unused' ? [DiagnosticTag.Unnecessary] : undefined,
    data,
  };
}
