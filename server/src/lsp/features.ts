import {
  CompletionItemKind,
  InlayHintKind,
  type InlayHint,
  type Range,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type FoldingRange,
  type Location,
  type Position,
} from 'vscode-languageserver';
import type { AnalysisResult } from '../core/engine';
import type { DocumentModel } from '../core/model/document';
import type { Mention } from '../core/model/mentions';
import type { Edge, Urgency } from '../core/model/types';
import { clausesWith, type SetReport } from '../core/report/compliance';
import { indexOf, type SetIndex } from '../core/set/resolve';
import type { Locale } from '../core/types';
import { defaultLexicon } from '../lexicon';
import { catalogFor } from '../standards';

/** Navigation features: document symbols, definition and references of roles, completion, folding. */

/** Urgency as a person reads it; `none` says nothing. */
const URGENCY: Record<Locale, Record<Urgency, string | undefined>> = {
  en: { immediate: 'immediately', prompt: 'promptly', delayed: 'with delay', none: undefined },
  ja: { immediate: '直ちに', prompt: '速やかに', delayed: '遅れて', none: undefined },
};

function urgencyWord(e: Edge, locale: Locale): string | undefined {
  const word = URGENCY[locale][e.urgency];
  if (e.urgency === 'delayed' && e.deadline) return locale === 'ja' ? `${word}（${e.deadline}）` : `${word} (${e.deadline})`;
  return word;
}

/**
 * Document symbols: headings (unless the client lists them itself — VS Code's Markdown extension
 * does, and a second copy doubles every Outline entry), assignments and reporting edges.
 */
export function documentSymbols(doc: DocumentModel, options: { headings?: boolean; locale?: Locale } = {}): DocumentSymbol[] {
  const locale = options.locale ?? 'en';
  const roots: DocumentSymbol[] = [];
  if (options.headings === false) {
    for (const a of doc.assignments) roots.push({ name: `${a.role.display} ← ${a.holder.display}`, kind: SymbolKind.Field, range: doc.lines.range(a.span), selectionRange: doc.lines.range(a.holder.span) });
    for (const e of doc.edges) roots.push({ name: `${e.from?.display ?? '?'} → ${e.to.display}`, detail: urgencyWord(e, locale), kind: SymbolKind.Event, range: doc.lines.range(e.span), selectionRange: doc.lines.range(e.to.span) });
    return roots.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  }
  const stack: Array<{ depth: number; symbol: DocumentSymbol }> = [];
  const sectionEnd = (i: number) => {
    const h = doc.headings[i]!;
    const next = doc.headings.find((x) => x.index > i && x.depth <= h.depth);
    return next ? next.span.start : doc.text.length;
  };
  for (const h of doc.headings) {
    const range = doc.lines.range({ start: h.span.start, end: Math.max(h.span.end, sectionEnd(h.index) - 1) });
    const symbol: DocumentSymbol = { name: h.snippet.text.trim() || '#', kind: SymbolKind.Namespace, range, selectionRange: doc.lines.range(h.snippet.span), children: [] };
    while (stack.length && stack[stack.length - 1]!.depth >= h.depth) stack.pop();
    (stack.length ? stack[stack.length - 1]!.symbol.children! : roots).push(symbol);
    stack.push({ depth: h.depth, symbol });
  }
  const container = (offset: number): DocumentSymbol[] => {
    let best: DocumentSymbol | undefined;
    const visit = (list: DocumentSymbol[]) => {
      for (const s of list) {
        if (s.kind !== SymbolKind.Namespace) continue;
        const start = doc.lines.offsetAt(s.range.start);
        const end = doc.lines.offsetAt(s.range.end);
        if (offset >= start && offset <= end) {
          best = s;
          visit(s.children ?? []);
        }
      }
    };
    visit(roots);
    return best ? best.children! : roots;
  };
  for (const a of doc.assignments) {
    const name = `${a.role.display} ← ${a.holder.display}`;
    container(a.span.start).push({ name, kind: SymbolKind.Field, range: doc.lines.range(a.span), selectionRange: doc.lines.range(a.holder.span) });
  }
  for (const e of doc.edges) {
    const name = `${e.from?.display ?? '?'} → ${e.to.display}`;
    container(e.span.start).push({ name, detail: urgencyWord(e, locale), kind: SymbolKind.Event, range: doc.lines.range(e.span), selectionRange: doc.lines.range(e.to.span) });
  }
  return roots;
}

interface RoleAt {
  doc: DocumentModel;
  index: SetIndex;
  nodes: string[];
}

function roleAt(result: AnalysisResult, uri: string, position: Position): RoleAt | undefined {
  const doc = result.models.get(uri);
  if (!doc) return undefined;
  const offset = doc.lines.offsetAt(position);
  const set = result.sets.find((s) => s.members.includes(doc));
  if (!set) return undefined;
  const index = indexOf(set);
  for (const u of doc.units) {
    if (offset < u.snippet.span.start || offset > u.snippet.span.end) continue;
    for (const m of doc.mentions[u.index]!) {
      const span = u.snippet.spanOfNorm(m.start, m.end);
      if (offset >= span.start && offset <= span.end) return { doc, index, nodes: index.nodes(endpointOf(m)) };
    }
  }
  return undefined;
}

function endpointOf(m: Mention) {
  return { role: m.role, title: m.title, display: m.display, span: { start: 0, end: 0 }, generic: m.generic, roleLike: m.roleLike, base: m.base };
}

