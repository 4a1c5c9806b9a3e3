import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeWorkspace, modelOf, ModelCache, type AnalysisResult, type Host, type ReadState, type RuleFailure } from '../core/engine';
import { isInside } from '../core/set/links';
import { composeLinks, linkTargets, pullLinked, type DocumentLinks } from '../core/set/policySet';
import type { SuppressedFinding } from '../core/suppress';
import type { Finding } from '../core/types';
import type { CheckCache } from './cache';

/**
 * `kijun check` on many files, or with --cache. The findings of a policy set depend on its
 * members, its configuration and what its rules learnt about documents outside it; policy sets
 * that share a document are one *group* (suppressions and de-duplication cross them). So:
 *
 * 1. the documents the cache does not know are analyzed — in worker threads, each on a
 *    contiguous slice of the sorted files (folders stay together) when there are many, else here;
 * 2. the whole workspace is composed again here from per-document summaries (kind and links, from
 *    those analyses or from the cache), with the engine's own composition (composeLinks) and its
 *    own rule for pulling in linked documents (pullLinked);
 * 3. each group is taken from the cache (same documents, same answers about the outside), or from
 *    an analysis that saw exactly its sets and gave its rules the same answers the whole
 *    workspace gives (a worker that lacks a document another worker has does not), or else
 *    analyzed again here, with every document of the workspace available to its rules.
 *
 * The output is the same as a single-threaded run without cache (tested).
 */

export interface CheckResult {
  findings: Map<string, Finding[]>;
  suppressed: Map<string, SuppressedFinding[]>;
  failures: RuleFailure[];
  /** Roots of the policy sets whose rules ran in this run (the others came from the cache). */
  analyzed?: string[];
}

interface SetSummary {
  root: string;
  members: string[];
}

/** What one analysis (a worker's slice, or one here) says about the documents it saw. */
interface Partial {
  docs: DocumentLinks[];
  sets: SetSummary[];
  reads: Array<[string, Array<[string, ReadState]> | 'all']>;
  findings: Array<[string, Finding[]]>;
  suppressed: Array<[string, SuppressedFinding[]]>;
  failures: RuleFailure[];
}

export const PARALLEL_THRESHOLD = 200;
/**
 * Or this many characters of text in fewer files: analyzed here, their models stay until the end
 * of the run (100 × 40 KB: 595 MB peak), where workers hold one slice at a time (283 MB, 9 % slower).
 */
export const PARALLEL_CHARS = 2 * 1024 * 1024;

export function workerCount(documents: Map<string, string>, env: NodeJS.ProcessEnv): number {
  const forced = env['KIJUN_WORKERS'];
  if (forced !== undefined && forced !== '') return Math.max(0, Number(forced) | 0);
  if (documents.size >= PARALLEL_THRESHOLD) return Math.min(4, availableParallelism());
  let chars = 0;
  for (const text of documents.values()) chars += text.length;
  if (chars < PARALLEL_CHARS) return 0;
  return Math.min(4, availableParallelism());
}

/** Runs in a worker: analyze a slice, reply with summaries and findings. */
export function workerAnalyze(documents: Map<string, string>, host: Host): Partial {
  return summarize(analyzeWorkspace(documents, host));
}

function summarize(r: AnalysisResult): Partial {
  return {
    docs: [...r.models.values()].map((m) => ({ uri: m.uri, kind: m.kind, links: linkTargets(m) })),
    sets: r.sets.map((s) => ({ root: s.root.uri, members: s.members.map((m) => m.uri) })),
    reads: [...r.reads].map(([root, reads]) => [root, reads === 'all' ? 'all' : [...reads]]),
    findings: [...r.findings],
    suppressed: [...r.suppressed],
    failures: r.failures,
  };
}

/**
 * Documents per slice a worker analyzes at a time. A worker holds the models of one slice only,
 * so memory stays flat however many files there are; slices are contiguous runs of the sorted
 * files (a folder's policy and runbooks stay together; a set that crosses a slice boundary is
 * taken from the slice that pulled its members in, or analyzed again here). KIJUN_SLICE
 * overrides it (tests make slices small to cross boundaries on purpose).
 */
export const SLICE = 50;

/**
 * Characters of text per slice at most, whatever the count: a model holds about a hundred bytes
 * per character of its document, so fifty 40 KB documents (some 250 MB of models) overran a
 * worker's cap, and every such slice was analyzed a second time here, without one (200 × 40 KB:
 * 32 s, 600 MB). A document larger than this is a slice of its own.
 */
export const SLICE_CHARS = 256 * 1024;

/** Old-generation cap of a worker: it keeps one slice's models, so V8 collects them instead of growing its heap (KIJUN_WORKER_OLD_MB overrides it; tests make workers fail with it). */
const WORKER_OLD_MB = 96;

