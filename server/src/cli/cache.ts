import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { KijunConfig } from '../core/config';
import type { DocumentKind } from '../core/model/document';
import { rules } from '../core/rules/registry';
import type { SuppressedFinding } from '../core/suppress';
import type { Finding } from '../core/types';

/**
 * `kijun check --cache`: what a previous run found, kept in one file so that a run on unchanged
 * documents costs little more than reading them. Keys are content hashes, never times:
 *
 * - a **document** entry, keyed by the hash of its URI, text, the configuration that applies to it
 *   and the kind configuration globs give it, holds what composition needs (kind, local Markdown
 *   link targets) and, for a document in no policy set, its findings (document-skipped,
 *   front-matter-invalid: they depend on nothing else);
 * - a **group** entry (policy sets that share documents are one group: suppressions and the
 *   de-duplication of findings cross them), keyed by the hash of its sets and its documents' keys,
 *   holds the group's findings and suppressed findings, and the answers its rules got about
 *   documents outside it (a link target that is a document of the run, with that document's key;
 *   a file that exists; a missing one; one outside the workspace). It is used only when every
 *   answer is still the same: creating a missing link target, or editing the document an anchor
 *   points into, re-runs the group.
 * - the whole file is keyed by a **fingerprint** of Kijun: the cache format, Kijun's version, the
 *   hash of the running bundle (rules, readers and the lexicon and catalog data are bundled into
 *   it), every rule's id, default severity, scope and fix applicability (from the registry, so a
 *   new rule changes it without anyone remembering to), and Node's version and Unicode/ICU data
 *   (normalization). Another fingerprint means an empty cache.
 *
 * A group whose rules crashed is not stored (the next run tries again). The file is a header
 * line (format, fingerprint, SHA-256 of the rest) and a JSON body; it is written to a temporary
 * file beside it and renamed, so readers see the old file or the new one, never half of one. A
 * file that cannot be read, does not parse or fails its checksum is ignored (one line on stderr)
 * and replaced.
 */

export const CACHE_FORMAT = 1;
const MAGIC = 'kijun-cache';
/** The file inside a --cache-location folder, and inside node_modules/.cache/kijun by default. */
export const CACHE_FILE = 'check-cache.json';

export interface CachedDoc {
  uri: string;
  kind: DocumentKind;
  links: string[];
  /** Findings of the document when it is in no policy set (known once it has been seen so). */
  lone?: Finding[];
}

export interface CachedGroup {
  docs: string[];
  /** Answers about documents outside the group: [uri, `doc:<key>` | file | missing | outside]. */
  deps: Array<[string, string]>;
  findings: Array<[string, Finding[]]>;
  suppressed: Array<[string, SuppressedFinding[]]>;
}

interface Body {
  docs: Record<string, CachedDoc>;
  groups: Record<string, CachedGroup>;
}

const KINDS = new Set(['policy', 'plan', 'runbook', 'other']);

