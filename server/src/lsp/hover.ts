import { clauseLabel } from './convert';
import type { Hover, Position } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/engine';
import type { DocumentModel } from '../core/model/document';
import type { Mention } from '../core/model/mentions';
import { ruleById } from '../core/rules/registry';
import { indexOf, type SetIndex } from '../core/set/resolve';
import type { Locale, Span } from '../core/types';
import { defaultLexicon } from '../lexicon';
import { catalogFor, type Clause } from '../standards';

/**
 * Hovers: a clause reference shows what the clause requires (quoted, with its source), a
 * finding shows why it matters and how to fix it, a role shows who holds it and its reporting
 * lines in and out.
 */

const T = {
  en: { requirement: 'Requirement', guideline: 'Guideline', plain: 'In plain words', notQuoted: 'The text of this item is not included in the catalog.', unknown: 'This clause does not exist in the standard.', holders: 'Held by', reportsTo: 'Reports to', reportedBy: 'Receives reports from', noHolder: 'No post is assigned to this role in the policy set.', fix: 'Fix', source: 'Source', why: 'Why it matters' },
  ja: { requirement: '遵守事項', guideline: 'ガイドライン', plain: '解説', notQuoted: 'この項目の本文はカタログに収録していない。', unknown: 'この条項は統一基準に存在しない。', holders: '充てる者', reportsTo: '報告先', reportedBy: '報告元', noHolder: 'このポリシー群では、この役割に充てる者が定められていない。', fix: '修正', source: '出典', why: 'なぜ問題か' },
};

export function hoverAt(result: AnalysisResult, uri: string, position: Position, locale: Locale): Hover | null {
  const doc = result.models.get(uri);
  if (!doc) return null;
  const offset = doc.lines.offsetAt(position);
  const parts: string[] = [];
  let range: Span | undefined;

  for (const f of result.findings.get(uri) ?? []) {
    const s = doc.lines.offsetAt(f.range.start);
    const e = doc.lines.offsetAt(f.range.end);
    if (offset < s || offset > e) continue;
    const rule = ruleById(f.rule);
    if (!rule) continue;
    const fixes = f.fixes.map((x) => `- ${x.title[locale]}${x.applicability === 'safe' ? '' : locale === 'ja' ? '（要確認）' : ' (review)'}`).join('\n');
    parts.push(`**${rule.meta.title[locale]}** \`${rule.meta.id}\`${f.clauses.length ? ` — ${f.clauses.map((c) => clauseLabel(c, locale)).join(', ')}` : ''}\n\n${T[locale].why}: ${rule.meta.description[locale]}${fixes ? `\n\n${T[locale].fix}:\n${fixes}` : ''}`);
    range ??= { start: s, end: e };
  }

  const ref = doc.clauseRefs.find((r) => offset >= r.span.start && offset <= r.span.end);
  if (ref) {
    parts.push(clauseHover(ref.id, locale));
    range = ref.span;
  }

  const role = mentionAt(doc, offset);
  if (role && !ref) {
    const set = result.sets.find((s) => s.members.includes(doc));
    parts.push(roleHover(role.mention, set ? indexOf(set) : undefined, locale));
    range ??= role.span;
  }
  if (!parts.length) return null;
  return {
    contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') },
    range: range ? doc.lines.range(range) : undefined,
  };
}

export function clauseHover(id: string, locale: Locale): string {
  const catalog = catalogFor()!;
  const clause = catalog.get(id);
  const t = T[locale];
  if (!clause) return `**${id}** — ${t.unknown}${catalog.nearest(id) ? ` (${catalog.nearest(id)}?)` : ''}`;
  const chain: Clause[] = [];
  for (let c: Clause | undefined = clause; c; c = c.parent ? catalog.get(c.parent) : undefined) chain.unshift(c);
  const heading = chain.map((c) => `${c.id}${c.title ? ` ${c.title[locale]}` : ''}`).join(' › ');
  const out = [`**${heading}**`];
  if (!clause.quoted) out.push(t.notQuoted);
  const q = clause.requirement ?? clause.purpose ?? null;
  if (q) out.push(`${t.requirement}:\n\n> ${q[locale].replace(/\n+/gu, '\n>\n> ')}\n\n${t.source}: ${catalog.data.sources[q.source]?.[locale] ?? q.source}`);
  if (clause.guideline) out.push(`${t.guideline}:\n\n> ${clause.guideline[locale].replace(/\n+/gu, '\n>\n> ')}\n\n${t.source}: ${catalog.data.sources[clause.guideline.source]?.[locale] ?? clause.guideline.source}`);
  if (clause.explanation) out.push(`${t.plain}: ${clause.explanation[locale]}`);
  if (locale === 'en' && q) out.push('_English text is an unofficial translation._');
  return out.join('\n\n');
}

function mentionAt(doc: DocumentModel, offset: number): { mention: Mention; span: Span } | undefined {
  for (const u of doc.units) {
    if (offset < u.snippet.span.start || offset > u.snippet.span.end) continue;
    for (const m of doc.mentions[u.index]!) {
      const span = u.snippet.spanOfNorm(m.start, m.end);
      if (offset >= span.start && offset <= span.end && (m.role || (m.title && m.roleLike))) return { mention: m, span };
    }
  }
  return undefined;
}

function roleHover(m: Mention, index: SetIndex | undefined, locale: Locale): string {
  const t = T[locale];
  const lexicon = defaultLexicon();
  const ep = { role: m.role, title: m.title, display: m.display, span: { start: 0, end: 0 }, generic: m.generic, roleLike: m.roleLike, base: m.base };
  const nodes = index ? index.nodes(ep) : m.role ? [m.role] : [];
  const name = (n: string) => (n.startsWith('title:') ? n.slice(6) : lexicon.roleName(n)[locale]);
  const roles = nodes.filter((n) => !n.startsWith('title:'));
  const title = roles.length ? roles.map((r) => `${name(r)} \`${r}\``).join(', ') : m.display;
  const out = [`**${title}**${m.role ? '' : ` — ${m.display}`}`];
  if (index) {
    const holders = roles.flatMap((r) => index.holdersOf(r).map((a) => a.item.holder.display));
    out.push(holders.length ? `${t.holders}: ${[...new Set(holders)].join(', ')}` : roles.length ? t.noHolder : '');
    const outgoing = index.edges.filter((e) => e.from.some((n) => nodes.includes(n))).flatMap((e) => e.to.map((n) => `${name(n)}${urgency(e.edge.urgency, locale)}`));
    const incoming = index.edges.filter((e) => e.to.some((n) => nodes.includes(n))).flatMap((e) => e.from.map((n) => `${name(n)}${urgency(e.edge.urgency, locale)}`));
    if (outgoing.length) out.push(`${t.reportsTo}: ${[...new Set(outgoing)].join(', ')}`);
    if (incoming.length) out.push(`${t.reportedBy}: ${[...new Set(incoming)].join(', ')}`);
  }
  return out.filter(Boolean).join('\n\n');
}

function urgency(u: string, locale: Locale): string {
  if (u === 'none') return '';
  const words = { en: { immediate: 'immediately', prompt: 'promptly', delayed: 'delayed' }, ja: { immediate: '直ちに', prompt: '速やかに', delayed: '遅れて' } };
  return ` (${words[locale][u as 'immediate' | 'prompt' | 'delayed']})`;
}
