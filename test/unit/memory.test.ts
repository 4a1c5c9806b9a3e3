import { describe, expect, it, vi } from 'vitest';
import { HeapKeeper } from '../../server/src/lsp/memory';

const MB = 1024 * 1024;

/** A heap that grows by hand and a collector that takes `pause` ms of a hand-driven clock. */
function setup(pause: number) {
  let used = 100 * MB;
  let clock = 0;
  const collect = vi.fn(() => {
    clock += pause;
    used = 100 * MB;
  });
  const keeper = new HeapKeeper(collect, () => used, () => clock);
  return { keeper, collect, grow: (mb: number) => (used += mb * MB) };
}

describe('heap keeper', () => {
  it('collects nothing until the heap has grown by 10 % and 12 MB', () => {
    const { keeper, collect, grow } = setup(80);
    grow(21);
    keeper.waiting(150);
    keeper.afterAnalysis(150);
    expect(collect).not.toHaveBeenCalled();
    grow(2);
    keeper.waiting(150);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('collects at the start of a debounce the last pause fits in, not after the answer', () => {
    const { keeper, collect, grow } = setup(80);
    grow(40);
    keeper.afterAnalysis(150);
    expect(collect).not.toHaveBeenCalled();
    keeper.waiting(150);
    expect(collect).toHaveBeenCalledTimes(1);
    grow(40);
    // The last pause (80 ms) does not fit in a 50 ms wait: left for a longer one.
    keeper.waiting(50);
    expect(collect).toHaveBeenCalledTimes(1);
    keeper.waiting(150);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('collects right after the answer where no debounce can hold the pause', () => {
    const { keeper, collect, grow } = setup(200);
    grow(40);
    keeper.waiting(150); // no pause measured yet: assumed to fit
    expect(collect).toHaveBeenCalledTimes(1);
    grow(40);
    keeper.waiting(150); // 200 ms does not fit in 150
    expect(collect).toHaveBeenCalledTimes(1);
    keeper.afterAnalysis(150);
    expect(collect).toHaveBeenCalledTimes(2);
    grow(40);
    keeper.afterAnalysis(0);
    expect(collect).toHaveBeenCalledTimes(3);
  });

  it('collects after a second of quiet when typing stops with a collection due', () => {
    vi.useFakeTimers();
    try {
      const { keeper, collect, grow } = setup(80);
      grow(40);
      keeper.afterAnalysis(150);
      vi.advanceTimersByTime(999);
      expect(collect).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(collect).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does nothing without a way to collect', () => {
    const keeper = new HeapKeeper(undefined, () => 1e12, () => 0);
    expect(() => {
      keeper.waiting(150);
      keeper.afterAnalysis(0);
    }).not.toThrow();
  });
});
