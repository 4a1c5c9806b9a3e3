import type { Lexicon } from '../../lexicon';
import type { Localized } from '../types';
import type { ResolvedEdge, SetIndex } from './resolve';

/**
 * The reporting graph of a policy set: nodes are role ids or `title:<key>` posts, edges the
 * resolved reporting edges with a known sender. Used for reachability (staff → … → ciso) and
 * for the chain shown when it breaks.
 */
export interface Step {
  from: string;
  to: string;
  edge: ResolvedEdge;
}

export class ReportingGraph {
  private readonly out = new Map<string, Step[]>();
  private readonly in = new Map<string, Step[]>();
  private readonly names = new Map<string, string>();

  constructor(readonly index: SetIndex) {
    for (const e of index.edges) {
      for (const from of e.from) {
        for (const to of e.to) {
          if (from === to) continue;
          const step = { from, to, edge: e };
          push(this.out, from, step);
          push(this.in, to, step);
        }
      }
      // Remember how posts were written, for messages.
      if (e.edge.from) for (const n of e.from) if (n.startsWith('title:')) this.names.set(n, e.edge.from.display);
      for (const n of e.to) if (n.startsWith('title:')) this.names.set(n, e.edge.to.display);
    }
  }

  /** Nodes reachable from `start` (excluding itself unless on a cycle), with the step that reached each. */
  reach(start: string, direction: 'forward' | 'backward' = 'forward'): Map<string, Step | undefined> {
    const seen = new Map<string, Step | undefined>([[start, undefined]]);
    const queue = [start];
    const adj = direction === 'forward' ? this.out : this.in;
    while (queue.length) {
      const n = queue.shift()!;
      for (const s of adj.get(n) ?? []) {
        const next = direction === 'forward' ? s.to : s.from;
        if (seen.has(next)) continue;
        seen.set(next, s);
        queue.push(next);
      }
    }
    return seen;
  }

  reaches(from: string, to: string): boolean {
    return this.reach(from).has(to);
  }

  /** The shortest path from `start` to the node farthest from it — "the longest chain found". */
  longestChainFrom(start: string): Step[] {
    return this.farthest(start, 'forward');
  }

  /** The longest chain that ends at `end` (how far back reports do reach it). */
  longestChainInto(end: string): Step[] {
    return this.farthest(end, 'backward').reverse();
  }

  private farthest(start: string, direction: 'forward' | 'backward'): Step[] {
    const reached = this.reach(start, direction);
    let best: Step[] = [];
    for (const node of reached.keys()) {
      const path: Step[] = [];
      let cur = node;
      while (cur !== start) {
        const s = reached.get(cur)!;
        path.push(s);
        cur = direction === 'forward' ? s.from : s.to;
      }
      if (path.length > best.length) best = path;
    }
    return direction === 'forward' ? best.reverse() : best;
  }

  hasNode(n: string): boolean {
    return this.out.has(n) || this.in.has(n);
  }

  /** A node's name for messages, in both languages. */
  name(node: string, lexicon: Lexicon): Localized {
    if (node.startsWith('title:')) {
      const d = this.names.get(node) ?? node.slice(6);
      return { en: d, ja: d };
    }
    const n = lexicon.roleName(node);
    return { en: n.en.replace(/\s*\(.*\)$/u, ''), ja: n.ja.replace(/（.*）$/u, '') };
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const graphs = new WeakMap<SetIndex, ReportingGraph>();
export function graphOf(index: SetIndex): ReportingGraph {
  let g = graphs.get(index);
  if (!g) {
    g = new ReportingGraph(index);
    graphs.set(index, g);
  }
  return g;
}
