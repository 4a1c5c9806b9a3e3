import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import picomatch from 'picomatch';
import schema from './kijun.schema.json';
import { defaultConfig, type KijunConfig, type RuleSetting } from '../core/config';
import type { DocumentKind } from '../core/model/document';

/**
 * Finding and loading kijun.json for the adapters (CLI and server). Found upward from each
 * document: kijun.json, then .kijun.json, then a "kijun" key in package.json. Validated against
 * the shipped JSON Schema; a broken file is a ConfigError naming the file, the key and what was
 * expected — never a silent default.
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

  /** The configuration that applies to a file (nearest upward); defaults when there is none. */
  forFile(path: string): LoadedConfig {
    return this.forDir(dirname(path));
  }

  forDir(dir: string): LoadedConfig {
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
    const config = found ?? (parent !== dir ? this.forDir(parent) : defaults());
    this.byDir.set(dir, config);
    return config;
  }

  /** Drops cached files (the server calls this when a kijun.json changes). */
  clear(): void {
    this.byDir.clear();
  }
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
  for (const [glob, kind] of Object.entries(config.documents)) if (picomatch(glob, { dot: true })(rel)) return kind;
  return undefined;
}

/** Whether include/exclude globs let a file be checked. */
export function isIncluded(config: LoadedConfig, path: string): boolean {
  if (!config.dir) return true;
  const rel = relative(config.dir, path).split(sep).join('/');
  if (rel.startsWith('..')) return true;
  if (config.exclude.length && picomatch(config.exclude, { dot: true })(rel)) return false;
  if (config.include.length) return picomatch(config.include, { dot: true })(rel);
  return true;
}
