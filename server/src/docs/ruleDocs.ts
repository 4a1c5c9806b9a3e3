import type { Rule } from '../core/rules/types';
import type { Locale } from '../core/types';
import { catalogFor } from '../standards';

/**
 * Rule documentation rendered from the rule's metadata and from its test fixtures (the examples
 * are the fixtures themselves, so every example in the docs is also a passing test). The same
 * text is written to docs/rules/<id>.md (English) and <id>.ja.md, shown by `kijun explain`,
 * and linked from every diagnostic.
 */

export interface Example {
  name: string;
  language: 'ja' | 'en';
  fails: boolean;
  /** One file, or the files of a policy set (a policy, its runbook, its kijun.json). */
  files: Array<{ path: string; text: string }>;
}

const T = {
  en: {
    clauses: 'Clauses',
    severity: 'Default severity',
    fix: 'Fix',
    fixes: { safe: 'safe (applied by `kijun check --fix`)', review: 'review (inserts policy text with placeholders; applied by `--fix-review` or the quick fix)', none: 'none (needs a human decision)' },
    why: 'Why it matters',
    requirement: 'What the standard says',
    examples: 'Examples',
    fail: 'Reported',
    pass: 'Not reported',
    config: 'Configuration',
    configText: (id: string) => `Turn the rule off or change its severity in \`kijun.json\`: \`{"rules": {"${id}": "warning"}}\`. Suppress one finding with a justified comment: \`<!-- kijun-disable-next-line ${id} -- reason -->\`.`,
    generated: 'Generated from the rule metadata and its test fixtures by `npm run docs`; do not edit by hand.',
    other: 'Japanese',
    otherLink: (id: string) => `[日本語](./${id}.ja.md)`,
  },
  ja: {
    clauses: '条項',
    severity: '既定の重大度',
    fix: '修正',
    fixes: { safe: '安全（`kijun check --fix` で適用）', review: '要確認（〔記入欄〕付きの規定文を挿入。`--fix-review` 又はクイックフィックスで適用）', none: 'なし（人の判断が必要）' },
    why: 'なぜ問題か',
    requirement: '統一基準の規定',
    examples: '例',
    fail: '指摘される例',
    pass: '指摘されない例',
    config: '設定',
    configText: (id: string) => `\`kijun.json\` で無効化又は重大度の変更ができる: \`{"rules": {"${id}": "warning"}}\`。個別の指摘は理由付きのコメントで抑制できる: \`<!-- kijun-disable-next-line ${id} -- 理由 -->\`。`,
    generated: 'このページは規則のメタデータとテスト用フィクスチャから `npm run docs` で生成している。直接編集しないこと。',
    other: 'English',
    otherLink: (id: string) => `[English](./${id}.md)`,
  },
};

export function renderRuleDoc(rule: Rule, examples: Example[], locale: Locale): string {
  const t = T[locale];
  const m = rule.meta;
  const catalog = catalogFor()!;
  const lines: string[] = [];
  lines.push(`# ${m.id}`, '', `**${m.title[locale]}** · ${t.otherLink(m.id)}`, '');
  lines.push(`| ${t.clauses} | ${t.severity} | ${t.fix} |`, '|---|---|---|');
  lines.push(`| ${m.clauses.join(', ') || '—'} | ${m.severity} | ${m.fix ? t.fixes[m.fix] : t.fixes.none} |`, '');
  lines.push(`## ${t.why}`, '', m.description[locale], '');
  const quoted = m.clauses.map((id) => catalog.get(id)).filter((c) => c?.requirement);
  if (quoted.length) {
    lines.push(`## ${t.requirement}`, '');
    for (const c of quoted) {
      lines.push(`**${c!.id}**${c!.title ? ` ${c!.title[locale]}` : ''}`, '', `> ${c!.requirement![locale].replace(/\n+/gu, '\n>\n> ')}`, '');
    }
  }
  if (examples.length) {
    lines.push(`## ${t.examples}`, '');
    for (const fails of [true, false]) {
      const list = examples.filter((e) => e.fails === fails);
      if (!list.length) continue;
      lines.push(`### ${fails ? t.fail : t.pass}`, '');
      for (const e of list) {
        lines.push(`\`${e.name}\` (${e.language})`, '');
        for (const f of e.files) {
          if (e.files.length > 1) lines.push(`\`${f.path}\``, '');
          lines.push(f.path.endsWith('.json') ? '````json' : '````markdown', f.text.trimEnd(), '````', '');
        }
      }
    }
  }
  lines.push(`## ${t.config}`, '', t.configText(m.id), '', `<!-- ${t.generated} -->`, '');
  return lines.join('\n');
}

/** A clause from the catalog, for `kijun explain 2.2.4(1)(a)`. */
export function renderClause(id: string, locale: Locale): string | undefined {
  const catalog = catalogFor()!;
  const c = catalog.get(id);
  if (!c) return undefined;
  const out = [`${c.id}${c.title ? ` ${c.title[locale]}` : ''}`, ''];
  const q = c.requirement ?? c.purpose ?? null;
  const source = (s: string) => catalog.data.sources[s]?.[locale] ?? s;
  if (q) out.push(q[locale], `(${source(q.source)})`, '');
  if (c.guideline) out.push(c.guideline[locale], `(${source(c.guideline.source)})`, '');
  if (c.explanation) out.push(c.explanation[locale], '');
  if (locale === 'en' && q) out.push('English text is an unofficial translation.', '');
  return out.join('\n');
}
