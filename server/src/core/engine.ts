import { Lexicon } from '../lexicon';
import { catalogFor } from '../standards';
import { defaultConfig, type KijunConfig } from './config';
import { analyzeDocument, type DocumentKind, type DocumentModel } from './model/document';
import type { ChunkCache } from './model/chunkedUnits';
import { rules as allRules } from './rules/registry';
import { reportSkipped } from './rules/document-skipped';
import { isInside } from './set/links';
import { reportInvalidFrontMatter } from './rules/front-matter-invalid';
import type { Report, Rule, RuleContext } from './rules/types';
import { composeSets, linkTargets, pullLinked, type PolicySet } from './set/policySet';
import { indexOf } from './set/resolve';
import { unfilledRequirements, type UnfilledRequirements } from './set/unfilled';
import { readSuppressions, suppressionFor, type SuppressedFinding } from './suppress';
import type { Finding, Severity } from './types';

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
  /** Workspace root folders (file: URIs): links that leave them are not followed. All when absent. */
  roots?: string[];
}

export interface RuleFailure {
  rule: string;
  root: string;
  error: string;
}

/**
 * What a rule learnt about a document outside its set (through `documents`, `exists` or
 * `inWorkspace`): `doc`, a document of the analysis (its model; what it says then matters);
 * `file`, something that exists on disk but is not a document of the analysis; `missing`; and
 * `outside`, beyond the workspace roots. A set's findings are a function of its members, its
 * configuration and these answers, which is what lets them be cached (ModelCache, kijun check --cache).
 */
export type ReadState = 'doc' | 'file' | 'missing' | 'outside';

/** Per set: the answers its rules were given about other documents, or `all` when a rule enumerated every document. */
export type SetReads = Map<string, ReadState> | 'all';

export interface AnalysisResult {
  models: Map<string, DocumentModel>;
  sets: PolicySet[];
  /** Per set root URI: what its rules asked about documents outside the set, and the answers. */
  reads: Map<string, SetReads>;
  /** Findings per document URI (every analyzed document has an entry). */
  findings: Map<string, Finding[]>;
  /** Findings silenced by a suppression comment, with the comment, per document URI. */
  suppressed: Map<string, SuppressedFinding[]>;
  failures: RuleFailure[];
}

export interface AnalyzeOptions {
  rules?: Rule[];
  /** Reuse per-document models whose text did not change (the server's cache). */
  cache?: ModelCache;
  /**
   * Text of documents of the workspace that were not passed in (the CLI analyzing part of a
   * workspace): a rule that looks one up as a link target gets its model, built on demand, as
   * if it had been passed in. They are not analyzed themselves and join no set.
   */
  lookup?: (uri: string) => string | undefined;
}

/**
 * Caches document models by URI and exact text, so unchanged documents are not re-parsed, and
 * each policy set's findings by its members and configuration, so a keystroke re-runs the rules
 * of the sets that contain the edited document only.
 */
export class ModelCache {
  constructor(
    /**
     * The documents whose sections are cached, so that an edit re-parses only the section it
     * touched: those open in an editor. The others are parsed whole, once (one parse is cheaper
     * than one per section, and the section caches of a thousand closed documents held a fifth
     * of the server's heap: 230 → 179 MB without them). Every document unless told.
     */
    private readonly editable: (uri: string) => boolean = () => true,
  ) {}

  private readonly entries = new Map<string, { text: string; lexiconKey: string; model: DocumentModel }>();
  /** Parsed sections per document, so an edit re-parses only the section it touched. */
  readonly chunks = new Map<string, ChunkCache>();
  readonly sets = new Map<
    string,
    {
      members: DocumentModel[];
      configKey: string;
      reads: Map<string, { state: ReadState; model: DocumentModel | undefined }> | 'all';
      /** `reads` as the result gives them (each analysis that reuses the set hands out this one). */
      states: SetReads;
      findings: Finding[];
      failures: RuleFailure[];
    }
  >();

  get(uri: string, text: string, lexiconKey: string, build: () => DocumentModel): DocumentModel {
    const e = this.entries.get(uri);
    if (e && e.text === text && e.lexiconKey === lexiconKey) return e.model;
    const model = build();
    this.entries.set(uri, { text, lexiconKey, model });
    return model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.sets.delete(uri);
    this.chunks.delete(uri);
  }

  /** Releases the section cache of a document no longer edited (its model stays). */
  releaseSections(uri: string): void {
    this.chunks.delete(uri);
  }

