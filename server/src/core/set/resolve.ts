import type { DocumentModel } from '../model/document';
import { holderKey } from '../model/holders';
import { isOnlyPlaceholder } from '../model/placeholders';
import type { Assignment, Edge, Endpoint, TitleDefinition } from '../model/types';
import type { PolicySet } from './policySet';

/**
 * Resolution across a policy set. Holders are aliases (checks.md): once 「CSIRT責任者には総務部
 * 監察官を充てる」 is read, 「総務部監察官に報告する」 is an edge to csirt-lead. Nodes of the
 * reporting graph are role ids (`ciso`) or, for posts no role is assigned to, `title:<key>`.
 */

export interface Located<T> {
  item: T;
  doc: DocumentModel;
}

export interface ResolvedEdge {
  from: string[];
  to: string[];
  edge: Edge;
  doc: DocumentModel;
}

export class SetIndex {
  /** Holder key (title:… or role:…) → roles it holds. */
  private readonly holds = new Map<string, Set<string>>();
  readonly assignments: Array<Located<Assignment>> = [];
  readonly definitions: Array<Located<TitleDefinition>> = [];
  readonly edges: ResolvedEdge[] = [];

  /** Short names defined for longer titles (「推進室」 for 「大臣官房情報セキュリティ対策推進室」). */
  private readonly aliasOf = new Map<string, string>();

  constructor(readonly set: PolicySet) {
    for (const doc of set.members) for (const a of doc.aliases) if (a.short !== a.long) this.aliasOf.set(a.short, a.long);
    for (const doc of set.members) {
      for (const a of doc.assignments) {
        this.assignments.push({ item: a, doc });
        // A placeholder a fix left (〔役職名〕, `<post>`) names no holder: it aliases nothing.
        if (!a.role.role || isPlaceholderHolder(a)) continue;
        const key = this.key(a.holder);
        if (!key) continue;
        const roles = this.holds.get(key) ?? new Set<string>();
        roles.add(a.role.role);
        this.holds.set(key, roles);
      }
      for (const d of doc.definitions) this.definitions.push({ item: d, doc });
    }
    for (const doc of set.members) {
      for (const e of doc.edges) {
        this.edges.push({ from: e.from ? this.nodes(e.from) : [], to: this.nodes(e.to), edge: e, doc });
      }
    }
  }

  /** Graph nodes an endpoint stands for: its role, the roles its post holds, or the post itself. */
  nodes(ep: Endpoint): string[] {
    const out = new Set<string>();
    if (ep.role) out.add(ep.role);
    const key = this.key(ep);
    for (const r of (key && (this.holds.get(key) ?? this.heldByFullName(key))) || []) out.add(r);
    if (ep.role) for (const r of this.holds.get(`role:${ep.role}`) ?? []) out.add(r);
    if (!out.size && ep.title) out.add(key!);
    return [...out];
  }

  /**
   * "the duty desk" for the holder "Cyber Response Branch duty desk", 「推進室」 for
   * 「情報セキュリティ対策推進室」: a post named by the end of a holder's full name.
   */
  private heldByFullName(key: string): Set<string> | undefined {
    if (!key.startsWith('title:')) return undefined;
    const short = key.slice(6);
    const english = /^[a-z][a-z ]+$/u.test(short);
    if (english ? !short.includes(' ') : short.length < 3) return undefined;
    let found: Set<string> | undefined;
    for (const [k, roles] of this.holds) {
      if (!k.startsWith('title:') || k === key) continue;
      const full = k.slice(6);
      if (english ? full.endsWith(` ${short}`) : full.endsWith(short)) {
        if (found) return undefined; // ambiguous: two holders end the same way
        found = roles;
      }
    }
    return found;
  }

  /** Graph/holder key of an endpoint, with defined short names resolved to the full title. */
  key(ep: Endpoint): string | undefined {
    if (ep.title) {
      const k = holderKey(ep.title);
      return `title:${this.aliasOf.get(k) ?? k}`;
    }
    return ep.role ? `role:${ep.role}` : undefined;
  }

  /** Assignments of a role, wherever they are in the set. */
  holdersOf(role: string): Array<Located<Assignment>> {
    return this.assignments.filter((a) => a.item.role.role === role);
  }

  /** Assignments of a role to a real post, leaving out placeholders waiting for their author. */
  namedHoldersOf(role: string): Array<Located<Assignment>> {
    return this.holdersOf(role).filter((a) => !isPlaceholderHolder(a.item));
  }

  /** Does the set mention a role at all (in any unit)? */
  mentions(role: string): Array<{ doc: DocumentModel; unit: number; start: number; end: number }> {
    const out: Array<{ doc: DocumentModel; unit: number; start: number; end: number }> = [];
    for (const doc of this.set.members) {
      doc.mentions.forEach((ms, i) => {
        for (const m of ms) if (m.role === role || (m.title && this.holds.get(this.key({ title: m.title } as Endpoint)!)?.has(role))) out.push({ doc, unit: i, start: m.start, end: m.end });
      });
    }
    return out;
  }

  edgesBetween(from: (n: string) => boolean, to: (n: string) => boolean): ResolvedEdge[] {
    return this.edges.filter((e) => e.from.some(from) && e.to.some(to));
  }

  isDefinedTitle(key: string): boolean {
    const short = holderKey(key);
    const k = this.aliasOf.get(short) ?? short;
    return this.holds.has(`title:${k}`) || this.definitions.some((d) => holderKey(d.item.key) === k || holderKey(d.item.key) === short);
  }
}


/** checks.md "Placeholders are not content": a role whose holder is a placeholder has no holder. */
export function isPlaceholderHolder(a: Assignment): boolean {
  return isOnlyPlaceholder(a.holder.display);
}

const indexes = new WeakMap<PolicySet, SetIndex>();
/** The index of a set, built once per analysis and shared by rules, hovers, navigation and reports. */
export function indexOf(set: PolicySet): SetIndex {
  let i = indexes.get(set);
  if (!i) {
    i = new SetIndex(set);
    indexes.set(set, i);
  }
  return i;
}
