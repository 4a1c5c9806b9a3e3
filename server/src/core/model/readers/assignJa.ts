import { afterMention, afterMentionStart } from '../grammar';
import type { Mention } from '../mentions';
import type { Assignment, Endpoint } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';
import { sameEndpoint } from './edge';
import { holderEndpoint, type HolderReading } from './holder';

/**
 * Japanese assignments: 「CSIRT責任者には、情報政策担当参事官を充てる」「CSIRT責任者は、…を
 * もって充てる」「Xの職にある者をもって充てる」「…は情報担当理事とし、」「報告窓口は、推進室に
 * 置く」「CSIRT責任者：…」, the holder first (「情報政策担当参事官をCSIRT責任者に充てる」「…が
 * CSIRT責任者を兼ねる」), the role and the holder in two clauses (「CISOを置き、…局長をもって
 * これに充てる」「…を有し、理事長がこれにあたる」), a designation as holder (「…のうちから
 * CISOが指名する」), and a back-reference to an item (「前項第1号に掲げる者の中から」).
 */

const HOLDER = '((?:[^、。()]|\\([^()]*\\)){1,60}?)';
const JA_ASSIGN_AFTER_ROLE = [
  // 「CSIRT要員には、情報システム課の係員のうちからCSIRT責任者が指名する者を充てる」: a designation
  // within one clause is the holder as a whole (before the designator's 「が指名」 is taken for the verb).
  /^(?:は|には|に)、?((?:[^、。()]|\([^()]*\)){2,60}?(?:の中から|のうちから|のうち)、?(?:[^、。()]|\([^()]*\)){2,40}?が(?:[0-9]+名)?(?:指名|任命|選任)する(?:者)?)(?:を(?:もって)?(?:充て|あて)|とする|とし[、,]|である|$|[。、])/u,
  // 「CSIRT責任者には、情報政策担当参事官を充てる」「報告窓口として情報政策課を置く」
  // (with an optional agent: 「CSIRT責任者には、最高情報セキュリティ責任者により、情報管理課長が指名される」)
  new RegExp(`^(?:には|に|として)、?(?:[^、。()]{1,40}?(?:により|によって)、?)?${HOLDER}(?:を|が)(?:もって)?(?:充て|あて|あた|当た|任命|指名|選任|配置|置|指定|担当さ|務め|就)`, 'u'),
  // 「CSIRT責任者は、情報政策担当参事官とする」「…は、…をもって充てる」「…は情報担当理事とし、」
  // (after an alias clause: 「情報セキュリティ最高責任者は、CISOと称し、副学長（情報担当）をもって充てる」)
  new RegExp(`^(?:には|は)、?(?:[^、。()]{1,20}?と(?:称し|いい|呼び)[、,])?${HOLDER}(?:とする|とします|とし(?:[、,]|て)|である|をもって(?:これに)?充て|が(?:務め|担|当た|就|これにあた|これに当た)|を充て)`, 'u'),
  // 「リーダーは、本学の教員のうちから、全学情報総括責任者が指名する」: a designation as holder.
  /^(?:は|には)、?((?:[^。()]|\([^()]*\)){2,90}?(?:の中から|のうちから|のうち)、?(?:[^。()]|\([^()]*\)){2,60}?が(?:[0-9]+名)?(?:指名|任命|選任)する)/u,
  // 「報告窓口は、情報セキュリティ対策推進室に置く」
  new RegExp(`^(?:は|を)、?${HOLDER}に(?:置く|置き|置かれ|設置|設け)`, 'u'),
  // 「CSIRT責任者：情報システム課長」
  /^\s*[:：]\s*((?:[^、。()]|\([^()]*\)){1,50}?)\s*(?:[。.]|$)/u,
];
// 「CISOを置き、まちづくり政策局デジタル戦略推進担当局長をもってこれに充てる」
const JA_PLACE_THEN_HOLDER = new RegExp(`^を(?:置き|置く|設け|設置し)[、,]${HOLDER}をもって(?:これに)?(?:充て|あて)`, 'u');
// 「CSIRTにチームリーダーを置き、前項第1号に掲げる者の中からCISOが1名指名する」
const JA_PLACE_THEN_DESIGNATION = /^を(?:置き|置く)[、,]((?:[^。]){2,80}?(?:指名|任命|選任)(?:する|した))/u;
// 「…権限と責任を有し、理事長がこれにあたる」「…管理し、情報システム室長がこれにあたる」
const JA_HOLDER_THEN_KORE = /[、,]((?:[^、。,()]|\([^()]*\)){2,40}?)が(?:これに|これを)(?:あたる|当たる|充てる|務める|担う)/u;
// 「情報政策担当参事官をCSIRT責任者に充てる」「情報システム課長がCSIRT責任者を兼ねる」
const JA_ASSIGN_BEFORE_ROLE = /(?:^|[、。])\s*((?:[^、。()]|\([^()]*\)){1,50}?)(?:を|が)、?$/u;
const JA_ASSIGN_VERB_AFTER_ROLE = /^(?:に|と|として)、?(?:充て|あて|任命|指名|選任|する|し、|定め|指定)|^を(?:兼ね|兼務|務め|担)/u;
const JA_ASSIGN_NEG = /(?:てはならない|てはいけない|ない(?!と)|ず(?!つ)|禁止)/u;
/** 「…をもって充てる」 after 「…の職にある者」: the post, not the person. */
const HOLDER_OF_POST = /の職にある者$/u;
/** 「次の各号に掲げる者をもって組織する」「次に掲げる者で構成する」: members follow in the items. */
const MEMBERSHIP_LEAD = /次(?:の各号)?に掲げる者(?:を|で)(?:もって)?(?:組織|構成)/u;
/** A lead of a team: 「CSIRTにチームリーダーを置き」. */
const TEAM_LEAD = /(?:リーダー|責任者|長|統括者|総括者)$/u;
const BACK_REFERENCE = /前項第([0-9一二三四五六七八九十]+)号に掲げる者/u;

