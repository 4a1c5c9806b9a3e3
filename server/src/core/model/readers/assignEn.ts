import { afterMention } from '../grammar';
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

export function readEnglishAssignments(ctx: ReadingContext, u: Unit, out: Assignment[]): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  const push = (role: Endpoint, h: HolderReading | undefined): void => {
    if (!h || sameEndpoint(h.endpoint, role) || holderNames(ctx, u, h.endpoint, role)) return;
    out.push({ role, holder: h.endpoint, designatedBy: h.designatedBy, span: u.snippet.span, form: 'en-prose' });
  };
  for (const m of ms) {
    if (m.generic || (m.role && !ctx.assignable(m.role))) continue;
    const restStart = norm.length - afterMention(norm, m).length;
    const rest = norm.slice(restStart);
    const role = ctx.endpoint(u, m);
    const a = EN_ASSIGN_AFTER_ROLE.exec(rest);
    if (a && m.role && !EN_ASSIGN_NEG.test(a[0])) {
      const hs = restStart + a[0].indexOf(a[1]!);
      push(role, holderEndpoint(ctx, u, hs, hs + a[1]!.length));
    }
    const before = norm.slice(0, m.start);
    for (const pattern of EN_ASSIGN_BEFORE_ROLE) {
      const b = pattern.exec(before);
      if (!b || EN_ASSIGN_NEG.test(b[0])) continue;
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
