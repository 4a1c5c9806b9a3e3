import { isJapaneseText } from '../grammar';
import { findMentions, type Mention } from '../mentions';
import type { Snippet } from '../snippet';
import type { Assignment, Edge, Endpoint, TitleDefinition } from '../types';
import { splitSentences, type Unit } from '../units';
import type { ReadingContext } from './context';
import { makeEdge } from './edge';
import { holderEndpoint } from './holder';

/**
 * Tables, read as a whole: which column is which is decided by the header words *and* by what
 * the cells hold. Reporting tables (報告者 | 報告先 | 期限, "Reporter | Recipient | Deadline"), role
 * tables with any header words (役割 | 担当, "Role | Held by", an empty first header cell over role
 * names and 構成 over posts), and tables whose cells are sentences (a runbook's step table
 * 「STEP1 発生の報告 | 発見者は…報告します。 | 発見者」): those cells are read as prose, with the
 * row's actor cell as the sentence's subject when it names none.
 */

export interface TableReading {
  edges: Edge[];
  assignments: Assignment[];
  definitions: TitleDefinition[];
  /** Sentences of cells, for the prose readers. */
  cellSentences: Unit[];
}

interface Columns {
  from: number;
  to: number;
  deadline: number;
  condition: number;
  role: number;
  holder: number;
}

const COLS: Record<keyof Columns, RegExp> = {
  from: /報告者|報告元|連絡者|連絡元|通報者|通知者|発見者|発信者|報告主体|^from\b|reporter|reported by|^who\b|sender/iu,
  to: /報告先|連絡先|通報先|宛先|送付先|エスカレーション先|^to\b|recipient|notify|report to|escalate to|escalation/iu,
  deadline: /期限|タイミング|時期|緊急度|時間|deadline|timing|^when\b|within|urgency|time/iu,
  condition: /条件|事象|場合|対象|condition|trigger|incident type|event|case/iu,
  role: /役割名|ロール|役職名?$|^役割$|^role(?: name)?$|^position$|^title$|^名称$|^区分$/iu,
  holder: /担当|充て|氏名|構成|職名|holder|assigned|^post|incumbent|held by|person|^name|official|充当|^members?$|^staffed by/iu,
};

/** A role column's cells are short names; a "役割" column of duty sentences is a description. */
const MAX_NAME = 30;

/** The tables among `units` (the document's, or one section's: a table never spans two). */
export function readTables(ctx: ReadingContext, units: readonly Unit[] = ctx.units): TableReading {
  const out: TableReading = { edges: [], assignments: [], definitions: [], cellSentences: [] };
  const tables = new Map<number, Unit[]>();
  for (const u of units) {
    if (u.kind !== 'row') continue;
    const rows = tables.get(u.row!.tableId) ?? [];
    rows.push(u);
    tables.set(u.row!.tableId, rows);
  }
  for (const rows of tables.values()) readTable(ctx, rows, out);
  return out;
}

function readTable(ctx: ReadingContext, rows: Unit[], out: TableReading): void {
  const header = rows[0]!.row!.header;
  const c = columns(ctx, header, rows);
  for (const u of rows) {
    // A recipient column without a reporter column: the reporter is whoever the section speaks of
    // (「## 通知の期限（CSIRT責任者）」 over 重大度 | 通知先 | 期限).
    if (c.to >= 0) out.edges.push(...rowEdges(ctx, u, c));
    if (c.role >= 0) rowAssignment(ctx, u, c, out);
  }
  if (c.to >= 0) return;
  // Cells that are sentences are prose.
  for (const u of rows) {
    u.row!.cells.forEach((cell, i) => {
      if (i === c.role || i === c.holder) return;
      if (!isSentence(cell)) return;
      for (const [s, e] of splitSentences(cell.text)) {
        const sn = cell.slice(s, e);
        if (sn.text.trim()) out.cellSentences.push({ ...u, index: -1, kind: 'sentence', snippet: sn, sentence: 0 });
      }
    });
  }
}

function isSentence(cell: Snippet): boolean {
  const t = cell.norm.trim();
  if (t.length < 12) return false;
  return isJapaneseText(t) ? /(?:する|します|した|しない|こと|ます|る)[。.]?$|。/u.test(t) : /\b(?:must|shall|will|should|is|are|reports?|notif(?:y|ies)|contacts?|responsible|serves?|leads?|operates?|runs|administers)\b/u.test(t);
}