function sliceSize(env: NodeJS.ProcessEnv): number {
  const forced = Number(env['KIJUN_SLICE']);
  return Number.isInteger(forced) && forced > 0 ? forced : SLICE;
}

/**
 * Analyzes `documents` slice by slice in `lanes` worker threads; the main thread only hands out
 * slices and keeps their summaries. It analyzes nothing itself: a lane on the main thread was
 * about 10 % faster on 1,000 × 4 KB but kept its slices' models in a heap without the workers'
 * cap (peak RSS 335 → 275 MB without it, measured pairwise). Each worker has two slices queued
 * so that it never waits for the next one; a worker that fails (a slice beyond its memory cap)
 * hands its slices to the main thread, which analyzes them at the end.
 */
function inWorkers(documents: Map<string, string>, lanes: number, script: string, workerData: unknown, host: Host): Promise<Source[]> {
  const uris = [...documents.keys()];
  const size = sliceSize(process.env);
  const slices: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const u of uris) {
    const length = documents.get(u)!.length;
    if (current.length && (current.length >= size || chars + length > SLICE_CHARS)) {
      slices.push(current);
      current = [];
      chars = 0;
    }
    current.push(u);
    chars += length;
  }
  if (current.length) slices.push(current);
  const results: Source[] = new Array(slices.length);
  let next = 0;
  const docsOf = (k: number) => slices[k]!.map((u): [string, string] => [u, documents.get(u)!]);
  const retry: number[] = [];
  const worker = () =>
    new Promise<void>((resolve) => {
      const w = new Worker(script, { workerData: { ...(workerData as object), kijunWorker: true }, resourceLimits: { maxOldGenerationSizeMb: Number(process.env['KIJUN_WORKER_OLD_MB']) || WORKER_OLD_MB} });
      const queued: number[] = [];
      const give = () => {
        if (next < slices.length) {
          const k = next++;
          queued.push(k);
          w.postMessage(docsOf(k));
        }
      };
      w.on('message', (m: Partial) => {
        const k = queued.shift()!;
        results[k] = new Source(m, new Set(slices[k]));
        give();
        if (!queued.length) void w.terminate().then(() => resolve());
      });
      w.once('error', () => {
        retry.push(...queued.splice(0));
        void w.terminate().then(() => resolve());
      });
      give();
      give();
      if (!queued.length) void w.terminate().then(() => resolve());
    });
  const pool = Array.from({ length: Math.max(1, Math.min(lanes, slices.length)) }, worker);
  return Promise.all(pool).then(() => {
    // Slices no worker took (every worker failed early) and those of failed workers.
    while (next < slices.length) retry.push(next++);
    for (const k of retry) results[k] = new Source(workerAnalyze(new Map(docsOf(k)), host), new Set(slices[k]));
    return results;
  });
}

export interface CheckOptions {
  /** Worker threads for analyzing these documents (0 or 1: none). */
  workers: (documents: Map<string, string>) => number;
  /** The script a worker runs (the CLI bundle) and what it needs to rebuild the host. */
  script: string | undefined;
  workerData: unknown;
  cache?: CheckCache;
}

interface Group {
  sets: SetSummary[];
  docs: Set<string>;
}

/** Policy sets that share a document, together (in the order of their first set). */
function groupSets(sets: SetSummary[]): Group[] {
  const groupOf = new Map<string, number>();
  const groups: Group[] = [];
  for (const s of sets) {
    const touching = new Set(s.members.map((m) => groupOf.get(m)).filter((g): g is number => g !== undefined));
    const g: Group = { sets: [], docs: new Set(s.members) };
    for (const t of [...touching].sort((a, b) => a - b)) {
      for (const x of groups[t]!.sets) g.sets.push(x);
      for (const d of groups[t]!.docs) g.docs.add(d);
      groups[t]!.sets = [];
      groups[t]!.docs = new Set();
    }
    g.sets.push(s);
    groups.push(g);
    for (const d of g.docs) groupOf.set(d, groups.length - 1);
  }
  return groups.filter((g) => g.sets.length);
}

const setKey = (s: SetSummary) => `${s.root}\u0000${s.members.join('\u0000')}`;

/** A partial analysis, indexed for taking groups from it. */
class Source {
  readonly sets = new Map<string, SetSummary>();
  readonly setsOf = new Map<string, string[]>();
  readonly reads: Map<string, Array<[string, ReadState]> | 'all'>;
  readonly findings: Map<string, Finding[]>;
  readonly suppressed: Map<string, SuppressedFinding[]>;
  readonly docs: Set<string>;

