import { Lexicon } from '../lexicon';
import { catalogFor } from '../standards';
import { defaultConfig, type KijunConfig } from './config';
import { analyzeDocument, type DocumentKind, type DocumentModel } from './model/document';
import { rules as allRules } from './rules/registry';
import type { Rule, RuleContext } from './rules/types';
import { composeSets, linkTargets, type PolicySet } from './set/policySet';
import { SetIndex } from './set/resolve';
import type { Finding } from './types';

/**
 * The analysis entry point shared by the CLI and the language server: documents in, findings
 * out. Pure: the host supplies text and existence checks; nothing here reads files.
 */

export interface Host {
  /** Text of a document the caller did not pass in (a linked runbook), or undefined. */
  read(uri: string): string | undefined;
  /** Whether a (non-Markdown) link target exists. */
  exists(uri: string): boolean;
  /** Configuration for a document (found upward from it by the adapter). */
  configFor(uri: string): KijunConfig;
  /** Kind assigned by configuration globs, if any. */
  kindFor?(uri: string): DocumentKind | undefined;
}

export interface RuleFailure {
  rule: string;
  root: string;
  error: string;
}

export interface AnalysisResult {
  models: Map<string, DocumentModel>;
  sets: PolicySet[];
  /** Findings per document URI (every analyzed document has an entry). */
  findings: Map<string, Finding[]>;
  failures: RuleFailure[];
}

export interface AnalyzeOptions {
  rules?: Rule[];
  /** Reuse per-document models whose text did not change (the server's cache). */
  cache?: ModelCache;
}

/** Caches document models by URI and exact text, so unchanged documents are not re-parsed. */
export class ModelCache {
  private readonly entries = new Map<string, { text: string; lexiconKey: string; model: DocumentModel }>();

  get(uri: string, text: string, lexiconKey: string, build: () => DocumentModel): DocumentModel {
    const e = this.entries.get(uri);
    if (e && e.text === text && e.lexiconKey === lexiconKey) return e.model;
    const model = build();
    this.entries.set(uri, { text, lexiconKey, model });
    return model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

const lexicons = new Map<string, Lexicon>();
function lexiconFor(config: KijunConfig): { lexicon: Lexicon; key: string } {
  const extra: Record<string, string[]> = { ...config.roles };
  for (const [role, names] of Object.entries(config.authorities)) extra[role] = [...(extra[role] ?? []), ...names];
  const key = JSON.stringify(extra);
  let lexicon = lexicons.get(key);
  if (!lexicon) {
    lexicon = new Lexicon(extra);
    lexicons.set(key, lexicon);
  }
  return { lexicon, key };
}

export function analyzeWorkspace(documents: Map<string, string>, host: Host, options: AnalyzeOptions = {}): AnalysisResult {
  const models = new Map<string, DocumentModel>();
  const load = (uri: string, text: string): DocumentModel => {
    const config = host.configFor(uri);
    const { lexicon, key } = lexiconFor(config);
    const build = () => analyzeDocument(uri, text, { lexicon, configuredKind: host.kindFor?.(uri) });
    const model = options.cache ? options.cache.get(uri, text, key, build) : build();
    models.set(uri, model);
    return model;
  };
  for (const [uri, text] of documents) load(uri, text);
  // Pull in linked documents the caller did not pass (a runbook outside the checked folder).
  const queue = [...models.values()].filter((m) => m.kind !== 'other');
  while (queue.length) {
    const m = queue.shift()!;
    for (const target of linkTargets(m)) {
      if (models.has(target)) continue;
      const text = host.read(target);
      if (text === undefined) continue;
      const loaded = load(target, text);
      if (loaded.kind !== 'other') queue.push(loaded);
    }
  }

  const sets = composeSets(models);
  const findings = new Map<string, Finding[]>();
  for (const uri of models.keys()) findings.set(uri, []);
  const seen = new Set<string>();
  const failures: RuleFailure[] = [];
  const ruleList = options.rules ?? allRules;

  for (const set of sets) {
    const config = host.configFor(set.root.uri);
    const catalog = catalogFor(config.standard) ?? catalogFor()!;
    const { lexicon } = lexiconFor(config);
    const index = new SetIndex(set);
    for (const rule of ruleList) {
      const setting = config.rules[rule.meta.id];
      if (setting?.severity === 'off') continue;
      if (rule.meta.scope === 'policy-set' && set.root.kind !== 'policy') continue;
      const configured = setting?.severity;
      const ctx: RuleContext = {
        set,
        index,
        config,
        catalog,
        lexicon,
        documents: models,
        exists: (uri) => models.has(uri) || host.exists(uri),
        report: (r) => {
          const finding: Finding = {
            rule: rule.meta.id,
            clauses: rule.meta.clauses,
            severity: configured ?? r.severity ?? rule.meta.severity,
            message: r.message,
            uri: r.doc.uri,
            range: r.doc.lines.range(r.span),
            related: r.related ?? [],
            fixes: r.fixes ?? [],
          };
          const key = `${finding.rule}|${finding.uri}|${JSON.stringify(finding.range)}|${finding.message.en}`;
          if (seen.has(key)) return;
          seen.add(key);
          findings.get(finding.uri)?.push(finding);
        },
      };
      try {
        rule.check(ctx);
      } catch (e) {
        // A crashing rule must not take the others down: record it and go on.
        failures.push({ rule: rule.meta.id, root: set.root.uri, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
  }
  for (const list of findings.values()) list.sort(compareFindings);
  return { models, sets, findings, failures };
}

function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}

export { defaultConfig };
