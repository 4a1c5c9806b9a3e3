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

/**
 * Levenshtein distance (UTF-16 units), two rows at a time: the role-undefined rule asks it of
 * every known role for every undefined title after each keystroke, and a full matrix of arrays
 * per call was a twelfth of an edit's analysis in the server.
 */
export function editDistance(a: string, b: string): number {
  let prev = new Uint32Array(b.length + 1);
  let row = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (c === b.charCodeAt(j - 1) ? 0 : 1));
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

const catalogs: Record<string, ClauseCatalog> = { 'unified-2014': new ClauseCatalog(unified2014 as Catalog) };

export function catalogFor(id = 'unified-2014'): ClauseCatalog | undefined {
  return catalogs[id];
}