  constructor(
    readonly partial: Partial,
    /** Documents passed to it (the others it pulled in through links). */
    readonly passed: Set<string>,
  ) {
    for (const s of partial.sets) {
      const k = setKey(s);
      this.sets.set(k, s);
      for (const m of s.members) {
        const list = this.setsOf.get(m);
        if (list) list.push(k);
        else this.setsOf.set(m, [k]);
      }
    }
    this.reads = new Map(partial.reads);
    this.findings = new Map(partial.findings);
    this.suppressed = new Map(partial.suppressed);
    this.docs = new Set(partial.docs.map((d) => d.uri));
  }

  /** Whether it saw exactly the group's sets and gave their rules the answers `state` gives. */
  has(g: Group, state: (uri: string) => ReadState, universe: number): boolean {
    const wanted = new Set(g.sets.map(setKey));
    for (const k of wanted) if (!this.sets.has(k)) return false;
    for (const d of g.docs) for (const k of this.setsOf.get(d) ?? []) if (!wanted.has(k)) return false;
    for (const s of g.sets) {
      const reads = this.reads.get(s.root);
      if (!reads) return false;
      // A rule that enumerated the documents saw the whole workspace only if this analysis did.
      if (reads === 'all') {
        if (this.docs.size !== universe) return false;
        continue;
      }
      for (const [uri, st] of reads) if (state(uri) !== st) return false;
    }
    return true;
  }

  failuresOf(g: Group): RuleFailure[] {
    const roots = new Set(g.sets.map((s) => s.root));
    return this.partial.failures.filter((f) => roots.has(f.root) || g.docs.has(f.root));
  }

  /** Findings of a passed document that is in none of its sets: those of the document alone. */
  lone(uri: string): Finding[] | undefined {
    return this.passed.has(uri) && !this.setsOf.has(uri) ? (this.findings.get(uri) ?? []) : undefined;
  }
}

/**
 * Checks `documents` (URI → text) as analyzeWorkspace(documents, host) would, with worker
 * threads and the cache as `options` say; writes nothing (the caller saves the cache).
 */
