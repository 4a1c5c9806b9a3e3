import type { Locale } from '../types';
import type { Place, SetReport } from './compliance';
import { L } from './labels';

/**
 * Text that comes from the documents (file names, suppression reasons, role names) shown as
 * written: characters that would start Markdown or HTML are backslash-escaped, so a file named
 * `[x](javascript:…).md` or a reason with `<img …>` stays text. (`|` is escaped by the table.)
 */
export function mdText(s: string): string {
  return s.replace(/[\r\n]+/gu, ' ').replace(/[\\`*_[\]<>~&!#]/gu, '\\$&');
}

/** The compliance report as Markdown: a matrix per set, the reporting edges, and the break. */
export function renderMarkdown(reports: SetReport[], locale: Locale, whereRaw: (p: Place) => string, labelRaw: (uri: string) => string): string {
  const t = L[locale];
  const where = (p: Place) => mdText(whereRaw(p));
  const label = (uri: string) => mdText(labelRaw(uri));
  const out = [`# ${t.title}`, ''];
  for (const r of reports) {
    out.push(`## ${t.set}: ${label(r.root)}`, '');
    out.push(`${t.members}: ${r.members.map(label).join(', ')}`, '');
    out.push(`${t.counts}: ${r.counts.errors} ${t.errors}, ${r.counts.warnings} ${t.warnings}, ${r.counts.information} ${t.information}, ${r.counts.suppressed} ${t.suppressed}`, '');
    out.push(`| ${t.clause} | ${t.status} | ${t.detail} |`, '|---|---|---|');
    for (const c of r.clauses) {
      const name = `${'&nbsp;&nbsp;'.repeat(c.depth)}${c.id}${c.title ? ` ${c.title[locale]}` : ''}`;
      const detail =
        c.status === 'finding' || c.status === 'incomplete'
          ? c.findings.map((f) => `\`${f.rule}\` ${where(f.place)}`).join('<br>')
          : c.status === 'suppressed'
            ? c.suppressed.map((s) => `\`${s.rule}\` ${where(s.place)} (${t.justification}: ${mdText(s.justification) || '—'})`).join('<br>')
            : c.evidence
              ? where(c.evidence)
              : '';
      out.push(`| ${name} | ${t.statuses[c.status]} | ${detail.replace(/\|/gu, '\\|')} |`);
    }
    out.push('', `### ${t.graph}`, '');
    const name = (id: string) => mdText(r.nodes.find((n) => n.id === id)?.name[locale] ?? id);
    for (const e of r.edges) out.push(`- ${name(e.from)} → ${name(e.to)}${t.urgency[e.urgency] ? ` (${t.urgency[e.urgency]})` : ''} — ${where(e.place)}`);
    out.push('', r.gap ? `**${t.gap}:** ${name(r.gap.from)} → ✖ → ${name(r.gap.to)}` : t.noBreak, '');
  }
  return out.join('\n');
}