export function readJapaneseAssignments(ctx: ReadingContext, u: Unit, out: Assignment[]): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  const push = (role: Endpoint, h: HolderReading | undefined, form: Assignment['form'] = 'ja-prose'): void => {
    if (!h || sameEndpoint(h.endpoint, role) || holderNames(ctx, u, h.endpoint, role)) return;
    if (out.some((a) => a.span.start === u.snippet.span.start && sameEndpoint(a.role, role) && sameEndpoint(a.holder, h.endpoint))) return;
    out.push({ role, holder: h.endpoint, designatedBy: h.designatedBy, span: u.snippet.span, form });
  };
  for (const m of ms) {
    if (m.generic || (m.role && !ctx.assignable(m.role))) continue;
    const restStart = afterMentionStart(norm, m);
    const rest = norm.slice(restStart, restStart + 400);
    const role = ctx.endpoint(u, m);
    let found = false;
    for (const pattern of JA_ASSIGN_AFTER_ROLE) {
      const a = pattern.exec(rest);
      if (!a) continue;
      const verbTail = rest.slice(a[0].length, a[0].length + 12);
      if (JA_ASSIGN_NEG.test(verbTail.slice(0, 8)) && !/なければ/u.test(verbTail)) continue;
      let holderText = a[1]!;
      if (HOLDER_OF_POST.test(holderText)) holderText = holderText.replace(HOLDER_OF_POST, '');
      const hs = restStart + a[0].indexOf(a[1]!);
      const holder = holderEndpoint(ctx, u, hs, hs + holderText.length);
      // 「最高責任者として最高情報セキュリティ責任者を置き」 establishes a role under a description.
      if (/^として/u.test(rest) && holder?.endpoint.role) continue;
      push(role, holder);
      found = true;
      // 「CSIRT責任者は、情報システム部長とし、システム管理者を兼ねる」: the holder takes the next role too.
      const clauseEnd = restStart + a[0].length;
      const second = ms.find((x) => x.start >= clauseEnd && /^[、,]?$/u.test(norm.slice(clauseEnd, x.start)));
      const concurrent = second ? /^を(?:兼ね|兼務|併任)(.{0,10})/u.exec(afterMention(norm, second)) : null;
      if (holder && second && concurrent && !second.generic && (!second.role || ctx.assignable(second.role)) && !JA_ASSIGN_NEG.test(concurrent[1]!)) {
        push(ctx.endpoint(u, second), holder);
      }
      break;
    }
    if (!found) {
      const place = JA_PLACE_THEN_HOLDER.exec(rest);
      if (place) {
        const hs = restStart + place[0].indexOf(place[1]!);
        push(role, holderEndpoint(ctx, u, hs, hs + place[1]!.length));
        found = true;
      }
    }
    if (!found && TEAM_LEAD.test(m.display)) {
      const design = JA_PLACE_THEN_DESIGNATION.exec(rest);
      if (design) {
        const team = teamBefore(ctx, u, m);
        const asRole = team === 'csirt' ? { ...role, role: 'csirt-lead', title: undefined } : role;
        const hs = restStart + design[0].indexOf(design[1]!);
        push(asRole, resolveBackReference(ctx, u, hs, hs + design[1]!.length));
        found = true;
      }
    }
    if (!found && /^(?:は|が)/u.test(rest)) {
      const kore = JA_HOLDER_THEN_KORE.exec(rest);
      if (kore && !ms.some((x) => x !== m && x.start > m.end && x.start < restStart + kore.index && /^(?:は|が)/u.test(afterMention(norm, x)))) {
        const hs = restStart + kore.index + kore[0].indexOf(kore[1]!);
        push(role, holderEndpoint(ctx, u, hs, hs + kore[1]!.length));
      }
    }
    const b = JA_ASSIGN_BEFORE_ROLE.exec(norm.slice(Math.max(0, m.start - 200), m.start));
    if (b && JA_ASSIGN_VERB_AFTER_ROLE.test(rest)) {
      const tail = rest.slice(0, 16);
      if (!(JA_ASSIGN_NEG.test(tail) && !/なければ/u.test(tail))) {
        const hs = m.start - b[0].length + b[0].indexOf(b[1]!);
        push(role, holderEndpoint(ctx, u, hs, hs + b[1]!.length));
      }
    }
  }
  readGlosses(ctx, u, push);
  readMembership(ctx, u, push);
  readTermAndHolder(ctx, u, push);
}

