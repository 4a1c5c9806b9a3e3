import { relative, sep } from 'node:path';
import type { SuppressedFinding } from '../core/suppress';
import type { Finding, Locale, Severity } from '../core/types';
import { toPath } from './files';

/** Output formats of `kijun check`: stylish (people) and json (machines, stable shape). */

export interface FileResult {
  uri: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

export interface Summary {
  errors: number;
  warnings: number;
  information: number;
  files: number;
}

export function summarize(results: FileResult[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, information: 0, files: results.length };
  for (const r of results) {
    for (const f of r.findings) {
      if (f.severity === 'error') s.errors++;
      else if (f.severity === 'warning') s.warnings++;
      else s.information++;
    }
  }
  return s;
}

export function displayPath(uri: string, cwd: string): string {
  const rel = relative(cwd, toPath(uri));
  return rel.split(sep).join('/');
}

export function formatJson(results: FileResult[], cwd: string, locale: Locale): string {
  return [...jsonChunks(results, cwd, locale)].join('');
}

/**
 * formatJson's text in pieces, one per file, so that `kijun check` writes the findings of
 * 10,000 files without building one object tree and one string of them all (the same bytes as
 * JSON.stringify of the whole document with an indent of 2: a file is an element of an array
 * two levels down, and JSON text has no raw line breaks inside strings to re-indent).
 */
export function* jsonChunks(results: FileResult[], cwd: string, locale: Locale): Generator<string> {
  yield '{\n  "version": 1,\n  "files": [';
  let first = true;
  for (const r of results) {
    yield `${first ? '' : ','}\n    ${JSON.stringify(jsonFile(r, cwd, locale), null, 2).replace(/\n/gu, '\n    ')}`;
    first = false;
  }
  yield `${results.length ? '\n  ' : ''}],\n  "summary": ${JSON.stringify(summarize(results), null, 2).replace(/\n/gu, '\n  ')}\n}\n`;
}

function jsonFile(r: FileResult, cwd: string, locale: Locale) {
  return {
    path: displayPath(r.uri, cwd),
    findings: r.findings.map((f) => ({
      rule: f.rule,
      clauses: f.clauses,
      severity: f.severity,
      message: f.message[locale],
      range: f.range,
      related: f.related.map((x) => ({ path: displayPath(x.uri, cwd), range: x.range, message: x.message[locale] })),
      fixes: f.fixes.map((x) => ({ title: x.title[locale], applicability: x.applicability, edits: x.edits })),
    })),
    suppressed: r.suppressed.map(({ finding: f, suppression: s }) => ({
      rule: f.rule,
      clauses: f.clauses,
      severity: f.severity,
      message: f.message[locale],
      range: f.range,
      // A placeholder (〔理由〕, <reason>) is no justification: recorded as none.
      justification: s.justified ? s.justification : '',
      justified: s.justified,
      comment: { range: s.range },
    })),
  };
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', information: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', underline: '\u001b[4m', reset: '\u001b[0m' };

const LABEL: Record<Locale, Record<Severity, string>> = {
  en: { error: 'error', warning: 'warning', information: 'info' },
  ja: { error: 'エラー', warning: '警告', information: '情報' },
};

export function formatStylish(results: FileResult[], cwd: string, locale: Locale, color: boolean): string {
  const c = (k: keyof typeof COLORS, s: string): string => (color ? COLORS[k] + s + COLORS.reset : s);
  const lines: string[] = [];
  for (const r of results) {
    if (!r.findings.length) continue;
    lines.push(c('underline', displayPath(r.uri, cwd)));
    for (const f of r.findings) {
      const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const clauses = f.clauses.length ? ` [${f.clauses.join(', ')}]` : '';
      lines.push(`  ${c('dim', pos.padEnd(7))} ${c(f.severity, LABEL[locale][f.severity].padEnd(locale === 'ja' ? 4 : 8))} ${f.message[locale]}  ${c('dim', f.rule + clauses)}`);
      for (const rel of f.related) {
        lines.push(`  ${' '.repeat(7)} ${' '.repeat(locale === 'ja' ? 4 : 8)} ${c('dim', `↳ ${displayPath(rel.uri, cwd)}:${rel.range.start.line + 1}:${rel.range.start.character + 1} ${rel.message[locale]}`)}`);
      }
    }
    lines.push('');
  }
  const s = summarize(results);
  const total = s.errors + s.warnings + s.information;
  if (total === 0) {
    lines.push(locale === 'ja' ? `✔ ${s.files} 件の文書を検査し、問題はなかった。` : `✔ ${s.files} file${s.files === 1 ? '' : 's'} checked, no problems.`);
  } else {
    const summary =
      locale === 'ja'
        ? `✖ ${total} 件の問題（エラー ${s.errors}、警告 ${s.warnings}、情報 ${s.information}）— ${s.files} 件の文書を検査`
        : `✖ ${total} problem${total === 1 ? '' : 's'} (${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.information} info) in ${s.files} file${s.files === 1 ? '' : 's'} checked`;
    lines.push(c('bold', c(s.errors ? 'error' : 'warning', summary)));
  }
  return lines.join('\n') + '\n';
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), one per finding, so that
 * findings show inline on pull requests without code scanning. Escaped as the runner expects
 * (the rules of @actions/core): `%`, CR and LF in the message; also `:` and `,` in properties.
 */
const GITHUB_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice' };

export function escapeGithubData(s: string): string {
  return s.replace(/%/gu, '%25').replace(/\r/gu, '%0D').replace(/\n/gu, '%0A');
}

export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/gu, '%3A').replace(/,/gu, '%2C');
}

export function formatGithub(results: FileResult[], cwd: string, locale: Locale): string {
  const lines: string[] = [];
  for (const r of results) {
    const file = displayPath(r.uri, cwd);
    for (const f of r.findings) {
      const props = {
        file,
        line: String(f.range.start.line + 1),
        col: String(f.range.start.character + 1),
        endLine: String(f.range.end.line + 1),
        endColumn: String(f.range.end.character + 1),
        title: `Kijun ${f.rule}${f.clauses.length ? ` (${f.clauses.join(', ')})` : ''}`,
      };
      const related = f.related.map((x) => `\n↳ ${displayPath(x.uri, cwd)}:${x.range.start.line + 1}:${x.range.start.character + 1} ${x.message[locale]}`).join('');
      const properties = Object.entries(props).map(([k, v]) => `${k}=${escapeGithubProperty(v)}`).join(',');
      lines.push(`::${GITHUB_LEVEL[f.severity]} ${properties}::${escapeGithubData(f.message[locale] + related)}`);
    }
  }
  const s = summarize(results);
  lines.push(locale === 'ja' ? `Kijun: エラー ${s.errors}、警告 ${s.warnings}、情報 ${s.information} — ${s.files} 件の文書を検査` : `Kijun: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.information} info in ${s.files} file${s.files === 1 ? '' : 's'} checked`);
  return lines.join('\n') + '\n';
}
