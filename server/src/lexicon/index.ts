import rolesData from './roles.json';
import phrasesData from './phrases.json';
import conceptsData from './concepts.json';
import { normalizeKey } from '../core/text/normalize';
import type { Localized } from '../core/types';

/**
 * The role and phrase lexicon, compiled for matching. The data lives in roles.json and
 * phrases.json; configuration may add aliases (`roles` in kijun.json), which produces a new
 * Lexicon without touching the shared one.
 */

export interface Term {
  norm: string;
  role: string;
  /** Counts only in a sentence that also contains a reporting word (e.g. a bare 窓口). */
  contextual: boolean;
  /** ASCII-edged terms need word boundaries ("IRT" must not match inside "shirt"). */
  asciiStart: boolean;
  asciiEnd: boolean;
}

export interface RoleInfo {
  id: string;
  name: Localized;
  terms: string[];
}

type TermData = string | { term: string; contextual?: boolean };

const ASCII_WORD = /[a-z0-9]/;
/** ASCII_WORD on a code unit (NaN, past the end: false). */
function asciiWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

export class Lexicon {
  readonly roles: Map<string, RoleInfo>;
  /** Terms by the UTF-16 code of their first character, longest first. */
  private readonly byFirst = new Map<number, Term[]>();
  /** 1 at the UTF-16 codes some term starts with: the extractor asks at every character, and most start none. */
  private readonly starts = new Uint8Array(0x10000);
  readonly sameRoleSuffixes: string[];
  readonly genericRecipients: Set<string>;
  /** A reporter's own superior (上司, "line manager"): generic, but a real recipient of reports. */
  readonly lineManagers: Set<string>;
  readonly titles = rolesData.titles;

  constructor(extra: Record<string, string[]> = {}) {
    this.roles = new Map();
    for (const r of rolesData.roles) {
      const terms = [...(r.ja as TermData[]), ...(r.en as TermData[])];
      const info: RoleInfo = { id: r.id, name: r.name, terms: terms.map((t) => (typeof t === 'string' ? t : t.term)) };
      this.roles.set(r.id, info);
      for (const t of terms) this.addTerm(typeof t === 'string' ? t : t.term, r.id, typeof t === 'string' ? false : t.contextual === true);
    }
    for (const [role, aliases] of Object.entries(extra)) {
      if (!this.roles.has(role)) {
        this.roles.set(role, { id: role, name: { en: aliases[0] ?? role, ja: aliases[0] ?? role }, terms: [] });
      }
      for (const a of aliases) {
        this.roles.get(role)!.terms.push(a);
        this.addTerm(a, role, false);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.norm.length - a.norm.length);
    this.sameRoleSuffixes = rolesData.sameRoleSuffixes.map(normalizeKey);
    this.lineManagers = new Set(rolesData.lineManagers.map(normalizeKey));
    this.genericRecipients = new Set([...rolesData.genericRecipients.ja, ...rolesData.genericRecipients.en, ...rolesData.lineManagers].map(normalizeKey));
  }

  private addTerm(term: string, role: string, contextual: boolean): void {
    const norm = normalizeKey(term);
    if (!norm) return;
    const t: Term = { norm, role, contextual, asciiStart: ASCII_WORD.test(norm[0]!), asciiEnd: ASCII_WORD.test(norm[norm.length - 1]!) };
    const first = norm.charCodeAt(0);
    const list = this.byFirst.get(first) ?? [];
    list.push(t);
    this.byFirst.set(first, list);
    this.starts[first] = 1;
  }

  /** The longest term starting at `i` in normalized text, honouring word boundaries. */
  termAt(norm: string, i: number): Term | undefined {
    const code = norm.charCodeAt(i);
    if (!this.starts[code]) return undefined;
    const candidates = this.byFirst.get(code)!;
    // The terms of a list share their first character: inside an ASCII word none of them starts
    // (the extractor asks at every character, so most English positions end here).
    if (candidates[0]!.asciiStart && i > 0 && asciiWordCode(norm.charCodeAt(i - 1))) return undefined;
    for (const t of candidates) {
      if (!norm.startsWith(t.norm, i)) continue;
      const j = i + t.norm.length;
      if (t.asciiEnd && j < norm.length && asciiWordCode(norm.charCodeAt(j))) {
        // Allow a plural "s" on English terms ("employees", "system owners") but nothing else.
        if (!(norm.charCodeAt(j) === 0x73 && !asciiWordCode(norm.charCodeAt(j + 1)))) continue;
      }
      return t;
    }
    return undefined;
  }

  /** Whether a post can be assigned to the role (a CSIRT, staff at large or NISC cannot). */
  isAssignable(id: string): boolean {
    return !rolesData.notAssignable.includes(id);
  }

  /** The first lexicon term of a role in a language — text the extractor will read back. */
  termFor(id: string, lang: 'ja' | 'en'): string {
    const r = rolesData.roles.find((x) => x.id === id);
    const list = (r ? r[lang] : []) as TermData[];
    const first = list[0];
    if (first === undefined) return this.roleName(id)[lang];
    return typeof first === 'string' ? first : first.term;
  }

  roleName(id: string): Localized {
    return this.roles.get(id)?.name ?? { en: id, ja: id };
  }

  /** Every role term, for "did you mean" suggestions and completion. */
  allTerms(): Array<{ term: string; role: string }> {
    const out: Array<{ term: string; role: string }> = [];
    for (const r of this.roles.values()) for (const t of r.terms) out.push({ term: t, role: r.id });
    return out;
  }
}

export const phrases = phrasesData;

/** Concept patterns (see concepts.json). */
export const concepts = conceptsData;

const compiled = new Map<string, RegExp>();
/** A concept pattern compiled once (case-insensitive, Unicode). */
export function conceptPattern(source: string): RegExp {
  let r = compiled.get(source);
  if (!r) {
    r = new RegExp(source, 'iu');
    compiled.set(source, r);
  }
  return r;
}

let shared: Lexicon | undefined;
/** The lexicon without configuration extensions, built once. */
export function defaultLexicon(): Lexicon {
  shared ??= new Lexicon();
  return shared;
}
