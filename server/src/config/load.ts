import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import schema from './kijun.schema.json';
import rolesData from '../lexicon/roles.json';
import { rules as ruleList } from '../core/rules/registry';
import { globMatcher, globProblem } from './glob';
import { defaultConfig, type KijunConfig, type RuleSetting } from '../core/config';
import type { DocumentKind } from '../core/model/document';
import { editDistance } from '../standards';

/**
 * Finding and loading kijun.json for the adapters (CLI and server). Found upward from each
 * document: kijun.json, then .kijun.json, then a "kijun" key in package.json; the search stops
 * at the workspace root (the CLI's working directory, the server's workspace folders), so a
 * file above the workspace never applies. The nearest configuration applies whole (nothing
 * cascades), so no `"root": true` marker is needed to stop at one. Validated
 * against the shipped JSON Schema, then rule and role ids against the registry and the lexicon,
 * and globs against their bounds (glob.ts); a broken file is a ConfigError naming the file, the
 * key and what was expected — never a silent default.
 */

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly expected: string,
  ) {
    super(`${file}: ${key ? `"${key}"` : 'configuration'}: ${expected}`);
  }
}

export interface LoadedConfig extends KijunConfig {
  /** Directory the globs are relative to. */
  dir: string | undefined;
  include: string[];
  exclude: string[];
  documents: Record<string, DocumentKind>;
}

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

export const CONFIG_FILES = ['kijun.json', '.kijun.json', 'package.json'];

export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly roots: Set<string>;

  /**
   * `roots`: the workspace roots, where the upward search stops (a configuration in the root
   * itself still applies). A file under no root is looked up in its own folder only. Without
   * roots the search goes up to the file system's root.
   */
  constructor(roots: string[] = []) {
    this.roots = new Set(roots.map((r) => resolve(r)));
  }

  /** The configuration that applies to a file (nearest upward); defaults when there is none. */
  forFile(path: string): LoadedConfig {
    const dir = dirname(resolve(path));
    if (this.roots.size && ![...this.roots].some((r) => isUnder(dir, r))) return this.forDir(dir, true);
    return this.forDir(dir, false);
  }

  forDir(dir: string, last = false): LoadedConfig {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    let found: LoadedConfig | undefined;
    for (const name of CONFIG_FILES) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      found = loadConfigFile(file);
      if (found) break;
    }
    const parent = dirname(dir);
    const stop = last || this.roots.has(dir) || parent === dir;
    const config = found ?? (stop ? defaults() : this.forDir(parent));
    this.byDir.set(dir, config);
    return config;
  }

  /** Drops cached files (the server calls this when a kijun.json changes). */
  clear(): void {
    this.byDir.clear();
  }
}

