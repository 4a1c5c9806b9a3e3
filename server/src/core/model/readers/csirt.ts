import { concepts, conceptPattern } from '../../../lexicon';
import type { HeadingInfo, Unit } from '../units';
import type { ReadingContext } from './context';

/**
 * Whether a document establishes the organization's own CSIRT and states its tasks.
 * Established: 「CSIRTを置く」「…ためのチームとして設置する」「本学に設置された体制をいう」,
 * "Establish and maintain the CSIRT", "The CIRT investigates and resolves …" (a team that acts
 * exists). Not: advocacy ("Establishing a CSIRT is a great way …"), a deferral
 * (「CSIRTの設置については別途定める」). Tasks: concrete ones (grasp and analyse, contain, recover,
 * report to executives, prevent recurrence, "investigates and resolves"), not a bare purpose
 * (「迅速かつ適切に対応する」「緊急対応に関すること」).
 */

export interface CsirtReading {
  established: boolean;
  tasksStated: boolean;
  /** Units that establish the CSIRT and that state its tasks. */
  establishedAt: Unit | undefined;
  tasksAt: Unit | undefined;
}

const ESTABLISH = /設置|置く|置き|置かれ|設け|整備し|整備する|編成|組織する|をもって組織|発足|立ち上げ|establish|set up|maintain|is formed|are formed|constitut/iu;
const DEFERRED = /別途定め|別に定め|検討する|検討を行|予定|将来|advocat|great way|should consider|consider establishing|is recommended|benefits? of/iu;
const ADVOCACY_EN = /^\W*establishing\b/iu;
const CONCRETE_TASKS = /把握|分析|解析|被害(?:の)?拡大(?:の)?防止|拡大防止|封じ込め|復旧|再発防止|原因(?:の)?(?:究明|調査)|調査|情報(?:の)?(?:収集|集約)|報告|通報受付|切り分け|初期対応|応急措置|contain|recover|investigat|resolv|analy[sz]|triage|restor|eradicat|report|escalat|coordinat/iu;
const TEAM_ACTS_EN = /^\s*(?:\([a-z]+\)\s*)?(?:will\s+|shall\s+)?(?:investigates?|resolves?|responds?|handles?|coordinates?|contains?|analy[sz]es?|manages?|leads?)\b/iu;
const TASKS = conceptPattern(concepts.csirtTasks);

/** Whether a heading names the team, asked once per heading (every unit below it asked again). */
const teamHeadings = new WeakMap<HeadingInfo, boolean>();
function namesTeam(h: HeadingInfo): boolean {
  let t = teamHeadings.get(h);
  if (t === undefined) teamHeadings.set(h, (t = /csirt|シーサート|cirt|incident response team|インシデント対応チーム/iu.test(h.snippet.norm)));
  return t;
}

export function readCsirt(ctx: ReadingContext): CsirtReading {
  let establishedAt: Unit | undefined;
  let tasksAt: Unit | undefined;
  for (const u of ctx.units) {
    if (u.kind === 'heading') continue;
    const norm = u.snippet.norm;
    const ms = ctx.mentionsOf(u);
    const team = ms.find((m) => m.role === 'csirt');
    const lead = u.list?.leadIn;
    const leadTeam = lead ? ctx.mentionsOf(lead).find((m) => m.role === 'csirt') : undefined;
    const sectionTeam = u.sectionPath.some(namesTeam);
    if (!establishedAt && team) {
      const after = norm.slice(team.end);
      if (!DEFERRED.test(norm) && !ADVOCACY_EN.test(norm) && (ESTABLISH.test(norm) || TEAM_ACTS_EN.test(after))) establishedAt = u;
    }
    if (!tasksAt && (team || leadTeam || (sectionTeam && u.list))) {
      // A duty list: each item a task of the team the lead-in names.
      const text = team ? norm.slice(team.end) : norm;
      if (CONCRETE_TASKS.test(text) && TASKS.test(text) && !/迅速かつ適切に対応|緊急対応に関すること|施策に関すること|その他/u.test(norm.replace(CONCRETE_TASKS, ''))) tasksAt = u;
    }
    if (establishedAt && tasksAt) break;
  }
  return { established: establishedAt !== undefined, tasksStated: tasksAt !== undefined, establishedAt, tasksAt };
}