/** Where the cache file is: --cache-location (a folder, or a file), else node_modules/.cache/kijun under the working directory. */
export function cachePath(cwd: string, location: string | undefined): string {
  if (location === undefined) return join(cwd, 'node_modules', '.cache', 'kijun', CACHE_FILE);
  const abs = resolve(cwd, location);
  if (location.endsWith('/') || location.endsWith(sep) || isDirectory(abs)) return join(abs, CACHE_FILE);
  return abs;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** The fingerprint of this Kijun: see above. `script` is the running bundle. */
export function fingerprint(version: string, script: string | undefined): string {
  let code: string;
  try {
    code = script ? sha256(readFileSync(script)) : 'no-script';
  } catch {
    // Without the code's hash nothing can be trusted: a fingerprint no file has.
    code = `unreadable-${randomBytes(8).toString('hex')}`;
  }
  return sha256(
    JSON.stringify({
      format: CACHE_FORMAT,
      kijun: version,
      code,
      rules: rules.map((r) => [r.meta.id, r.meta.severity, r.meta.scope, r.meta.fix ?? null, r.meta.clauses]),
      node: process.version,
      unicode: process.versions.unicode ?? null,
      icu: process.versions.icu ?? null,
    }),
  );
}

export class CheckCache {
  private body: Body = { docs: {}, groups: {} };
  private dirty = false;
  /** Keys used or stored in this run (the others are dropped when they concern a document of this run). */
  private readonly usedDocs = new Set<string>();
  private readonly usedGroups = new Set<string>();
  private readonly seenUris = new Set<string>();
  private readonly configKeys = new WeakMap<object, string>();
  /** Whether opening it already said something on stderr (then a failure to write it says nothing more). */
  noted = false;

  private constructor(
    readonly path: string,
    readonly fingerprint: string,
  ) {}

  /** Opens the cache file (a missing, broken or foreign one is an empty cache; `note` gets one line about a broken one). */
  static open(path: string, fingerprint: string, say: (line: string) => void): CheckCache {
    const cache = new CheckCache(path, fingerprint);
    const note = (line: string) => {
      cache.noted = true;
      say(line);
    };
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') note(`cannot read the cache ${path} (${code ?? String(e)}); checking without it`);
      return cache;
    }
    const newline = text.indexOf('\n');
    let header: unknown;
    try {
      header = JSON.parse(newline < 0 ? text : text.slice(0, newline));
    } catch {
      header = undefined;
    }
    const h = header as { magic?: unknown; format?: unknown; fingerprint?: unknown; checksum?: unknown } | undefined;
    if (!h || typeof h !== 'object' || h.magic !== MAGIC || typeof h.checksum !== 'string') {
      note(`the cache ${path} is not a Kijun cache or is damaged; it is ignored and will be rewritten`);
      return cache;
    }
    // Another format or another Kijun: not an error, the cache simply starts over.
    if (h.format !== CACHE_FORMAT || h.fingerprint !== fingerprint) {
      cache.dirty = true;
      return cache;
    }
    const rest = text.slice(newline + 1);
    let body: unknown;
    try {
      if (sha256(rest) !== h.checksum) throw new Error('checksum');
      body = JSON.parse(rest);
    } catch {
      note(`the cache ${path} is damaged; it is ignored and will be rewritten`);
      cache.dirty = true;
      return cache;
    }
    const b = body as Partial<Body> | null;
    if (b && typeof b === 'object' && isRecord(b.docs) && isRecord(b.groups)) cache.body = { docs: b.docs, groups: b.groups };
    else {
      note(`the cache ${path} is damaged; it is ignored and will be rewritten`);
      cache.dirty = true;
    }
    return cache;
  }

  /** The key of a document: its URI, text, configuration and configured kind. */
  docKey(uri: string, text: string, config: KijunConfig, configuredKind: string | undefined): string {
    let ck = this.configKeys.get(config);
    if (ck === undefined) {
      ck = JSON.stringify(config);
      this.configKeys.set(config, ck);
    }
    this.seenUris.add(uri);
    return sha256(`${uri}\u0000${ck}\u0000${configuredKind ?? ''}\u0000${text}`);
  }

  doc(key: string): CachedDoc | undefined {
    const d = this.body.docs[key];
    if (!d || typeof d !== 'object' || typeof d.uri !== 'string' || !KINDS.has(d.kind) || !isStrings(d.links) || (d.lone !== undefined && !Array.isArray(d.lone))) return undefined;
    this.usedDocs.add(key);
    return d;
  }

  putDoc(key: string, doc: CachedDoc): void {
    const old = this.doc(key);
    // Findings as a document in no set depend on the document alone: kept until its key changes.
    const lone = doc.lone ?? old?.lone;
    if (old && old.kind === doc.kind && sameStrings(old.links, doc.links) && old.lone === lone) return;
    this.body.docs[key] = lone ? { ...doc, lone } : { uri: doc.uri, kind: doc.kind, links: doc.links };
    this.usedDocs.add(key);
    this.dirty = true;
  }

  /** The key of a group: its sets (root and members, in order) and the key of each of its documents. */
  groupKey(sets: Array<{ root: string; members: string[] }>, docKeys: string[]): string {
    return sha256(JSON.stringify([sets, docKeys]));
  }

  group(key: string): CachedGroup | undefined {
    const g = this.body.groups[key];
    if (!g || typeof g !== 'object' || !isStrings(g.docs) || !Array.isArray(g.deps) || !Array.isArray(g.findings) || !Array.isArray(g.suppressed)) return undefined;
    if (!g.deps.every((d) => Array.isArray(d) && typeof d[0] === 'string' && typeof d[1] === 'string')) return undefined;
    if (![...g.findings, ...g.suppressed].every((e) => Array.isArray(e) && typeof e[0] === 'string' && Array.isArray(e[1]))) return undefined;
    this.usedGroups.add(key);
    return g;
  }

  putGroup(key: string, group: CachedGroup): void {
    this.body.groups[key] = group;
    this.usedGroups.add(key);
    this.dirty = true;
  }

  /**
   * Writes the cache if anything changed: entries of this run, and older entries that concern
   * no document of this run (another folder checked with the same cache). Atomic: a temporary
   * file beside it, then rename. Returns the reason it could not be written, if so.
   */
  save(): string | undefined {
    for (const [key, d] of Object.entries(this.body.docs)) {
      if (!this.usedDocs.has(key) && (typeof d?.uri !== 'string' || this.seenUris.has(d.uri))) {
        delete this.body.docs[key];
        this.dirty = true;
      }
    }
    for (const [key, g] of Object.entries(this.body.groups)) {
      if (!this.usedGroups.has(key) && (!isStrings(g?.docs) || g.docs.some((u) => this.seenUris.has(u)))) {
        delete this.body.groups[key];
        this.dirty = true;
      }
    }
    if (!this.dirty) return undefined;
    const rest = JSON.stringify(this.body);
    const header = JSON.stringify({ magic: MAGIC, format: CACHE_FORMAT, fingerprint: this.fingerprint, checksum: sha256(rest) });
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(tmp, `${header}\n${rest}`, { flag: 'wx' });
      renameSync(tmp, this.path);
      this.dirty = false;
      return undefined;
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // Never created.
      }
      return (e as NodeJS.ErrnoException).code ?? String(e);
    }
  }
}

function isRecord(x: unknown): x is Record<string, never> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

function isStrings(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