function isUnder(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function defaults(): LoadedConfig {
  return { ...defaultConfig(), dir: undefined, include: [], exclude: [], documents: {} };
}

/** Loads one file; undefined for a package.json without a "kijun" key. Throws ConfigError. */
export function loadConfigFile(file: string): LoadedConfig | undefined {
  let raw: unknown;
  const text = readFileSync(file, 'utf8');
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (e) {
    throw new ConfigError(file, '', `is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (file.endsWith('package.json')) {
    if (!raw || typeof raw !== 'object' || !('kijun' in raw)) return undefined;
    raw = (raw as Record<string, unknown>)['kijun'];
  }
  return fromObject(raw, file);
}

export function fromObject(raw: unknown, file: string): LoadedConfig {
  if (!validate(raw)) {
    const e = (validate.errors ?? [])[0];
    throw new ConfigError(file, keyOf(e), describe(e));
  }
  const o = raw as Record<string, unknown>;
  checkIds(o, file);
  checkGlobs(o, file);
  const rules: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries((o['rules'] as Record<string, unknown>) ?? {})) {
    if (typeof v === 'string') rules[id] = { severity: v as RuleSetting['severity'], options: {} };
    else {
      const s = v as { severity?: RuleSetting['severity']; options?: Record<string, unknown> };
      rules[id] = { severity: s.severity, options: s.options ?? {} };
    }
  }
  return {
    standard: (o['standard'] as string) ?? 'unified-2014',
    organizationType: (o['organizationType'] as KijunConfig['organizationType']) ?? 'government-agency',
    authorities: (o['authorities'] as Record<string, string[]>) ?? {},
    roles: (o['roles'] as Record<string, string[]>) ?? {},
    rules,
    source: file,
    dir: dirname(file),
    include: (o['include'] as string[]) ?? [],
    exclude: (o['exclude'] as string[]) ?? [],
    documents: (o['documents'] as Record<string, DocumentKind>) ?? {},
  };
}

const RULE_IDS = ruleList.map((r) => r.meta.id);
const ROLE_IDS = rolesData.roles.map((r) => r.id);

/** Rule and role ids must exist: a misspelled id would otherwise be a setting silently ignored. */
function checkIds(o: Record<string, unknown>, file: string): void {
  for (const [key, known, what] of [['rules', RULE_IDS, 'rule'], ['roles', ROLE_IDS, 'role']] as const) {
    for (const id of Object.keys((o[key] as Record<string, unknown> | undefined) ?? {})) {
      if (known.includes(id)) continue;
      const near = nearest(id, known);
      throw new ConfigError(file, `${key}.${id}`, `is not a ${what} id; ${near ? `did you mean "${near}"?` : `known ids: ${known.join(', ')}`}`);
    }
  }
}

function checkGlobs(o: Record<string, unknown>, file: string): void {
  for (const key of ['include', 'exclude'] as const) {
    ((o[key] as string[] | undefined) ?? []).forEach((g, i) => {
      const problem = globProblem(g);
      if (problem) throw new ConfigError(file, `${key}.${i}`, problem);
    });
  }
  for (const g of Object.keys((o['documents'] as Record<string, unknown> | undefined) ?? {})) {
    const problem = globProblem(g);
    if (problem) throw new ConfigError(file, `documents.${g.length > 40 ? `${g.slice(0, 40)}…` : g}`, problem);
  }
}

/** The known id closest in edit distance, if it is close enough to be a likely typo. */
function nearest(id: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    // Ids far apart in length are no typo of each other; long ones are not worth comparing.
    const d = Math.abs(id.length - k.length) > 10 || id.length > 64 ? Infinity : editDistance(id, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined;
}

function keyOf(e: ErrorObject | undefined): string {
  if (!e) return '';
  const path = e.instancePath.replace(/^\//u, '').split('/').filter(Boolean).join('.');
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return path ? `${path}.${extra}` : extra;
  }
  return path;
}

function describe(e: ErrorObject | undefined): string {
  if (!e) return 'is invalid';
  switch (e.keyword) {
    case 'additionalProperties':
      return 'is not a known key';
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${(e.params as { type: string }).type === 'array' ? 'an array' : `of type ${(e.params as { type: string }).type}`}`;
    case 'oneOf':
      return 'must be "off", "error", "warning", "information", or {"severity": …, "options": {…}}';
    default:
      return e.message ?? 'is invalid';
  }
}

/** Kind a configuration's `documents` globs give a file, if any. */
export function configuredKind(config: LoadedConfig, path: string): DocumentKind | undefined {
  if (!config.dir) return undefined;
  const rel = relative(config.dir, path).split(sep).join('/');
  for (const [glob, kind] of Object.entries(config.documents)) if (globMatcher(glob)(rel)) return kind;
  return undefined;
}

/** Whether include/exclude globs let a file be checked. */
export function isIncluded(config: LoadedConfig, path: string): boolean {
  if (!config.dir) return true;
  const rel = relative(config.dir, path).split(sep).join('/');
  if (rel.startsWith('..')) return true;
  if (config.exclude.length && globMatcher(config.exclude)(rel)) return false;
  if (config.include.length) return globMatcher(config.include)(rel);
  return true;
}
