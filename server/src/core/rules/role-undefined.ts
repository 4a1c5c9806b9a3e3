import { replacementFix } from '../fix/insert';
import { editDistance } from '../../standards';
import { holderKey } from '../model/holders';
import type { Lexicon } from '../../lexicon';
import { staffReportDesks } from '../set/facts';
import { graphOf } from '../set/graph';
import type { Endpoint } from '../model/types';
import { normalizeKey } from '../text/normalize';
import { fill, type Rule, type RuleContext } from './types';

export const roleUndefined: Rule = {
  meta: {
    id: 'role-undefined',
    clauses: ['2.1.1'],
    severity: 'warning',
    scope: 'document',
    fix: 'review',
    title: { en: 'Roles named in reporting steps are defined', ja: '報告手順に現れる役職が定められている' },
    description: {
      en: 'A runbook step that reports to a post the policy never defines sends the report nowhere: nobody knows who that is at 2 a.m. Unified Standard 2.1.1 requires roles and responsibilities to be made clear. Generic recipients (executives, stakeholders) are not judged.',
      ja: 'ポリシーで定められていない役職への報告を求める手順は、報告を宛先不明にする。夜間にそれが誰か分からない。統一基準2.1.1は権限と責務の明確化を求めている。「幹部」「関係者」のような一般的な宛先は判定しない。',
    },
    messages: {
      undefined: {
        en: '"{title}" is named in a reporting step but is never defined or assigned in this policy set. Did you mean {suggestion}? Define the post (who holds it) in the policy, or use a defined role.',
        ja: '「{title}」は報告の手順に現れるが、このポリシー群のどこにも定められていない（充てる者がない）。「{suggestion}」の誤りではないか。ポリシーでこの役職（充てる者）を定めるか、定義済みの役職を用いること。',
      },
      fixTitle: { en: 'Replace with "{suggestion}"', ja: '「{suggestion}」に置き換える' },
      undefinedNoSuggestion: {
        en: '"{title}" is named in a reporting step but is never defined or assigned in this policy set. Define the post (who holds it) in the policy, or use a defined role.',
        ja: '「{title}」は報告の手順に現れるが、このポリシー群のどこにも定められていない（充てる者がない）。ポリシーでこの役職（充てる者）を定めるか、定義済みの役職を用いること。',
      },
    },
  },
  check(ctx) {
    const { messages } = this.meta;
    const seen = new Set<string>();
    const candidates: Partial<Record<'ja' | 'en', Candidate[]>> = {};
    // Where staff are told to report to a team or desk and to no named contact point, that team
    // is their contact point (checks.md "Contact points"): defined by the instruction itself.
    const desks = graphOf(ctx.index).reaches('staff', 'contact-point') ? new Set<string>() : new Set(staffReportDesks(ctx.index).flatMap((e) => e.to));
    for (const e of ctx.index.edges) {
      for (const ep of [e.edge.from, e.edge.to]) {
        if (!ep || !isCandidate(ep)) continue;
        if (ctx.index.isDefinedTitle(ep.title!) || ctx.index.nodes(ep).some((n) => !n.startsWith('title:') || desks.has(n))) continue;
        const k = `${e.doc.uri}|${ep.span.start}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const suggestion = nearestRole(ep, (candidates[e.doc.language] ??= candidatesOf(ctx, e.doc.language)));
        const message = suggestion
          ? fill(messages.undefined!, { title: ep.display, suggestion })
          : fill(messages.undefinedNoSuggestion!, { title: ep.display });
        const fixes = suggestion ? [replacementFix(e.doc, fill(messages.fixTitle!, { suggestion }), ep.span.start, ep.span.end, suggestion, 'review')] : [];
        ctx.report({ doc: e.doc, span: ep.span, message, fixes });
      }
    }
  },
};

function isCandidate(ep: Endpoint): boolean {
  // A placeholder left by a fix (〔役職名〕) is waiting for its author, not a misnamed role.
  return ep.title !== undefined && ep.roleLike && !ep.generic && !ep.role && !/^(?:〔.*〕|<.*>)$/u.test(ep.title);
}

/** The lexicon's role terms of each language, listed once per lexicon (every undefined title asks). */
const termLists = new WeakMap<Lexicon, { ja: string[]; en: string[] }>();
function termsIn(lexicon: Lexicon, language: 'ja' | 'en'): string[] {
  let lists = termLists.get(lexicon);
  if (!lists) {
    lists = { ja: [], en: [] };
    for (const { term } of lexicon.allTerms()) lists[/[\p{Script=Han}\p{Script=Katakana}]/u.test(term) ? 'ja' : 'en'].push(term);
    termLists.set(lexicon, lists);
  }
  return lists[language];
}

export interface Candidate {
  name: string;
  key: string;
}

/** Role names a title may be a misspelling of: lexicon names first, then the set's posts (once per check). */
function candidatesOf(ctx: RuleContext, language: 'ja' | 'en'): Candidate[] {
  const names = new Set<string>(termsIn(ctx.lexicon, language));
  for (const a of ctx.index.assignments) names.add(a.item.holder.display);
  for (const d of ctx.index.definitions) names.add(d.item.display);
  return [...names].map((name) => ({ name, key: normalizeKey(name) }));
}

/** The known role whose name is closest to the title. */
export function nearestRole(ep: Pick<Endpoint, 'display'>, candidates: Candidate[]): string | undefined {
  const key = holderKey(ep.display);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const { name: c, key: k } of candidates) {
    if (!k || k === key) continue;
    // Shared endings (…管理者, …責任者) matter more than shared beginnings.
    const longer = Math.max(key.length, k.length);
    const bonus = commonSuffix(key, k) * 0.05;
    // The distance is at least the difference in length: a name that cannot come closer than the
    // best so far, or under the threshold, is passed over (the same answer, without its distance).
    if (Math.abs(key.length - k.length) / longer - bonus >= Math.min(bestScore, 0.6)) continue;
    const score = editDistance(key, k) / longer - bonus;
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return bestScore < 0.6 ? best : undefined;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
