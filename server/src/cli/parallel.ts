import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeWorkspace, type AnalysisResult, type Host, type RuleFailure } from '../core/engine';
import { linkTargets } from '../core/set/policySet';
import type { SuppressedFinding } from '../core/suppress';
import type { Finding } from '../core/types';

/**
 * `kijun check` on many files uses worker threads. Each worker analyzes a contiguous slice of
 * the (sorted) files — folders stay together, so a policy and its runbooks usually share a
 * worker. The main thread then rebuilds the global composition from the workers' summaries
 * (kind and links of every document); a group of policy sets that share documents is taken
 * from a worker only if that worker saw exactly the same sets, otherwise it is analyzed again
 * here. The output is the same as a single-threaded run (tested).
 */

export interface CheckResult {
  findings: Map<string, Finding[]>;
  suppressed: Map<string, SuppressedFinding[]>;
  failures: RuleFailure[];
}

interface DocSummary {
  uri: string;
  kind: string;
  links: string[];
}

interface WorkerReply {
  docs: DocSummary[];
  sets: Array<{ root: string; members: string[] }>;
  findings: Array<[string, Finding[]]>;
  suppressed: Array<[string, SuppressedFinding[]]>;
  failures: RuleFailure[];
}

export const PARALLEL_THRESHOLD = 200;

export function workerCount(files: number, env: NodeJS.ProcessEnv): number {
  const forced = env['KIJUN_WORKERS'];
  if (forced !== undefined && forced !== '') return Math.max(0, Number(forced) | 0);
  if (files < PARALLEL_THRESHOLD) return 0;
  return Math.min(4, availableParallelism());
}

/** Runs in a worker: analyze a slice, reply with summaries and findings. */
export function workerAnalyze(documents: Map<string, string>, host: Host): WorkerReply {
  const r = analyzeWorkspace(documents, host);
  return summarize(r);
}

function summarize(r: AnalysisResult): WorkerReply {
  return {
    docs: [...r.models.values()].map((m) => ({ uri: m.uri, kind: m.kind, links: linkTargets(m) })),
    sets: r.sets.map((s) => ({ root: s.root.uri, members: s.members.map((m) => m.uri) })),
    findings: [...r.findings],
    suppressed: [...r.suppressed],
    failures: r.failures,
  };
}

export async function checkInParallel(documents: Map<string, string>, host: Host, workers: number, script: string, workerData: unknown): Promise<CheckResult> {
  const uris = [...documents.keys()];
  const size = Math.ceil(uris.length / workers);
  const slices = Array.from({ length: workers }, (_, i) => uris.slice(i * size, (i + 1) * size)).filter((s) => s.length);
  const replies = await Promise.all(
    slices.map(
      (slice) =>
        new Promise<WorkerReply>((resolve, reject) => {
          const w = new Worker(script, { workerData: { ...(workerData as object), kijunWorker: true, docs: slice.map((u) => [u, documents.get(u)!]) } });
          w.once('message', (m: WorkerReply) => {
            resolve(m);
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );

  // Global composition from the summaries, with the same algorithm as the engine.
  const summaries = new Map<string, DocSummary>();
  for (const r of replies) for (const d of r.docs) if (!summaries.has(d.uri)) summaries.set(d.uri, d);
  const globalSets = compose(summaries);

  // Groups of sets that share a document must come from one place.
  const groupOf = new Map<string, number>();
  const groups: Array<{ sets: Array<{ root: string; members: string[] }>; docs: Set<string> }> = [];
  for (const s of globalSets) {
    const touching = new Set(s.members.map((m) => groupOf.get(m)).filter((g): g is number => g !== undefined));
    const g = { sets: [s], docs: new Set(s.members) };
    for (const t of touching) {
      for (const x of groups[t]!.sets) g.sets.push(x);
      for (const d of groups[t]!.docs) g.docs.add(d);
      groups[t]!.sets = [];
      groups[t]!.docs = new Set();
    }
    groups.push(g);
    for (const d of g.docs) groupOf.set(d, groups.length - 1);
  }

  const findings = new Map<string, Finding[]>();
  const suppressed = new Map<string, SuppressedFinding[]>();
  const failures: RuleFailure[] = [];
  const key = (s: { root: string; members: string[] }) => `${s.root}|${[...s.members].sort().join('|')}`;
  const redo = new Map<string, string>();
  for (const g of groups) {
    if (!g.sets.length) continue;
    const wanted = new Set(g.sets.map(key));
    const source = replies.find((r) => g.sets.every((s) => r.sets.some((x) => key(x) === key(s))) && r.sets.filter((x) => x.members.some((m) => g.docs.has(m))).every((x) => wanted.has(key(x))));
    if (source) {
      const f = new Map(source.findings);
      const s = new Map(source.suppressed);
      for (const d of g.docs) {
        findings.set(d, f.get(d) ?? []);
        suppressed.set(d, s.get(d) ?? []);
      }
      failures.push(...source.failures.filter((x) => g.sets.some((s2) => s2.root === x.root)));
    } else {
      for (const d of g.docs) redo.set(d, documents.get(d) ?? host.read(d) ?? '');
    }
  }
  if (redo.size) {
    const r = analyzeWorkspace(redo, host);
    for (const d of redo.keys()) {
      findings.set(d, r.findings.get(d) ?? []);
      suppressed.set(d, r.suppressed.get(d) ?? []);
    }
    failures.push(...r.failures);
  }
  // Documents in no set (not judged): whatever their own worker said (document-skipped only).
  for (const r of replies) {
    for (const [uri, list] of r.findings) if (!findings.has(uri) && !groupOf.has(uri)) findings.set(uri, list);
    for (const [uri, list] of r.suppressed) if (!suppressed.has(uri) && !groupOf.has(uri)) suppressed.set(uri, list);
  }
  return { findings, suppressed, failures };
}

/** composeSets (core/set/policySet.ts) over summaries instead of models. */
function compose(docs: Map<string, DocSummary>): Array<{ root: string; members: string[] }> {
  const judged = [...docs.values()].filter((d) => d.kind !== 'other').sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const linked = new Set<string>();
  for (const d of judged) for (const t of d.links) if (t !== d.uri && docs.has(t)) linked.add(t);
  const covered = new Set<string>();
  const out: Array<{ root: string; members: string[] }> = [];
  const build = (root: DocSummary) => {
    const members: string[] = [];
    const seen = new Set<string>();
    const queue = [root];
    while (queue.length) {
      const d = queue.shift()!;
      if (seen.has(d.uri)) continue;
      seen.add(d.uri);
      members.push(d.uri);
      covered.add(d.uri);
      if (d.kind === 'other') continue;
      for (const t of d.links) {
        const target = docs.get(t);
        if (target && !seen.has(t)) queue.push(target);
      }
    }
    out.push({ root: root.uri, members });
  };
  for (const d of judged) if (!linked.has(d.uri)) build(d);
  for (;;) {
    const rest = judged.filter((d) => !covered.has(d.uri));
    if (!rest.length) break;
    build(rest.find((d) => d.kind === 'policy') ?? rest[0]!);
  }
  return out;
}
