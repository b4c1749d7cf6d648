import { describe, expect, it } from 'vitest';
import {
  addPen,
  initialTrendState,
  MAX_PENS,
  removePen,
  selectPenNumber,
  setWindow,
  togglePen,
} from '../../../../renderer/stores/trendStore.js';

const withPens = (count: number) =>
  Array.from({ length: count }, (_, i) => `a/d/t${i}`).reduce(addPen, initialTrendState);

describe('trendStore', () => {
  it('adds pens in order and numbers them from P1', () => {
    const state = addPen(addPen(initialTrendState, 'a/d/x'), 'a/d/y');
    expect(state.pens).toEqual(['a/d/x', 'a/d/y']);
    expect(selectPenNumber('a/d/y')(state)).toBe(2);
    expect(selectPenNumber('a/d/z')(state)).toBe(0);
  });

  it('adds a tag only once', () => {
    const once = addPen(initialTrendState, 'a/d/x');
    expect(addPen(once, 'a/d/x')).toBe(once);
  });

  it('refuses a ninth pen and says why', () => {
    const full = withPens(MAX_PENS);
    const refused = addPen(full, 'a/d/extra');
    expect(refused.pens).toHaveLength(MAX_PENS);
    expect(refused.notice).toMatch(/8 pens/);
  });

  it('makes room again when a pen is removed, clearing the notice', () => {
    const refused = addPen(withPens(MAX_PENS), 'a/d/extra');
    const after = addPen(removePen(refused, 'a/d/t0'), 'a/d/extra');
    expect(after.pens).toContain('a/d/extra');
    expect(after.notice).toBeNull();
  });

  it('toggles a pen on and off', () => {
    const on = togglePen(initialTrendState, 'a/d/x');
    expect(on.pens).toEqual(['a/d/x']);
    expect(togglePen(on, 'a/d/x').pens).toEqual([]);
  });

  it('switches the time window between presets', () => {
    expect(initialTrendState.windowMinutes).toBe(10);
    expect(setWindow(initialTrendState, 60).windowMinutes).toBe(60);
    expect(setWindow(initialTrendState, 10)).toBe(initialTrendState);
  });
});
