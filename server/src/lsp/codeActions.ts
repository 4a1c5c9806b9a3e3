import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/engine';
import { selectFixes } from '../core/fix/apply';
import type { DocumentModel } from '../core/model/document';
import { ruleById } from '../core/rules/registry';
import { readSuppressions } from '../core/suppress';
import type { Finding, Locale, Range, TextEdit } from '../core/types';

/**
 * Code actions, as a policy writer expects them from a linter: each finding's fixes (the first
 * one preferred), fix all of this rule in the file, disable for this line / this file (with a
 * justification placeholder — the exception process needs a reason), show the rule's
 * documentation, and source.fixAll.kijun (safe fixes only).
 */

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kijun`;
export const SHOW_DOCS_COMMAND = 'kijun.showRuleDocumentation';

const T = {
  en: {
    fixAllRule: (r: string) => `Fix all ${r} findings in this file`,
    disableLine: (r: string) => `Disable ${r} for this line`,
    disableFile: (r: string) => `Disable ${r} for this file`,
    docs: (r: string) => `Show documentation for ${r}`,
    reason: '<reason>',
    fixAll: 'Fix all safe Kijun findings',
  },
  ja: {
    fixAllRule: (r: string) => `このファイルの ${r} をすべて修正`,
    disableLine: (r: string) => `この行の ${r} を抑制`,
    disableFile: (r: string) => `このファイルの ${r} を抑制`,
    docs: (r: string) => `${r} の説明を表示`,
    reason: '〔理由〕',
    fixAll: 'Kijun の安全な修正をすべて適用',
  },
};

export function codeActions(result: AnalysisResult, params: CodeActionParams, locale: Locale): CodeAction[] {
  const uri = params.textDocument.uri;
  const doc = result.models.get(uri);
  if (!doc) return [];
  const findings = result.findings.get(uri) ?? [];
  const only = params.context.only;
  const t = T[locale];
  if (only && only.every((k) => k.startsWith(CodeActionKind.Source))) {
    return only.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source) ? [fixAll(doc, findings, t.fixAll)] : [];
  }
  const out: CodeAction[] = [];
  const seenRules = new Set<string>();
  for (const f of findings) {
    if (!overlaps(f.range, params.range)) continue;
    const diagnostic = params.context.diagnostics.find((d) => d.code === f.rule && sameRange(d.range, f.range));
    const diagnostics: Diagnostic[] = diagnostic ? [diagnostic] : [];
    f.fixes.forEach((fix, i) => {
      out.push({ title: fix.title[locale], kind: CodeActionKind.QuickFix, diagnostics, isPreferred: i === 0, edit: { changes: { [uri]: fix.edits } } });
    });
    if (seenRules.has(f.rule)) continue;
    seenRules.add(f.rule);
    const same = findings.filter((x) => x.rule === f.rule && x.fixes.length);
    if (same.length > 1) {
      const fixes = selectFixes(doc.text, same, ['safe', 'review']);
      out.push({ title: t.fixAllRule(f.rule), kind: CodeActionKind.QuickFix, diagnostics, edit: { changes: { [uri]: fixes.flatMap((x) => x.edits) } } });
    }
    if (ruleById(f.rule)?.meta.scope !== 'suppression') {
      // The placeholder is written into the document: in the document's language, not the UI's.
      const reason = T[doc.language].reason;
      out.push({ title: t.disableLine(f.rule), kind: CodeActionKind.QuickFix, diagnostics, edit: { changes: { [uri]: [disableLine(doc, f, reason)] } } });
      out.push({ title: t.disableFile(f.rule), kind: CodeActionKind.QuickFix, diagnostics, edit: { changes: { [uri]: [disableFile(doc, f.rule, reason)] } } });
    }
    out.push({ title: t.docs(f.rule), kind: CodeActionKind.QuickFix, diagnostics, command: { title: t.docs(f.rule), command: SHOW_DOCS_COMMAND, arguments: [f.rule] } });
  }
  return out;
}

export function fixAll(doc: DocumentModel, findings: Finding[], title: string): CodeAction {
  const fixes = selectFixes(doc.text, findings, ['safe']);
  return { title, kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: fixes.flatMap((f) => f.edits) } } };
}

/**
 * A `kijun-disable-next-line` comment for the finding's line. When one already covers that line
 * (for other rules), the rule joins its list, as vscode-eslint does: a second comment above it
 * would leave the first covering a blank-free line that is no longer "next".
 */
function disableLine(doc: DocumentModel, f: Finding, reason: string): TextEdit {
  const line = f.range.start.line;
  const existing = readSuppressions(doc).find((s) => s.kind === 'next-line' && s.fromLine === line && s.rules.length > 0);
  if (existing) {
    const comment = doc.text.slice(existing.span.start, existing.span.end);
    const list = /^<!--\s*kijun-disable-next-line\b[\s\S]*?(?=\s+--(?:\s|$)|\s*-->$)/u.exec(comment);
    if (list) {
      const at = doc.lines.positionAt(existing.span.start + list[0].length);
      return { range: { start: at, end: at }, newText: `, ${f.rule}` };
    }
  }
  const start = doc.lines.lineStart(line);
  const indent = /^[ \t]*/u.exec(doc.text.slice(start, doc.lines.lineEnd(line)))![0];
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}<!-- kijun-disable-next-line ${f.rule} -- ${reason} -->${eol}` };
}

function disableFile(doc: DocumentModel, rule: string, reason: string): TextEdit {
  // After front matter, if any: it must stay the first thing in the file.
  const fm = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)\r?\n/u.exec(doc.text);
  const at = doc.lines.positionAt(fm ? fm[0].length : 0);
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: at, end: at }, newText: `<!-- kijun-disable-file ${rule} -- ${reason} -->${eol}` };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
