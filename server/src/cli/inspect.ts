import type { AnalysisResult } from '../core/engine';
import type { DocumentModel } from '../core/model/document';
import type { Assignment, Edge, Endpoint, Responsibility } from '../core/model/types';
import { indexOf, isPlaceholderHolder } from '../core/set/resolve';
import type { Locale } from '../core/types';
import { displayPath } from './format';

/**
 * `kijun inspect`: what Kijun read from the documents — kind (and why), roles' holders, every
 * reporting edge with its urgency, condition and form, the CSIRT's establishment and tasks, the
 * targeted-attack measures, what posts are said to do (operate the systems, lead the response,
 * liaise, stay independent of system operation), and the sentences it could not read completely — so an author or a
 * reviewer can see why a rule did or did not fire. Text for people, JSON (version 1) for tools.
 */
export function formatInspect(result: AnalysisResult, cwd: string, locale: Locale): string {
  const out: string[] = [];
  const ep = (e: Endpoint | undefined): string => (e ? (e.role ? `${e.display} <${e.role}>` : e.display) : '?');
  for (const set of result.sets) {
    const index = indexOf(set);
    out.push(`${locale === 'ja' ? 'ポリシー群' : 'Policy set'}: ${displayPath(set.root.uri, cwd)}`);
    for (const doc of set.members) {
      out.push(`  ${displayPath(doc.uri, cwd)} (${doc.kind}, ${doc.language}, ${doc.kindSource})`);
      for (const a of doc.assignments) {
        const unfilled = isPlaceholderHolder(a) ? (locale === 'ja' ? '（プレースホルダー: 充てる者は未定）' : ' (placeholder: no holder yet)') : '';
        out.push(`    ${doc.lines.positionAt(a.span.start).line + 1}: assign ${ep(a.role)} := ${ep(a.holder)}${a.designatedBy ? ` (designated by ${ep(a.designatedBy)})` : ''}${unfilled}`);
      }
      for (const e of doc.edges) out.push(`    ${doc.lines.positionAt(e.span.start).line + 1}: ${edgeLine(e, ep)}`);
      for (const r of doc.responsibilities) out.push(`    ${doc.lines.positionAt(r.span.start).line + 1}: ${responsibilityLine(doc, r, ep)}`);
      out.push(`    csirt: ${doc.csirt.established ? 'established' : 'not established'}, ${doc.csirt.tasksStated ? 'tasks stated' : 'no tasks stated'}; measures: ${doc.measures.join(', ') || 'none'}`);
      for (const u of doc.unread) out.push(`    ${doc.lines.positionAt(u.span.start).line + 1}: unread ${u.about}${u.role ? ` <${u.role}>` : ''}: ${u.text.replace(/\s+/gu, ' ').slice(0, 80)}`);
    }
    out.push(`  ${locale === 'ja' ? '解決後の報告経路' : 'Resolved edges'}:`);
    for (const e of index.edges) out.push(`    ${e.from.join('|') || '?'} -> ${e.to.join('|')} [${e.edge.urgency}]`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

function responsibilityLine(doc: DocumentModel, r: Responsibility, ep: (e: Endpoint | undefined) => string): string {
  const what = r.object ? ` ${doc.text.slice(r.object.start, r.object.end).replace(/\s+/gu, ' ')}` : r.to ? ` ${r.to.map((t) => ep(t)).join(', ')}` : '';
  return `${r.kind} ${ep(r.post)}${r.inherited ? ' (inherited)' : ''}:${what}`;
}

function edgeLine(e: Edge, ep: (e: Endpoint | undefined) => string): string {
  const extra = [e.urgency, e.deadline, e.condition ? `${/^(?:if|when|where|should|in case|in the event)\b/iu.test(e.condition.text) ? '' : 'if '}${e.condition.text}${e.condition.cyber ? ' (cyber)' : ''}` : undefined].filter(Boolean).join(', ');
  return `report ${ep(e.from)} -> ${ep(e.to)} [${extra}] (${e.form})`;
}

/**
 * The JSON shape of `kijun inspect --format json` (version 1; fields may be added, none removed).
 * Positions are 0-based, characters in UTF-16 code units, as in `kijun check --format json`.
 */
export function formatInspectJson(result: AnalysisResult, cwd: string): string {
  const sets = result.sets.map((set) => ({
    root: displayPath(set.root.uri, cwd),
    documents: set.members.map((doc) => documentJson(doc, cwd)),
  }));
  return JSON.stringify({ version: 1, sets }, null, 2) + '\n';
}

function documentJson(doc: DocumentModel, cwd: string) {
  const range = (s: { start: number; end: number }) => doc.lines.range(s);
  const end = (e: Endpoint | undefined) => (e ? { id: e.role ?? null, text: e.display, ...(e.implicit ? { implicit: true } : {}) } : null);
  return {
    path: displayPath(doc.uri, cwd),
    kind: doc.kind,
    kindSource: doc.kindSource,
    language: doc.language,
    // checks.md "Placeholders are not content": a role whose holder is a placeholder has no
    // holder; such a sentence is listed apart, as a post still to be filled.
    assignments: doc.assignments.filter((a) => !isPlaceholderHolder(a)).map((a: Assignment) => ({
      role: end(a.role),
      holder: end(a.holder),
      ...(a.designatedBy ? { designatedBy: end(a.designatedBy) } : {}),
      form: a.form ?? null,
      range: range(a.span),
    })),
    unfilledAssignments: doc.assignments.filter(isPlaceholderHolder).map((a: Assignment) => ({ role: end(a.role), placeholder: a.holder.display, range: range(a.span) })),
    edges: doc.edges.map((e: Edge) => ({
      from: end(e.from),
      to: end(e.to),
      urgency: e.urgency,
      deadline: e.deadline ?? null,
      condition: e.condition ? { text: e.condition.text, cyber: e.condition.cyber } : null,
      form: e.form,
      range: range(e.span),
    })),
    csirt: { established: doc.csirt.established, tasksStated: doc.csirt.tasksStated },
    measures: doc.measures,
    responsibilities: doc.responsibilities.map((r: Responsibility) => ({
      kind: r.kind,
      post: end(r.post),
      inherited: r.inherited,
      ...(r.object ? { object: doc.text.slice(r.object.start, r.object.end) } : {}),
      ...(r.to ? { to: r.to.map((t) => end(t)) } : {}),
      range: range(r.span),
    })),
    unread: doc.unread.map((u) => ({ about: u.about, role: u.role ?? null, text: u.text, range: range(u.span) })),
  };
}
