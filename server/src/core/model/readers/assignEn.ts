import { afterMentionStart } from '../grammar';
import { normalizeKey } from '../../text/normalize';
import type { Assignment, Endpoint } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';
import { sameEndpoint } from './edge';
import { holderEndpoint, type HolderReading } from './holder';
import { holderNames } from './assignJa';

/**
 * English assignments: "The CSIRT lead is the Director of IT Operations", "CSIRT lead: …",
 * "X is appointed / designated as Y", "X serves / shall serve / acts as (the state's) Y", with a
 * coordinated holder ("The CISO or the CISO's designee shall serve as …": the first).
 */

const EN_ASSIGN_AFTER_ROLE = /^\s*(?:is|will be|shall be|is held by|is filled by|role is held by|:)\s+(?:the\s+|our\s+|a\s+)?(.{2,60}?)\s*(?:[.;]|,|$|\()/iu;
const EN_ASSIGN_BEFORE_ROLE = [
  // "The Director of IT Operations is the CSIRT lead."
  /(?:^|,\s*|\.\s+)(?:the\s+|our\s+)?([^,.;]{2,60}?)\s+(?:is|will be|shall be)\s+(?:also\s+)?(?:the\s+|our\s+)$/iu,
  /(?:^|,\s*|\.\s+)(?:the\s+|our\s+)?([^,.;]{2,60}?)\s+(?:is|are|shall be|will be)\s+(?:hereby\s+)?(?:appointed|designated|named|assigned)(?:\s+by\s+[^,.;]{1,40}?)?(?:\s+as|\s+to be|\s+to serve as)?\s+(?:the\s+|our\s+)?$/iu,
  /(?:^|,\s*|\.\s+|\)\s*)(?:the\s+|our\s+)?([^,.;]{2,120}?)\s+(?:(?:shall|will|must|should|may)\s+)?(?:serves?|acts?|functions?)\s+as\s+(?:the\s+|our\s+|an?\s+)?(?:[a-z][\w-]*['’]s\s+)?$/iu,
];
const EN_ASSIGN_NEG = /\b(?:not|never|no)\b/iu;
/** "X is appointed by the CISO from among the senior analysts": a designation. */
const EN_DESIGNATION = /^\s+(?:is|are|shall be|will be)\s+(?:appointed|designated|selected|chosen|named)\s+by\s+(?:the\s+)?(.{2,60}?)\s+from\s+(?:among\s+)?(?:the\s+)?(.{2,60}?)\s*(?:[.;,]|$)/iu;
/** "the IRT Lead (currently the Manager of Network Security)": a holder in parentheses. */
const EN_GLOSS = /^\s*\((?:currently|at present|i\.e\.|namely)?\s*(?:the\s+)?([A-Z][^()]{2,60}?)\)/u;
/** "The Director of IT Infrastructure leads the incident response team": the lead is that post. */
const EN_LEADS = /^\s+(?:leads?|heads?|directs?|commands?|is in charge of|is responsible for leading)\s+(?:the\s+|our\s+)?$/iu;

export function readEnglishAssignments(ctx: ReadingContext, u: Unit, out: Assignment[]): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  const push = (role: Endpoint, h: HolderReading | undefined): void => {
    if (!h) return;
    // "The Help Desk shall serve as the point of contact": a lexicon name of the role, designated.
    if (h.endpoint.role && h.endpoint.role === role.role && normalizeKey(h.endpoint.display) !== normalizeKey(role.display)) h = { ...h, endpoint: { ...h.endpoint, role: undefined, title: normalizeKey(h.endpoint.display) } };
    if (sameEndpoint(h.endpoint, role) || holderNames(ctx, u, h.endpoint, role)) return;
    out.push({ role, holder: h.endpoint, designatedBy: h.designatedBy, span: u.snippet.span, form: 'en-prose' });
  };
  for (const m of ms) {
    if (m.role === 'csirt') {
      // "X leads the CSIRT": X holds the CSIRT lead.
      const lead = [...ms].reverse().find((x) => x.end <= m.start && x !== m && !x.generic && EN_LEADS.test(norm.slice(x.end, m.start)));
      if (lead && lead.role !== 'csirt-lead') {
        const role: Endpoint = ctx.implied('csirt-lead', ctx.endpoint(u, m).span, 'en');
        push(role, holderEndpoint(ctx, u, lead.start, lead.end));
      }
    }
    if (m.generic || (m.role && !ctx.assignable(m.role))) continue;
    const designation = EN_DESIGNATION.exec(norm.slice(m.end));
    if (designation && (m.role || m.roleLike)) {
      const at = m.end + designation[0].indexOf(designation[2]!, designation[0].indexOf(designation[1]!) + designation[1]!.length);
      const pool = holderEndpoint(ctx, u, at, at + designation[2]!.length);
      const byAt = m.end + designation[0].indexOf(designation[1]!);
      const by = ms.find((x) => x.start >= byAt && x.end <= byAt + designation[1]!.length);
      if (pool) push(ctx.endpoint(u, m), { endpoint: pool.endpoint, designatedBy: by ? ctx.endpoint(u, by) : undefined });
      continue;
    }
    const gloss = m.role ? EN_GLOSS.exec(u.snippet.text.slice(textIndex(u, m.end))) : null;
    if (gloss) {
      const hs = u.snippet.normIndexOfText(textIndex(u, m.end) + gloss[0].indexOf(gloss[1]!));
      push(ctx.endpoint(u, m), holderEndpoint(ctx, u, hs, hs + gloss[1]!.length));
    }
    const restStart = afterMentionStart(norm, m);
    const rest = norm.slice(restStart, restStart + 400);
    const role = ctx.endpoint(u, m);
    const a = EN_ASSIGN_AFTER_ROLE.exec(rest);
    if (a && m.role && !EN_ASSIGN_NEG.test(a[0])) {
      const hs = restStart + a[0].indexOf(a[1]!);
      push(role, holderEndpoint(ctx, u, hs, hs + a[1]!.length));
    }
    const before = norm.slice(Math.max(0, m.start - 300), m.start);
    // "… appointed by the CISO", "… from among the senior analysts": the appointer and the pool, not roles.
    if (/\b(?:by|from(?: among)?|among)\s+(?:the\s+)?$/u.test(before)) continue;
    for (const [k, pattern] of EN_ASSIGN_BEFORE_ROLE.entries()) {
      const b = pattern.exec(before);
      if (!b || EN_ASSIGN_NEG.test(b[0])) continue;
      // "The CISO is the Vice President for IT": in "X is the Y", a title Y holds no lexicon role X.
      if (k === 0 && !m.role) break;
      let hs = m.start - b[0].length + b[0].indexOf(b[1]!);
      let he = hs + b[1]!.length;
      // "the CISO or the CISO's designee": the first of the alternatives holds the role.
      const first = ms.find((x) => x.start >= hs && x.end <= he && x !== m);
      if (first && /^\s+(?:or|and\/or)\s/u.test(norm.slice(first.end, he))) {
        hs = first.start;
        he = first.end;
      }
      push(role, holderEndpoint(ctx, u, hs, he));
      break;
    }
  }
}

/** The plain-text index of a normalized index (for patterns that need the original case). */
function textIndex(u: Unit, normIndex: number): number {
  return u.snippet.textOfNorm(0, normIndex).length;
}