/** Where a role is defined: the assignments of its holder, else where the title is defined. */
export function definition(result: AnalysisResult, uri: string, position: Position): Location[] {
  const at = roleAt(result, uri, position);
  if (!at) return [];
  const out: Location[] = [];
  for (const a of at.index.assignments) {
    if (a.item.role.role && at.nodes.includes(a.item.role.role)) out.push({ uri: a.doc.uri, range: a.doc.lines.range(a.item.span) });
  }
  if (!out.length) {
    for (const d of at.index.definitions) if (at.nodes.includes(`title:${d.item.key}`)) out.push({ uri: d.doc.uri, range: d.doc.lines.range(d.item.span) });
  }
  return out;
}

/** Every mention of the same role (or its holders) across the policy set. */
export function references(result: AnalysisResult, uri: string, position: Position): Location[] {
  const at = roleAt(result, uri, position);
  if (!at) return [];
  const out: Location[] = [];
  for (const doc of at.index.set.members) {
    for (const u of doc.units) {
      for (const m of doc.mentions[u.index]!) {
        if (at.index.nodes(endpointOf(m)).some((n) => at.nodes.includes(n))) out.push({ uri: doc.uri, range: doc.lines.range(u.snippet.spanOfNorm(m.start, m.end)) });
      }
    }
  }
  return out;
}

/**
 * Clause ids after a digit or 「統一基準」 / "Standard"; role names only where a word is being
 * typed. A trigger character (".", "(") or punctuation before the cursor never offers role
 * names: "…every year." + Enter would otherwise accept one into the text.
 */
export function completion(result: AnalysisResult, uri: string, position: Position, lineText: string, locale: Locale, triggerCharacter?: string): CompletionItem[] {
  const before = lineText.slice(0, position.character);
  const catalog = catalogFor()!;
  if (/(?:\d[\d.()a-z]*|統一基準|基準|standard\s*)$/iu.test(before)) {
    const typed = /[\d.()a-z]*$/iu.exec(before)![0];
    return catalog.data.clauses
      .filter((c) => /^\d/.test(c.id) && c.id.startsWith(typed))
      .map((c, i) => ({
        label: c.id,
        kind: CompletionItemKind.Reference,
        detail: c.title?.[locale] ?? undefined,
        documentation: c.requirement ? { kind: 'markdown', value: c.requirement[locale] } : undefined,
        sortText: String(i).padStart(3, '0'),
        textEdit: { range: { start: { line: position.line, character: position.character - typed.length }, end: position }, newText: c.id },
      }));
  }
  if (triggerCharacter !== undefined || /[\p{P}\p{S}]$/u.test(before)) return [];
  const doc = result.models.get(uri);
  const lexicon = defaultLexicon();
  const items = new Map<string, CompletionItem>();
  const japanese = (doc?.language ?? locale) === 'ja';
  for (const { term, role } of lexicon.allTerms()) {
    if (/[\p{Script=Han}\p{Script=Katakana}]/u.test(term) !== japanese) continue;
    if (!items.has(term)) items.set(term, { label: term, kind: CompletionItemKind.Class, detail: lexicon.roleName(role)[locale] });
  }
  const set = doc && result.sets.find((s) => s.members.includes(doc));
  if (set) {
    for (const a of indexOf(set).assignments) {
      const label = a.item.holder.display;
      if (!items.has(label)) items.set(label, { label, kind: CompletionItemKind.Value, detail: a.item.role.role ? lexicon.roleName(a.item.role.role)[locale] : a.item.role.display });
    }
  }
  return [...items.values()];
}

/**
 * What Kijun read, beside the sentence it read it from (kijun.showReading): `→ CSIRT責任者 · 直ちに`
 * for a reporting edge, `CSIRT責任者 = 情報政策課長` for an assignment. A sentence without a
 * hint was not understood as either — which is the point of showing them.
 */
export function readingHints(doc: DocumentModel, range: Range, locale: Locale): InlayHint[] {
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  const hints: Array<{ at: number; label: string }> = [];
  for (const e of doc.edges) {
    const urgency = urgencyWord(e, locale);
    hints.push({ at: e.span.end, label: `${e.from ? `${e.from.display} ` : ''}→ ${e.to.display}${urgency ? ` · ${urgency}` : ''}` });
  }
  for (const a of doc.assignments) hints.push({ at: a.span.end, label: `${a.role.display} = ${a.holder.display}` });
  return hints
    .filter((h) => h.at >= from && h.at <= to)
    .sort((a, b) => a.at - b.at)
    .map((h) => ({ position: doc.lines.positionAt(h.at), label: h.label, kind: InlayHintKind.Type, paddingLeft: true }));
}

export function foldingRanges(doc: DocumentModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const h of doc.headings) {
    const next = doc.headings.find((x) => x.index > h.index && x.depth <= h.depth);
    const startLine = doc.lines.positionAt(h.span.start).line;
    let endLine = next ? doc.lines.positionAt(next.span.start).line - 1 : doc.lines.lineCount - 1;
    while (endLine > startLine && doc.text.slice(doc.lines.lineStart(endLine), doc.lines.lineEnd(endLine)).trim() === '') endLine--;
    if (endLine > startLine) out.push({ startLine, endLine });
  }
  return out;
}

/** Clauses of a set with a finding, at their most specific level: what the status bar says. */
export function unmetClauses(report: SetReport): number {
  return clausesWith(report, 'finding');
}