function columns(ctx: ReadingContext, header: Snippet[], rows: Unit[]): Columns {
  const find = (k: keyof Columns, skip: number[] = []): number => header.findIndex((h, i) => !skip.includes(i) && COLS[k].test(h.norm.trim()));
  const from = find('from');
  const to = find('to', [from]);
  const shortCells = (i: number): boolean => rows.every((r) => (r.row!.cells[i]?.norm.trim().length ?? 0) <= MAX_NAME);
  const named = (i: number): boolean => {
      let n = 0;
      for (const r of rows) {
        const cell = r.row!.cells[i];
        if (!cell) continue;
        const ms = ctx.mentionsOf(r).filter((m) => within(r, i, m));
        const text = cell.norm.trim();
        if ((ms.length === 1 && ms[0]!.end - ms[0]!.start >= text.length * 0.8) || teamPost(ctx, r, i)) n++;
      }
      return rows.length > 0 && n >= Math.max(1, Math.ceil(rows.length * 0.6));
  };
  let role = find('role');
  // A "役割" column of duty sentences is a description, not the role names.
  if (role >= 0 && (!shortCells(role) || !named(role))) role = -1;
  // Without a role header: the first column whose cells are mostly role names.
  if (role < 0 && from < 0) {
    const holderHeader = find('holder');
    if (holderHeader > 0 && named(0)) role = 0;
    else if (holderHeader < 0 && header[0]?.norm.trim() === '' && named(0) && header.length >= 2) role = 0;
  }
  let holder = find('holder', [role]);
  if (holder >= 0 && rows.filter((r) => (r.row!.cells[holder]?.norm.trim().length ?? 0) <= 60).length < rows.length * 0.6) holder = -1;
  if (role >= 0 && holder < 0 && header[role + 1] && header[role + 1]!.norm.trim() === '' && shortCells(role + 1)) holder = role + 1;
  return { from, to, deadline: find('deadline', [from, to]), condition: find('condition', [from, to]), role, holder };
}

/** Normalized range of cell `i` in a row snippet ("a | b | c"). */
function cellRange(u: Unit, i: number): [number, number] {
  const cell = u.row!.cells[i];
  if (!cell) return [0, 0];
  let at = 0;
  for (let k = 0; k < i; k++) at += u.row!.cells[k]!.text.length + 3;
  return [u.snippet.normIndexOfText(at), u.snippet.normIndexOfText(at + cell.text.length)];
}

function within(u: Unit, i: number, m: Mention): boolean {
  const [s, e] = cellRange(u, i);
  return m.start >= s && m.end <= e;
}

function rowEdges(ctx: ReadingContext, u: Unit, c: Columns): Edge[] {
  const row = u.row!;
  const ms = ctx.mentionsOf(u);
  const fromM = c.from >= 0 ? ms.find((m) => within(u, c.from, m)) : undefined;
  const tos = ms.filter((m) => within(u, c.to, m));
  if (!tos.length) return [];
  const from = fromM ? ctx.endpoint(u, fromM) : c.from < 0 ? ctx.contextSubject(u) : undefined;
  const deadlineText = c.deadline >= 0 ? (row.cells[c.deadline]?.norm ?? '') : '';
  const condText = c.condition >= 0 ? (row.cells[c.condition]?.norm ?? '') : '';
  const japanese = isJapaneseText(u.snippet.norm);
  const out: Edge[] = [];
  for (const t of tos) {
    const e = makeEdge(u, from, ctx.endpoint(u, t), { urgencyText: `${deadlineText} ${row.cells[c.to]?.norm ?? ''}`, conditionText: condText ? `${condText}${japanese ? '場合' : ''}` : '', japanese, tableCell: true }, 'table');
    if (e) {
      if (condText) e.condition = { text: row.cells[c.condition]!.text.trim(), cyber: /サイバー|攻撃|不正アクセス|cyber|attack|intrusion|malware/iu.test(condText) };
      out.push(e);
    }
  }
  return out;
}

/**
 * Bare posts of a team, in a table about the CSIRT (under 「（CSIRTの構成）」, or after a lead-in
 * that names it): 「責任者」「要員」 are the CSIRT's lead and members (lexicon titles.csirtTeamPosts).
 * Nowhere else: a bare 「責任者」 elsewhere is anybody's.
 */
function teamPost(ctx: ReadingContext, u: Unit, column: number): Endpoint | undefined {
  const cell = u.row!.cells[column];
  const posts: Record<string, string | undefined> = ctx.lexicon.titles.csirtTeamPosts;
  const role = cell ? posts[cell.norm.trim()] : undefined;
  if (!cell || !role) return undefined;
  const about = [u.section?.snippet, u.row!.leadIn?.snippet].some((s) => s !== undefined && findMentions(s, ctx.lexicon).some((m) => m.role === 'csirt'));
  if (!about) return undefined;
  return { role, title: undefined, display: cell.text.trim(), span: cell.span, generic: false, roleLike: true, base: undefined };
}

function rowAssignment(ctx: ReadingContext, u: Unit, c: Columns, out: TableReading): void {
  const row = u.row!;
  const ms = ctx.mentionsOf(u);
  const roleM = ms.find((m) => within(u, c.role, m));
  const team = teamPost(ctx, u, c.role);
  if (!roleM && !team) return;
  const role = team ?? ctx.endpoint(u, roleM!);
  if (role.title) out.definitions.push({ key: role.title, display: role.display, span: role.span });
  if (c.holder < 0) return;
  const cell = row.cells[c.holder];
  if (!cell || !cell.text.trim() || /^[-–—ー―]+$/u.test(cell.text.trim())) return;
  const [hs, he] = cellRange(u, c.holder);
  const holder = holderEndpoint(ctx, u, hs, he);
  if (holder) out.assignments.push({ role, holder: holder.endpoint, designatedBy: holder.designatedBy, span: u.snippet.span, form: 'table' });
}