/**
 * A list item that is a role, white space, and its holder — a definition-list layout:
 * 「(1) CSIRT責任者　情報基盤センター長の職にある者」「CSIRT責任者　情報政策課長」.
 */
function readTermAndHolder(ctx: ReadingContext, u: Unit, push: (role: Endpoint, h: HolderReading | undefined, form?: Assignment['form']) => void): void {
  if (!u.list || !u.list.first) return;
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  const m = ms[0];
  if (!m || m.generic || (m.role && m.role !== 'csirt-member' && !ctx.assignable(m.role))) return;
  if (!/^\s*(?:\([0-9a-z]{1,3}\)|[0-9]{1,2}[.)]|[①-⑳])?\s*$/u.test(norm.slice(0, m.start))) return;
  if (!u.snippet.gapBefore(m.end) || !/^[\p{Script=Han}\p{Script=Katakana}]/u.test(norm.slice(m.end))) return;
  let end = norm.replace(/[。.]$/u, '').length;
  const text = norm.slice(m.end, end);
  if (/[はがをにで、]/u.test(text.replace(/の職にある者$|のうちから.*$|の中から.*$/u, ''))) return;
  if (HOLDER_OF_POST.test(text)) end -= 'の職にある者'.length;
  push(ctx.endpoint(u, m), holderEndpoint(ctx, u, m.end, end));
}

/**
 * Parenthetical glosses. 「報告窓口（情報政策課）」: a post right after a role names its holder;
 * 「官房長（最高情報セキュリティ責任者）」: a role right after a post is the role it holds; and
 * 「所長(=特定個人情報管理責任者 兼 個人情報管理責任者)」: one post, several roles.
 */
function readGlosses(ctx: ReadingContext, u: Unit, push: (role: Endpoint, h: HolderReading | undefined, form?: Assignment['form']) => void): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    const open = /^\s*\(/u.exec(norm.slice(m.end));
    if (!open) continue;
    const close = norm.indexOf(')', m.end + open[0].length);
    if (close < 0) continue;
    const inner = norm.slice(m.end + open[0].length, close);
    if (/以下|という|^[\p{Script=Katakana}ー・\s]+$|^[a-z .,-]+$/u.test(inner)) continue;
    const innerMs = ms.filter((x) => x.start >= m.end + open[0].length && x.end <= close);
    if (m.role && ctx.assignable(m.role) && !innerMs.some((x) => x.role)) {
      // role(holder)
      const h = /^([^()、,;:]{2,40})$/u.exec(inner);
      if (!h) continue;
      const hs = m.end + open[0].length;
      const holder = holderEndpoint(ctx, u, hs, hs + h[1]!.length, true);
      if (holder && !holder.endpoint.role) push(ctx.endpoint(u, m), holder, 'gloss');
      continue;
    }
    if (m.role || m.generic) continue;
    // holder(role): 「各局(部)総括課長(各部局の情報セキュリティ責任者)」「所長(=A 兼 B)」.
    const roles = innerMs.filter((x) => (x.role && ctx.assignable(x.role)) || (x.title && x.roleLike && /[=＝兼]/u.test(inner)));
    if (!roles.length || !/^(?:[=＝]\s*)?(?:[\p{Script=Han}\p{Script=Katakana}ー・a-z0-9]*の)?/u.test(inner)) continue;
    const covered = roles.reduce((n, x) => n + x.end - x.start, 0);
    if (covered < inner.replace(/[\s=＝兼及び、,]|(?:各[\p{Script=Han}]+|[\p{Script=Han}]+)の/gu, '').length * 0.7) continue;
    const holder = holderEndpoint(ctx, u, m.start, m.end, true);
    if (!holder) continue;
    for (const r of roles) push(ctx.endpoint(u, r), holder, 'gloss');
  }
}