  /** The section cache of an editable document (undefined for the others: parsed whole). */
  chunksFor(uri: string): ChunkCache | undefined {
    if (!this.editable(uri)) return undefined;
    let c = this.chunks.get(uri);
    if (!c) {
      c = new Map();
      this.chunks.set(uri, c);
    }
    return c;
  }
}

/** A configuration's identity for the set cache; hosts that hand out the same object per document pay for it once. */
const configKeys = new WeakMap<KijunConfig, string>();
function configKeyOf(config: KijunConfig): string {
  let k = configKeys.get(config);
  if (k === undefined) {
    k = JSON.stringify(config);
    configKeys.set(config, k);
  }
  return k;
}

const lexicons = new Map<string, Lexicon>();
/** Hosts hand out one configuration object per folder: its lexicon is looked up once, not per document and analysis. */
const lexiconsByConfig = new WeakMap<KijunConfig, { lexicon: Lexicon; key: string }>();
function lexiconFor(config: KijunConfig): { lexicon: Lexicon; key: string } {
  let known = lexiconsByConfig.get(config);
  if (!known) lexiconsByConfig.set(config, (known = lexiconOf(config)));
  return known;
}
function lexiconOf(config: KijunConfig): { lexicon: Lexicon; key: string } {
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

/**
 * The model of one document, as analyzeWorkspace builds it (with its configuration's lexicon
 * and kind), through the cache if given. The server's background scan calls it alone, document
 * by document, so that reading a large workspace yields to requests between documents.
 */
export function modelOf(uri: string, text: string, host: Host, cache?: ModelCache): DocumentModel {
  const config = host.configFor(uri);
  const { lexicon, key } = lexiconFor(config);
  const build = () => analyzeDocument(uri, text, { lexicon, configuredKind: host.kindFor?.(uri), chunks: cache?.chunksFor(uri) });
  return cache ? cache.get(uri, text, key, build) : build();
}

export function analyzeWorkspace(documents: Map<string, string>, host: Host, options: AnalyzeOptions = {}): AnalysisResult {
  const steps = analyzeWorkspaceInSteps(documents, host, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * analyzeWorkspace as a generator that pauses after each policy set whose rules it ran (a set
 * taken from the cache costs nothing and does not pause): the language server drives it in
 * slices, so that judging a large workspace for the first time yields to requests.
 */
export function* analyzeWorkspaceInSteps(documents: Map<string, string>, host: Host, options: AnalyzeOptions = {}): Generator<void, AnalysisResult, void> {
  const models = new Map<string, DocumentModel>();
  const load = (uri: string, text: string): DocumentModel => {
    const model = modelOf(uri, text, host, options.cache);
    models.set(uri, model);
    return model;
  };
  for (const [uri, text] of documents) load(uri, text);
  // Pull in linked documents the caller did not pass (a runbook outside the checked folder).
  pullLinked(models.values(), (m) => linkTargets(m), (uri) => models.has(uri), (uri) => isInside(uri, host.roots), (uri) => host.read(uri), load);

  // Documents of the workspace the caller knows but did not pass: models on demand, in no set.
  const looked = new Map<string, DocumentModel | undefined>();
  const lookedUp = (uri: string): DocumentModel | undefined => {
    if (!options.lookup) return undefined;
    if (looked.has(uri)) return looked.get(uri);
    const text = options.lookup(uri);
    const model = text === undefined ? undefined : modelOf(uri, text, host, options.cache);
    looked.set(uri, model);
    return model;
  };
  const documentModel = (uri: string): DocumentModel | undefined => models.get(uri) ?? lookedUp(uri);
  const known = (uri: string): boolean => models.has(uri) || (options.lookup !== undefined && options.lookup(uri) !== undefined);
  const observe = (uri: string): ReadState => (known(uri) ? 'doc' : !isInside(uri, host.roots) ? 'outside' : host.exists(uri) ? 'file' : 'missing');
  const reads = new Map<string, SetReads>();

  const sets = composeSets(models);
  const findings = new Map<string, Finding[]>();
  for (const uri of models.keys()) findings.set(uri, []);
  const seen = new Set<string>();
  const failures: RuleFailure[] = [];
  const ruleList = options.rules ?? allRules;
  const judged = new Set<DocumentModel>();
  const add = (finding: Finding): void => {
    const key = findingKey(finding);
    if (seen.has(key)) return;
    seen.add(key);
    findings.get(finding.uri)?.push(finding);
  };
  const toFinding = (rule: Rule, configured: Severity | undefined, r: Report): Finding => ({
    rule: rule.meta.id,
    clauses: r.clauses ?? rule.meta.clauses,
    severity: configured ?? r.severity ?? rule.meta.severity,
    message: r.message,
    uri: r.doc.uri,
    range: r.doc.lines.range(r.span),
    related: r.related ?? [],
    fixes: r.fixes ?? [],
  });

  for (const set of sets) {
    const config = host.configFor(set.root.uri);
    for (const m of set.members) judged.add(m);
    const configKey = options.cache ? configKeyOf(config) : '';
    const cached = options.cache?.sets.get(set.root.uri);
    // Reused when its members, configuration and every answer its rules got about other documents are the same.
    if (cached && cached.configKey === configKey && sameMembers(cached.members, set.members) && sameReads(cached.reads, observe, documentModel)) {
      for (const f of cached.findings) add(f);
      failures.push(...cached.failures);
      reads.set(set.root.uri, cached.states);
      continue;
    }
    const setFindings: Finding[] = [];
    const setFailures: RuleFailure[] = [];
    const setReads = runRules(set, config, (f) => {
      setFindings.push(f);
      add(f);
    }, setFailures);
    failures.push(...setFailures);
    reads.set(set.root.uri, setReads);
    options.cache?.sets.set(set.root.uri, {
      members: set.members,
      configKey,
      reads: setReads === 'all' ? 'all' : new Map([...setReads].map(([uri, state]) => [uri, { state, model: state === 'doc' ? documentModel(uri) : undefined }])),
      states: setReads,
      findings: setFindings,
      failures: setFailures,
    });
    yield;
  }

  /** Runs the rules on one set; returns what they asked about documents outside it. */
  function runRules(set: PolicySet, config: KijunConfig, emit: (f: Finding) => void, failed: RuleFailure[]): SetReads {
    const catalog = catalogFor(config.standard) ?? catalogFor()!;
    const { lexicon } = lexiconFor(config);
    const members = new Set(set.members.map((m) => m.uri));
    const setReads = new Map<string, ReadState>();
    let enumerated = false;
    const read = (uri: string): ReadState => {
      if (members.has(uri)) return 'doc';
      let state = setReads.get(uri);
      if (state === undefined) {
        state = observe(uri);
        setReads.set(uri, state);
      }
      return state;
    };
    // The documents a rule sees, recording each one it asks about; enumerating them all is recorded as such.
    const documents = new Proxy(models, {
      get(target, prop) {
        if (prop === 'get') return (uri: string) => (read(uri) === 'doc' ? documentModel(uri) : undefined);
        if (prop === 'has') return (uri: string) => read(uri) === 'doc';
        enumerated = true;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const judges = (rule: Rule, s: PolicySet): boolean => {
      const setting = config.rules[rule.meta.id];
      if (setting?.severity === 'off' || rule.meta.scope === 'suppression') return false;
      // A set rooted in a policy is judged by every rule; one rooted in a plan (that no policy
      // links) by the 2.1.1(6) and 2.2.4 rules, not the 6.2.4 ones (checks.md).
      if (rule.meta.scope === 'policy-set' && s.root.kind !== 'policy' && !(s.root.kind === 'plan' && !rule.meta.clauses.some((c) => c.startsWith('6.2.4')))) return false;
      // Completeness cannot be judged when part of the set was not read: stay silent.
      if (rule.meta.scope === 'policy-set' && s.members.some((m) => m.skipped)) return false;
      return true;
    };
    // The set's findings of the rules that run first: what placeholders keep unmet is measured against them.
    const found: Finding[] = [];
    let unfilled: UnfilledRequirements | undefined;
    const unfilledOf = (): UnfilledRequirements => {
      // Only a set with placeholders is read again, and only by the rules that judge clauses.
      unfilled ??= unfilledRequirements(
        set,
        found,
        (variant, only) => {
          const out: Finding[] = [];
          for (const rule of ruleList) {
            if (rule.late || !rule.meta.clauses.length || (only && !only.has(rule.meta.id)) || !judges(rule, variant)) continue;
            runOne(rule, variant, (f) => out.push(f), []);
          }
          return out;
        },
        (id) => ruleList.find((r) => r.meta.id === id)?.meta.title ?? { en: id, ja: id },
      );
      return unfilled;
    };
    const runOne = (rule: Rule, s: PolicySet, sink: (f: Finding) => void, failures: RuleFailure[]): void => {
      const setting = config.rules[rule.meta.id]?.severity;
      const configured = setting === 'off' ? undefined : setting;
      const ctx: RuleContext = {
        set: s,
        // Built on first use: a set read again without its placeholders is often judged by rules
        // that need no index (runbook-coverage).
        get index() {
          return indexOf(s);
        },
        config,
        catalog,
        lexicon,
        documents,
        exists: (uri) => read(uri) !== 'missing' && read(uri) !== 'outside',
        inWorkspace: (uri) => read(uri) !== 'outside',
        report: (r) => sink(toFinding(rule, configured, r)),
        unfilled: unfilledOf,
      };
      try {
        rule.check(ctx);
      } catch (e) {
        // A crashing rule must not take the others down: record it and go on.
        failures.push({ rule: rule.meta.id, root: s.root.uri, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    };
    for (const late of [false, true]) {
      for (const rule of ruleList) {
        if (Boolean(rule.late) !== late || !judges(rule, set)) continue;
        runOne(rule, set, (f) => {
          if (!late) found.push(f);
          emit(f);
        }, failed);
      }
    }
    return enumerated ? 'all' : setReads;
  }

  // A skipped document outside every policy set is still reported: never silently.
  const skippedRule = ruleList.find((r) => r.meta.id === 'document-skipped');
  for (const doc of models.values()) {
    if (!doc.skipped || judged.has(doc) || !skippedRule || !documents.has(doc.uri)) continue;
    const configured = host.configFor(doc.uri).rules['document-skipped']?.severity;
    if (configured !== 'off') reportSkipped(skippedRule, doc, (r) => add(toFinding(skippedRule, configured, r)));
  }
  // Likewise a document whose broken front matter meant to declare its kind (kijun: policy).
  const frontMatterRule = ruleList.find((r) => r.meta.id === 'front-matter-invalid');
  for (const doc of models.values()) {
    if (!doc.frontMatter.declaresKind || judged.has(doc) || !frontMatterRule || !documents.has(doc.uri)) continue;
    const configured = host.configFor(doc.uri).rules['front-matter-invalid']?.severity;
    if (configured !== 'off') reportInvalidFrontMatter(frontMatterRule, doc, (r) => add(toFinding(frontMatterRule, configured, r)));
  }

  // Suppression comments apply after every rule has run; then the suppression rules judge them.
  const suppressed = new Map<string, SuppressedFinding[]>();
  for (const doc of judged) {
    const suppressions = readSuppressions(doc);
    if (!suppressions.length) continue;
    const kept: Finding[] = [];
    const silenced: SuppressedFinding[] = [];
    for (const f of findings.get(doc.uri) ?? []) {
      const s = suppressionFor(f, suppressions);
      if (s) {
        s.used = true;
        silenced.push({ finding: f, suppression: s });
      } else kept.push(f);
    }
    findings.set(doc.uri, kept);
    suppressed.set(doc.uri, silenced);
    const config = host.configFor(doc.uri);
    for (const rule of ruleList) {
      if (rule.meta.scope !== 'suppression' || !rule.checkSuppressions) continue;
      const configured = config.rules[rule.meta.id]?.severity;
      if (configured === 'off') continue;
      try {
        rule.checkSuppressions(doc, suppressions, (r) => add(toFinding(rule, configured, r)));
      } catch (e) {
        failures.push({ rule: rule.meta.id, root: doc.uri, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
  }
  for (const list of findings.values()) list.sort(compareFindings);
  return { models, sets, reads, findings, suppressed, failures };
}

/** Findings of a set taken from the cache are the same objects every analysis: their keys are built once. */
const findingKeys = new WeakMap<Finding, string>();
/** Two findings with this key are one (two sets that share a document report it twice). */
function findingKey(finding: Finding): string {
  let key = findingKeys.get(finding);
  if (key === undefined) {
    const { start, end } = finding.range;
    key = `${finding.rule}|${finding.uri}|${start.line}:${start.character}-${end.line}:${end.character}|${finding.message.en}`;
    findingKeys.set(finding, key);
  }
  return key;
}

/** Whether every answer a set's rules got about other documents is still the answer (a set that enumerated them all: never). */
function sameReads(reads: Map<string, { state: ReadState; model: DocumentModel | undefined }> | 'all', observe: (uri: string) => ReadState, model: (uri: string) => DocumentModel | undefined): boolean {
  if (reads === 'all') return false;
  for (const [uri, r] of reads) if (observe(uri) !== r.state || (r.state === 'doc' && model(uri) !== r.model)) return false;
  return true;
}

function sameMembers(a: DocumentModel[], b: DocumentModel[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}

export { defaultConfig };
