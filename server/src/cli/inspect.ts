import type { AnalysisResult } from '../core/engine';
import type { Edge, Endpoint } from '../core/model/types';
import { indexOf } from '../core/set/resolve';
import type { Locale } from '../core/types';
import { displayPath } from './format';

/**
 * `kijun inspect`: prints what Kijun read from the documents — kind, roles' holders and every
 * reporting edge with its urgency — so an author can see why a rule did or did not fire.
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
        out.push(`    ${doc.lines.positionAt(a.span.start).line + 1}: assign ${ep(a.role)} := ${ep(a.holder)}`);
      }
      for (const e of doc.edges) out.push(`    ${doc.lines.positionAt(e.span.start).line + 1}: ${edgeLine(e, ep)}`);
    }
    out.push(`  ${locale === 'ja' ? '解決後の報告経路' : 'Resolved edges'}:`);
    for (const e of index.edges) out.push(`    ${e.from.join('|') || '?'} -> ${e.to.join('|')} [${e.edge.urgency}]`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

function edgeLine(e: Edge, ep: (e: Endpoint | undefined) => string): string {
  const extra = [e.urgency, e.deadline, e.condition ? `if ${e.condition.text}${e.condition.cyber ? ' (cyber)' : ''}` : undefined].filter(Boolean).join(', ');
  return `report ${ep(e.from)} -> ${ep(e.to)} [${extra}] (${e.form})`;
}