/**
 * 「CSIRTは、次の各号に掲げる者をもって組織する。(1) 総合情報メディアセンター専任教員1名以上 …」:
 * each item names a post whose holders are members. An item 「その他…が必要と認める者」 names nobody.
 */
function readMembership(ctx: ReadingContext, u: Unit, push: (role: Endpoint, h: HolderReading | undefined, form?: Assignment['form']) => void): void {
  const lead = u.list?.leadIn;
  if (!lead || !u.list!.first || !MEMBERSHIP_LEAD.test(lead.snippet.norm)) return;
  const team = ctx.mentionsOf(lead).find((m) => m.role === 'csirt' && /^(?:は|を|に)/u.test(afterMention(lead.snippet.norm, m)));
  if (!team) return;
  const norm = u.snippet.norm;
  const body = /^\s*(?:\([0-9a-z]{1,3}\)|[0-9]{1,2}[.)]|[①-⑳]|[ア-ン]\s)?\s*/u.exec(norm)!;
  const text = norm.slice(body[0].length).replace(/[。.]$/u, '');
  if (/^その他|^前各号|必要と認める者/u.test(text)) return;
  // 「(1) CSIRT責任者　情報基盤センター長の職にある者」 names a role and its holder (readTermAndHolder).
  const first = ctx.mentionsOf(u)[0];
  if (first && first.start <= body[0].length && (first.role || first.roleLike) && u.snippet.gapBefore(first.end)) return;
  const holder = holderEndpoint(ctx, u, body[0].length, body[0].length + text.length);
  if (!holder) return;
  const member: Endpoint = ctx.implied('csirt-member', ctx.endpoint(lead, team).span, 'ja');
  push(member, holder, 'membership');
}

/** The team a role is placed in: 「CSIRTにチームリーダーを置き」 → csirt. */
function teamBefore(ctx: ReadingContext, u: Unit, m: Mention): string | undefined {
  const norm = u.snippet.norm;
  const before = ctx.mentionsOf(u).filter((x) => x.end <= m.start && x.role === 'csirt');
  const team = before[before.length - 1];
  if (!team) return undefined;
  return /^に(?:、)?$/u.test(norm.slice(team.end, m.start).replace(/\s/gu, '')) ? team.role : undefined;
}

/**
 * A designation whose pool is 「前項第1号に掲げる者」: the pool is that item of the list in the
 * article's previous paragraph.
 */
function resolveBackReference(ctx: ReadingContext, u: Unit, s: number, e: number): HolderReading | undefined {
  const norm = u.snippet.norm;
  const text = norm.slice(s, e);
  const ref = BACK_REFERENCE.exec(text);
  const direct = holderEndpoint(ctx, u, s, e);
  if (!ref) return direct;
  const n = toNumber(ref[1]!);
  for (let i = u.index - 1; i >= 0 && i >= u.index - 60; i--) {
    const p = ctx.units[i]!;
    if (p.kind === 'heading') break;
    if (p.list && p.list.first && p.list.item === n - 1) {
      const body = /^\s*(?:\([0-9a-z]{1,3}\)|[0-9]{1,2}[.)]|[①-⑳])?\s*/u.exec(p.snippet.norm)!;
      const poolEnd = p.snippet.norm.replace(/[。.]$/u, '').length;
      const pool = holderEndpoint(ctx, p, body[0].length, poolEnd);
      if (!pool) return direct;
      return { endpoint: pool.endpoint, designatedBy: direct?.designatedBy };
    }
  }
  return direct;
}

function toNumber(s: string): number {
  const k = '〇一二三四五六七八九'.indexOf(s);
  if (k >= 0) return k;
  if (s === '十') return 10;
  return Number(s) || 1;
}

/** A "holder" that itself contains the role ("the Agency's point of contact") describes, not assigns. */
export function holderNames(ctx: ReadingContext, u: Unit, holder: Endpoint, role: Endpoint): boolean {
  if (!role.role) return false;
  return ctx.mentionsOf(u).some((m) => {
    const span = u.snippet.spanOfNorm(m.start, m.end);
    const isHolder = span.start === holder.span.start && span.end === holder.span.end;
    return m.role === role.role && !isHolder && span.start >= holder.span.start && span.end <= holder.span.end;
  });
}