export async function checkDocuments(documents: Map<string, string>, host: Host, options: CheckOptions): Promise<CheckResult> {
  const { cache } = options;
  // Text of every document of the workspace: those passed in, and those linked ones pull in.
  const texts = new Map(documents);
  const keys = new Map<string, string>();
  const keyOf = (uri: string): string => {
    let k = keys.get(uri);
    if (k === undefined) {
      const text = texts.get(uri);
      // A document that vanished during the run: a key nothing matches.
      k = cache && text !== undefined ? cache.docKey(uri, text, host.configFor(uri), host.kindFor?.(uri)) : `volatile:${Math.random()}`;
      keys.set(uri, k);
    }
    return k;
  };
  // Each model built once between the steps; no document is edited, so none is parsed by sections.
  const models = new ModelCache(() => false);

  // 1. Analyze what the cache does not know.
  const unknown = cache ? [...documents.keys()].filter((u) => !cache.doc(keyOf(u))) : [...documents.keys()];
  const sources: Source[] = [];
  if (unknown.length) {
    const docs = new Map(unknown.map((u) => [u, documents.get(u)!]));
    const workers = options.script ? options.workers(docs) : 0;
    if (workers > 1) sources.push(...(await inWorkers(docs, workers, options.script!, options.workerData, host)));
    else sources.push(new Source(summarize(analyzeWorkspace(docs, host, { cache: models, lookup: (u) => documents.get(u) })), new Set(docs.keys())));
  }

  // 2. Every document of the workspace, as the engine would load it, and its sets.
  const summaries = new Map<string, DocumentLinks>();
  for (const s of sources) {
    for (const d of s.partial.docs) {
      if (summaries.has(d.uri)) continue;
      summaries.set(d.uri, d);
      if (!texts.has(d.uri)) {
        const text = host.read(d.uri);
        if (text !== undefined) texts.set(d.uri, text);
      }
    }
  }
  const summaryOf = (uri: string, text: string): DocumentLinks => {
    texts.set(uri, text);
    const c = cache?.doc(keyOf(uri));
    if (c) return { uri, kind: c.kind, links: c.links };
    const m = modelOf(uri, text, host, models);
    return { uri, kind: m.kind, links: linkTargets(m) };
  };
  for (const uri of documents.keys()) if (!summaries.has(uri)) summaries.set(uri, summaryOf(uri, documents.get(uri)!));
  pullLinked([...summaries.values()], (d) => d.links, (u) => summaries.has(u), (u) => isInside(u, host.roots), (u) => host.read(u), (u, text) => {
    const d = summaryOf(u, text);
    summaries.set(u, d);
    return d;
  });
  const groups = groupSets(composeLinks(summaries));
  const inGroup = new Set<string>();
  for (const g of groups) for (const d of g.docs) inGroup.add(d);

  // What a rule is told about a document outside its set, in the whole workspace.
  const states = new Map<string, ReadState>();
  const state = (uri: string): ReadState => {
    let s = states.get(uri);
    if (s === undefined) {
      s = summaries.has(uri) ? 'doc' : !isInside(uri, host.roots) ? 'outside' : host.exists(uri) ? 'file' : 'missing';
      states.set(uri, s);
    }
    return s;
  };
  const dep = (uri: string): string => (state(uri) === 'doc' ? `doc:${keyOf(uri)}` : state(uri));

  // 3. Each group from the cache, from an analysis that saw it whole, or analyzed again here.
  const findings = new Map<string, Finding[]>();
  const suppressed = new Map<string, SuppressedFinding[]>();
  const failures: RuleFailure[] = [];
  const taken = new Map<Group, Source | 'cache'>();
  const groupKeys = new Map<Group, string>();
  const redo: Group[] = [];
  for (const g of groups) {
    if (cache) {
      const key = cache.groupKey(g.sets, [...g.docs].sort().map(keyOf));
      groupKeys.set(g, key);
      const entry = cache.group(key);
      if (entry && entry.deps.every(([uri, s]) => dep(uri) === s)) {
        for (const d of g.docs) {
          findings.set(d, []);
          suppressed.set(d, []);
        }
        for (const [uri, list] of entry.findings) if (g.docs.has(uri)) findings.set(uri, list);
        for (const [uri, list] of entry.suppressed) if (g.docs.has(uri)) suppressed.set(uri, list);
        taken.set(g, 'cache');
        continue;
      }
    }
    const source = sources.find((s) => s.has(g, state, summaries.size));
    if (source) taken.set(g, source);
    else redo.push(g);
  }
  // Documents in no set: their findings are their own (document-skipped, front-matter-invalid).
  const lone = new Map<string, Finding[]>();
  const loneRedo: string[] = [];
  for (const uri of documents.keys()) {
    if (inGroup.has(uri)) continue;
    const known = cache?.doc(keyOf(uri))?.lone ?? sources.map((s) => s.lone(uri)).find((x) => x !== undefined);
    if (known) lone.set(uri, known);
    else loneRedo.push(uri);
  }
  if (redo.length || loneRedo.length) {
    const docs = new Map<string, string>();
    for (const g of redo) for (const d of g.docs) docs.set(d, texts.get(d) ?? '');
    for (const u of loneRedo) docs.set(u, documents.get(u)!);
    const here = new Source(summarize(analyzeWorkspace(docs, host, { cache: models, lookup: (u) => texts.get(u) })), new Set(docs.keys()));
    for (const g of redo) {
      if (here.has(g, state, summaries.size)) {
        taken.set(g, here);
        continue;
      }
      // Not what the composition of the whole workspace predicts (a file changed during the
      // run?): the plain analysis of everything, and nothing cached.
      const all = analyzeWorkspace(documents, host);
      return { ...all, analyzed: all.sets.map((x) => x.root.uri) };
    }
    for (const u of loneRedo) lone.set(u, here.lone(u) ?? []);
  }
  for (const g of groups) {
    const source = taken.get(g)!;
    if (source === 'cache') continue;
    for (const d of g.docs) {
      findings.set(d, source.findings.get(d) ?? []);
      suppressed.set(d, source.suppressed.get(d) ?? []);
    }
    const failed = source.failuresOf(g);
    failures.push(...failed);
    if (!cache || failed.length) continue;
    // Stored: the group's results and the answers its rules got about documents outside it.
    const deps = new Map<string, string>();
    let enumerated = false;
    for (const s of g.sets) {
      const reads = source.reads.get(s.root);
      if (reads === 'all' || !reads) enumerated = true;
      else for (const [uri] of reads) if (!g.docs.has(uri)) deps.set(uri, dep(uri));
    }
    if (enumerated) continue;
    cache.putGroup(groupKeys.get(g)!, {
      docs: [...g.docs],
      deps: [...deps],
      findings: [...g.docs].filter((d) => findings.get(d)!.length).map((d) => [d, findings.get(d)!]),
      suppressed: [...g.docs].filter((d) => suppressed.get(d)!.length).map((d) => [d, suppressed.get(d)!]),
    });
  }
  for (const [uri, list] of lone) findings.set(uri, list);
  if (cache) for (const [uri, d] of summaries) cache.putDoc(keyOf(uri), { uri, kind: d.kind, links: d.links, lone: lone.get(uri) });
  const analyzed = groups.filter((g) => taken.get(g) !== 'cache').flatMap((g) => g.sets.map((s) => s.root));
  return { findings, suppressed, failures, analyzed };
}
