import { insertionFix } from '../fix/insert';
import { HANDLING } from '../fix/topics';
import { concepts, conceptPattern } from '../../lexicon';
import { unitsMatching, unitsOf } from '../set/facts';
import type { SetIndex } from '../set/resolve';
import type { Snippet } from '../model/snippet';
import type { Unit } from '../model/units';
import { fitting, missingAt } from './locate';
import type { Rule } from './types';

const PROCEDURE_HEADING = conceptPattern(concepts.procedureHeading);
const PROCEDURE_DOCUMENT = conceptPattern(concepts.procedureDocument);
const OUTSIDE = conceptPattern(concepts.outsideSharing);
const PHASES = Object.values(concepts.phases).map((p) => conceptPattern(p));
const OUTSIDE_ROLES = new Set(['nisc', 'police', 'supervisor']);
const FRAME = conceptPattern(concepts.procedureFrame);

const phasesOf = (u: Unit): number[] => PHASES.flatMap((p, i) => (p.test(u.snippet.norm) ? [i] : []));

/** A section about handling (「3 対処」"Handling"): a list in it is the handling steps. */
const HANDLING_SECTION = conceptPattern(concepts.handlingSection);

/**
 * Whether a text frames a procedure (「次の順に」, "as follows"), kept per snippet: a section's
 * heading is asked for each of its units, and unchanged sections keep their snippets across edits.
 */
const framing = new WeakMap<Snippet, boolean>();
function frames(snippet: Snippet): boolean {
  const key = snippet.origin ?? snippet;
  let f = framing.get(key);
  if (f === undefined) {
    f = FRAME.test(snippet.norm);
    framing.set(key, f);
  }
  return f;
}

/**
 * Steps that walk through the phases (report, contain, investigate, recover, learn) are a
 * procedure: a sentence that says it is one, or a list introduced as one (「対処は、次の順に行う。」
 * "Handling follows these steps:") or standing in a section about handling, naming at least
 * three phases across its items. A sentence that lists what the CSIRT does (「CSIRTは、…拡大防止、
 * …復旧、…再発防止を行う」) states duties, not a procedure (checks.md, handling-procedure).
 */
function walksThroughPhases(index: SetIndex): boolean {
  const lists = new Map<string, Set<number>>();
  for (const { doc, unit } of unitsOf(index)) {
    if (unit.kind === 'heading') continue;
    const heading = unit.section?.snippet.norm ?? '';
    const framed = frames(unit.snippet) || (unit.section !== undefined && frames(unit.section.snippet));
    const list = unit.list;
    const step = list !== undefined && ((list.leadIn !== undefined && frames(list.leadIn.snippet)) || HANDLING_SECTION.test(heading));
    // The phases are looked for only where they would count (every pattern over every unit was
    // a twentieth of an edit's analysis).
    if (!framed && !step) continue;
    const phases = phasesOf(unit);
    if (framed && phases.length >= 3) return true;
    if (!step) continue;
    const key = `${doc.uri}#${list.listId}`;
    const seen = lists.get(key) ?? new Set(list.leadIn ? phasesOf(list.leadIn) : []);
    for (const p of phases) seen.add(p);
    if (seen.size >= 3) return true;
    lists.set(key, seen);
  }
  return false;
}

export const handlingProcedure: Rule = {
  meta: {
    id: 'handling-procedure',
    clauses: ['2.2.4(1)(b)'],
    severity: 'error',
    scope: 'policy-set',
    fix: 'review',
    title: { en: 'An incident handling procedure exists and covers outside information sharing', ja: '府省庁外との情報共有を含む対処手順が整備されている' },
    description: {
      en: 'Unified Standard 2.2.4(1)(b) requires an incident handling procedure that includes sharing information with parties outside the organization. In 2015 the only procedure was to pull the LAN cable; nothing said who outside had to be told.',
      ja: '統一基準2.2.4(1)(b)は、府省庁外との情報共有を含む対処手順の整備を求めている。2015年の事案では「LANケーブルを抜く」以外の手順がなく、外部の誰に知らせるかも定まっていなかった。',
    },
    messages: {
      missing: {
        en: 'No incident handling procedure is part of this policy set. Unified Standard 2.2.4(1)(b) requires one; link the incident response runbook from the policy, or add a section with the handling steps.',
        ja: 'このポリシー群に情報セキュリティインシデントの対処手順がない。統一基準2.2.4(1)(b)は対処手順の整備を求めている。対処手順書をポリシーからリンクするか、対処の手順を定める節を追加すること。',
      },
      noSharing: {
        en: 'The incident handling procedure does not cover sharing information with outside parties. Unified Standard 2.2.4(1)(b) requires it; state who outside the organization is informed (NISC, the police, the supervising ministry, other agencies) and how.',
        ja: '対処手順に府省庁外との情報共有が含まれていない。統一基準2.2.4(1)(b)はこれを求めている。組織外の誰（NISC、警察、所管省庁、関係機関等）とどのように情報を共有するかを定めること。',
      },
      fixTitle: { en: 'Add a handling procedure section', ja: '対処手順の節を追加する' },
      fixText: {
        en: 'When an information security incident occurs, the CSIRT handles it in this order: triage and reporting; containment; investigation of the cause; recovery; lessons learned and recurrence prevention. The CSIRT shares information with parties outside the organization (`<organizations>`) as needed.',
        ja: 'CSIRTは、情報セキュリティインシデントが発生した場合には、報告の受付及び初動対応、被害の拡大防止（封じ込め）、原因調査、復旧、教訓の導出及び再発防止の順に対処する。CSIRTは、必要に応じて〔共有先の機関〕等の府省庁外の関係機関と情報を共有する。',
      },
      heading: { en: 'Incident handling procedure', ja: '情報セキュリティインシデントへの対処' },
      sharingTitle: { en: 'Add information sharing with outside parties', ja: '組織外との情報共有を定める' },
      sharingText: {
        en: 'The CSIRT shares information about incidents with parties outside the organization (`<organizations>`) as needed.',
        ja: 'CSIRTは、情報セキュリティインシデントについて、必要に応じて〔共有先の機関〕等の府省庁外の関係機関と情報を共有する。',
      },
    },
  },
  check(ctx) {
    const { index, set } = ctx;
    const hasRunbook = set.members.some((d) => d.kind === 'runbook' || d.kind === 'plan');
    const section = set.members.some((d) => d.headings.some((h) => PROCEDURE_HEADING.test(h.snippet.norm)));
    const named = unitsMatching(index, PROCEDURE_DOCUMENT).length > 0;
    const steps = walksThroughPhases(index);
    const { messages } = this.meta;
    if (!hasRunbook && !section && !named && !steps) {
      const at = missingAt(set, HANDLING);
      ctx.report({ ...at, message: messages.missing!, fixes: [insertionFix(at.doc, messages.fixTitle!, messages.fixText!, { ...HANDLING, heading: messages.heading!, ...fitting(ctx) })] });
      return;
    }
    const sharing = unitsMatching(index, OUTSIDE).length > 0 || index.edges.some((e) => e.to.some((n) => OUTSIDE_ROLES.has(n)));
    if (sharing) return;
    const at = missingAt(set, HANDLING);
    ctx.report({ ...at, message: messages.noSharing!, severity: 'warning', fixes: [insertionFix(at.doc, messages.sharingTitle!, messages.sharingText!, { ...HANDLING, ...fitting(ctx) })] });
  },
};
