import { insertionFix } from '../fix/insert';
import { concepts, conceptPattern } from '../../lexicon';
import type { DocumentModel } from '../model/document';
import type { Localized } from '../types';
import { fill, type Rule } from './types';

type Phase = keyof typeof concepts.phases;
const PHASES = Object.keys(concepts.phases) as Phase[];
const PATTERNS = Object.fromEntries(PHASES.map((p) => [p, conceptPattern(concepts.phases[p])])) as Record<Phase, RegExp>;
const LAN_CABLE = conceptPattern(concepts.lanCable);

const PHASE_STEPS: Record<Phase, Localized> = {
  report: { en: 'Staff report the incident to the reporting contact point immediately; the contact point records it and escalates it to the CSIRT lead.', ja: '職員は、直ちに報告窓口に報告する。報告窓口は、受付内容を記録し、CSIRT責任者に報告する。' },
  containment: { en: 'The CSIRT contains the incident: `<steps to isolate affected systems and accounts>`.', ja: 'CSIRTは、被害の拡大を防止するため、〔影響範囲の隔離・遮断の手順〕を実施する。' },
  investigation: { en: 'The CSIRT preserves logs and evidence and investigates the cause (forensics): `<steps>`.', ja: 'CSIRTは、ログ及び証拠を保全し、原因調査（フォレンジック）を行う：〔手順〕。' },
  recovery: { en: 'System owners restore the systems under the CSIRT\'s direction: `<steps and criteria for resuming service>`.', ja: '情報システムセキュリティ責任者は、CSIRTの指示の下で復旧を行う：〔復旧手順と再開の判断基準〕。' },
  lessons: { en: 'After the incident, the CSIRT holds a lessons-learned review and proposes recurrence prevention measures.', ja: 'CSIRTは、対処の完了後に振り返りを行い、教訓を導出して再発防止策を取りまとめる。' },
};

const PHASE_NAMES: Record<Phase, Localized> = {
  report: { en: 'reporting and triage', ja: '報告・初動（トリアージ）' },
  containment: { en: 'containment', ja: '封じ込め（被害拡大防止）' },
  investigation: { en: 'investigation (forensics)', ja: '原因調査（フォレンジック）' },
  recovery: { en: 'recovery', ja: '復旧' },
  lessons: { en: 'lessons learned and recurrence prevention', ja: '教訓・再発防止' },
};

/** Words of incidents, or of a kind of incident or attack. */
const INCIDENT_TITLE = conceptPattern(concepts.incidentTopic);

/**
 * Incident phases are asked only of a runbook about incidents: a plan, a runbook its author
 * declared (front matter, configuration), or one whose title, front-matter description or
 * opening (before its first section) speaks of incidents. An asset
 * inventory procedure or a CISO's onboarding checklist is a runbook by its keyword, not an
 * incident-handling one.
 */
function aboutIncidents(doc: DocumentModel): boolean {
  if (doc.kind === 'plan' || doc.kindSource === 'front-matter' || doc.kindSource === 'configuration') return true;
  if (INCIDENT_TITLE.test(doc.title?.snippet.norm ?? '')) return true;
  const description = doc.frontMatter.data?.['description'];
  if (typeof description === 'string' && INCIDENT_TITLE.test(description)) return true;
  // A page titled "Checklist" says what it is for before its first section.
  const firstSection = doc.units.find((u) => u.kind === 'heading' && u.heading !== doc.title);
  return doc.units.slice(0, 12).some((u) => u.kind !== 'heading' && (!firstSection || u.index < firstSection.index) && INCIDENT_TITLE.test(u.snippet.norm));
}

