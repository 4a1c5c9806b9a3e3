import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps the server's memory flat over long editing sessions. Every analysis replaces the edited
 * document's model (a few MB for a 40 KB policy) and the workspace result; the old ones live
 * long enough to reach V8's old generation, which V8 lets grow far before it compacts (RSS
 * doubled over 400 edits in a 1,001-document workspace). When the heap has grown by 10 % (and
 * 12 MB) since the last full collection, one is due (growing by a quarter and 32 MB let RSS
 * rise 1.22 × over 2,000 edits; by 15 % and 16 MB, 1.21 × once the edited document's sections
 * kept their readings; this keeps it near 1.18 ×, with a collection every fifteen edits or so).
 *
 * A full collection is a pause of about 100 ms in a 1,001-document workspace. It is taken where nobody waits for it: at the start
 * of a debounce — the server is idle until the timer fires, and the timer keeps its time across
 * the pause — when the last pause fits in that wait. Run right after an answer instead, it
 * delayed the next keystroke's analysis by the whole pause (every twentieth edit, 100 ms later).
 * Where no wait can hold it (no debounce, or a pause longer than the debounce), it runs after
 * the answer has gone out, as before; one due when typing stops runs after a second of quiet.
 * Without a way to collect (a runtime that refuses the flag) it does nothing.
 */
export class HeapKeeper {
  private baseline: number;
  /** How long the last full collection took (ms); none yet: assumed to fit any wait. */
  private lastPause = 0;
  private quiet: NodeJS.Timeout | undefined;

  constructor(
    private readonly collect: (() => void) | undefined = exposedGc(),
    private readonly usedHeap: () => number = () => getHeapStatistics().used_heap_size,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.baseline = usedHeap();
  }

  /** Whether the heap has grown enough since the last full collection. */
  private due(): boolean {
    return this.collect !== undefined && this.usedHeap() >= this.baseline * 1.1 + 12 * 1024 * 1024;
  }

  private run(): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = undefined;
    const t = this.now();
    this.collect!();
    this.lastPause = this.now() - t;
    this.baseline = this.usedHeap();
  }

  /** Call when the server starts waiting `ms` before an analysis (a debounce). */
  waiting(ms: number): void {
    if (ms > this.lastPause && this.due()) this.run();
  }

  /** Call after an answer has gone out; `debounceMs` is the wait the next edit will get. */
  afterAnalysis(debounceMs: number): void {
    if (!this.due()) return;
    if (debounceMs <= this.lastPause) {
      this.run();
      return;
    }
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = setTimeout(() => {
      this.quiet = undefined;
      if (this.due()) this.run();
    }, 1000);
    this.quiet.unref();
  }
}

function exposedGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
