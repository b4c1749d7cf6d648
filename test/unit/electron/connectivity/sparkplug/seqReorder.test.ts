import { describe, expect, it } from 'vitest';
import { MAX_HELD, SeqReorder } from '../../../../../electron/connectivity/sparkplug/seqReorder.js';

describe('the seq reorder window', () => {
  it('holds 8 until 7 arrives, so 6, 8, 7, 9 comes out in order', () => {
    const window = new SeqReorder<number>(5);
    expect(window.offer(6, 6)).toEqual({ verdict: 'in order', ready: [6] });
    expect(window.offer(8, 8)).toEqual({ verdict: 'early', ready: [] });
    expect(window.holding).toBe(1);
    expect(window.offer(7, 7)).toEqual({ verdict: 'in order', ready: [7, 8] });
    expect(window.offer(9, 9)).toEqual({ verdict: 'in order', ready: [9] });
    expect(window.holding).toBe(0);
  });

  it('wraps from 255 to 0, also while reordering', () => {
    const window = new SeqReorder<number>(253);
    expect(window.offer(254, 254).ready).toEqual([254]);
    expect(window.offer(0, 0).verdict).toBe('early');
    expect(window.offer(255, 255).ready).toEqual([255, 0]);
    expect(window.offer(1, 1).ready).toEqual([1]);
  });

  it('gives up on a gap by releasing what it holds in seq order and moving past it', () => {
    const window = new SeqReorder<number>(0);
    window.offer(1, 1);
    window.offer(5, 5);
    window.offer(3, 3);
    expect(window.release()).toEqual([3, 5]);
    expect(window.offer(6, 6)).toEqual({ verdict: 'in order', ready: [6] });
  });

  it('hands a seq it has already passed on at once, as late', () => {
    const window = new SeqReorder<number>(10);
    window.offer(11, 11);
    expect(window.offer(9, 9)).toEqual({ verdict: 'late', ready: [9] });
    expect(window.offer(12, 12).ready).toEqual([12]);
  });

  it('never holds more than its bound: past it, everything is released', () => {
    const window = new SeqReorder<number>(0);
    let released: number[] = [];
    for (let i = 0; i <= MAX_HELD; i++) released = window.offer(2 + (i % 100), i).ready;
    expect(released).toHaveLength(MAX_HELD + 1);
    expect(window.holding).toBe(0);
  });
});
