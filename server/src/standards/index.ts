import unified2014 from './unified-2014.json';
import type { Localized } from '../core/types';

/** A clause catalog as data (see unified-2014.json); this module only types and indexes it. */

export interface Quoted extends Localized {
  source: string;
}

export interface Clause {
  id: string;
  parent: string | null;
  title: Localized | null;
  requirement: Quoted | null;
  guideline: Quoted | null;
  purpose?: Quoted | null;
  explanation: Localized | null;
  quoted: boolean;
}

export interface Catalog {
  id: string;
  name: Localized;
  sources: Record<string, Localized & { seed: string }>;
  /** Sections whose every item id is listed: citations inside them are judged. */
  sections: string[];
  clauses: Clause[];
}

export class ClauseCatalog {
  private readonly byId: Map<string, Clause>;

  constructor(readonly data: Catalog) {
    this.byId = new Map(data.clauses.map((c) => [c.id, c]));
  }

  get(id: string): Clause | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  covers(section: string): boolean {
    return this.data.sections.includes(section);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** The catalog id closest to `id` (edit distance, same section preferred), for suggestions. */
  nearest(id: string): string | undefined {
    let best: string | undefined;
    let bestScore = Infinity;
    for (const candidate of this.byId.keys()) {
      if (!/^\d/.test(candidate)) continue;
      const score = editDistance(id, candidate) + (candidate.startsWith(id.split('(')[0]!) ? 0 : 3);
      if (score < bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    return best;
  }
}

export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

const catalogs: Record<string, ClauseCatalog> = { 'unified-2014': new ClauseCatalog(unified2014 as Catalog) };

export function catalogFor(id = 'unified-2014'): ClauseCatalog | undefined {
  return catalogs[id];
}