export const runbookCoverage: Rule = {
  meta: {
    id: 'runbook-coverage',
    clauses: ['2.2.4'],
    severity: 'warning',
    scope: 'document',
    fix: 'review',
    title: { en: 'The runbook covers every phase of incident response', ja: '手順書がインシデント対応の全段階を扱っている' },
    description: {
      en: 'Unified Standard 2.2.4 (purpose): report the situation, stop the damage spreading, recover, investigate the cause and draw lessons to prevent recurrence. In 2015 the procedure amounted to pulling the LAN cable; the attack went on elsewhere for days. The phases are asked of plans, of runbooks declared as such, and of runbooks whose title, description or opening speaks of incidents — not of an asset inventory procedure or an onboarding checklist.',
      ja: '統一基準2.2.4（目的・趣旨）は、状況の報告、被害拡大の防止、回復、原因調査、教訓の導出と再発防止を求めている。2015年の事案では手順が「LANケーブルを抜く」程度しかなく、攻撃は他の端末で数日続いた。各段階を求めるのは、計画、種別を宣言した手順書、及び表題・説明・冒頭がインシデントを扱う手順書であり、資産管理の手順やチェックリスト一般には求めない。',
    },
    messages: {
      missing: {
        en: 'This runbook does not cover: {phases}. Unified Standard 2.2.4 expects incident handling to report, contain, investigate, recover and learn; add a section for each missing phase.',
        ja: 'この手順書には次の段階が定められていない: {phases}。統一基準2.2.4は、報告、被害拡大防止、原因調査、復旧、教訓の導出と再発防止までの対処を求めている。欠けている段階の節を追加すること。',
      },
      fixTitle: { en: 'Add sections for: {phases}', ja: '次の段階の節を追加する: {phases}' },
      lanCableOnly: {
        en: 'The only concrete action in this runbook is disconnecting the network cable. That stops one machine talking; it does not contain an intrusion, find its cause, recover or prevent recurrence (Unified Standard 2.2.4). Missing: {phases}.',
        ja: 'この手順書の具体的な対処はLANケーブルの抜線だけである。抜線は一台の通信を止めるにすぎず、侵入の封じ込め、原因調査、復旧、再発防止にはならない（統一基準2.2.4）。欠けている段階: {phases}。',
      },
    },
  },
  check(ctx) {
    for (const doc of ctx.set.members) {
      if ((doc.kind !== 'runbook' && doc.kind !== 'plan') || doc.skipped) continue;
      if (!aboutIncidents(doc)) continue;
      // A plan may leave the phases to the runbooks it links: judge it with what it links.
      const linked = doc.kind === 'plan' ? ctx.set.members.filter((m) => m !== doc && doc.links.some((l) => l.url.split('#')[0] && m.uri.endsWith(l.url.split('#')[0]!.replace(/^\.\//u, '')))) : [];
      const missing = missingPhases(doc).filter((p) => !linked.some((m) => !missingPhases(m).includes(p)));
      if (!missing.length) continue;
      const list = (lang: 'en' | 'ja'): string => missing.map((p) => PHASE_NAMES[p][lang]).join(lang === 'ja' ? '、' : ', ');
      const phases = { en: list('en'), ja: list('ja') };
      const lanOnly = doc.units.some((u) => LAN_CABLE.test(u.snippet.norm)) && ['containment', 'investigation', 'recovery', 'lessons'].filter((p) => missing.includes(p as Phase)).length >= 3;
      const span = doc.title?.snippet.span ?? { start: 0, end: doc.lines.lineEnd(0) };
      // One fix adds a section per missing phase, each with a heading and a step to complete.
      const section = (lang: 'en' | 'ja'): string =>
        missing.map((p) => `${'#'.repeat(Math.min(6, (doc.headings[1]?.depth ?? 2)))} ${PHASE_NAMES[p][lang]}\n\n${PHASE_STEPS[p][lang]}`).join('\n\n');
      const fix = insertionFix(doc, fill(this.meta.messages.fixTitle!, { phases }), { en: section('en'), ja: section('ja') });
      ctx.report({ doc, span, message: fill(lanOnly ? this.meta.messages.lanCableOnly! : this.meta.messages.missing!, { phases }), fixes: [fix] });
    }
  },
};

function missingPhases(doc: DocumentModel): Phase[] {
  // Pulling a cable reads like "containment" to a keyword match; it is not, on its own.
  const text = doc.units.map((u) => u.snippet.norm.replace(new RegExp(LAN_CABLE.source, 'giu'), ' ')).join('\n');
  return PHASES.filter((p) => !PATTERNS[p].test(text));
}
