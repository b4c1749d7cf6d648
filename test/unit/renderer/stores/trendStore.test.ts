import { describe, expect, it } from 'vitest';
import {
  addPen,
  back,
  forward,
  freeze,
  initialTrendState,
  MAX_PENS,
  pan,
  removePen,
  setPenAxis,
  setPenColour,
  setWindow,
  showLive,
  showPreset,
  showRange,
  togglePen,
  visibleRange,
  zoom,
  type TrendState,
} from '../../../../renderer/stores/trendStore.js';
import {
  selectCanGoBack,
  selectCanGoForward,
  selectPenNumber,
  selectView,
} from '../../../../renderer/stores/trendSelectors.js';

const NOW = Date.UTC(2026, 0, 31, 12);
const HOUR = 3_600_000;

const withPens = (count: number) =>
  Array.from({ length: count }, (_, i) => `a/d/t${i}`).reduce(addPen, initialTrendState);

const shown = (state: TrendState) => selectView(state);

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

  it('starts live, following the last ten minutes', () => {
    expect(shown(initialTrendState)).toEqual({ kind: 'live' });
    expect(visibleRange(initialTrendState, NOW)).toEqual({ from: NOW - 600_000, to: NOW });
  });

  it('shows a history preset ending now', () => {
    const state = showPreset(initialTrendState, '24h', NOW);
    expect(shown(state)).toEqual({ kind: 'history', from: NOW - 24 * HOUR, to: NOW, preset: '24h' });
  });

  it('moves a preset pressed again to end now, without a new back step', () => {
    const first = showPreset(initialTrendState, '1h', NOW);
    const again = showPreset(first, '1h', NOW + 60_000);
    expect(visibleRange(again, NOW)).toEqual({ from: NOW + 60_000 - HOUR, to: NOW + 60_000 });
    expect(again.nav.entries).toHaveLength(2);
  });

  it('freezes the live window into history', () => {
    const state = freeze(setWindow(initialTrendState, 60), NOW);
    expect(shown(state)).toMatchObject({ kind: 'history', from: NOW - HOUR, to: NOW });
    expect(freeze(state, NOW + 1)).toBe(state);
  });

  it('zooms from live into history, and back returns to live', () => {
    const zoomed = zoom(initialTrendState, NOW - 300_000, NOW - 120_000, NOW);
    expect(shown(zoomed)).toMatchObject({ kind: 'history', from: NOW - 300_000, to: NOW - 120_000 });
    expect(shown(back(zoomed))).toEqual({ kind: 'live' });
  });

  it('walks back and forward through zooms and pans', () => {
    const day = showPreset(initialTrendState, '24h', NOW);
    const zoomed = zoom(day, NOW - 4 * HOUR, NOW - 2 * HOUR, NOW);
    const panned = pan(zoomed, -1, NOW);
    expect(visibleRange(panned, NOW)).toEqual({ from: NOW - 5 * HOUR, to: NOW - 3 * HOUR });
    const backTwice = back(back(panned));
    expect(shown(backTwice)).toMatchObject({ preset: '24h' });
    expect(selectCanGoForward(backTwice)).toBe(true);
    expect(visibleRange(forward(backTwice), NOW)).toEqual({ from: NOW - 4 * HOUR, to: NOW - 2 * HOUR });
  });

  it('pans live to history when moving earlier, and not at all when moving later', () => {
    expect(shown(pan(initialTrendState, -1, NOW))).toMatchObject({ kind: 'history', to: NOW - 300_000 });
    expect(pan(initialTrendState, 1, NOW)).toBe(initialTrendState);
  });

  it('goes back to live with the window it had, and back again to the range', () => {
    const range = showRange(setWindow(initialTrendState, 1), { from: NOW - HOUR, to: NOW - 1_000 });
    const live = showLive(range);
    expect(shown(live)).toEqual({ kind: 'live' });
    expect(live.windowMinutes).toBe(1);
    expect(shown(back(live))).toMatchObject({ from: NOW - HOUR, to: NOW - 1_000 });
  });

  it('picking a live window from history goes live', () => {
    const state = setWindow(showPreset(initialTrendState, '7d', NOW), 60);
    expect(shown(state)).toEqual({ kind: 'live' });
    expect(state.windowMinutes).toBe(60);
  });

  it('cannot go back before the first view', () => {
    expect(selectCanGoBack(initialTrendState)).toBe(false);
    expect(back(initialTrendState)).toBe(initialTrendState);
  });
});

describe('trendStore pen options', () => {
  const two = () => addPen(addPen(initialTrendState, 'a/d/x'), 'a/d/y');

  it("sets a pen's colour and fixed axis, and puts it back on its engineering range", () => {
    const styled = setPenAxis(setPenColour(two(), 'a/d/y', '#1f6035'), 'a/d/y', { min: 2, max: 8 });
    expect(styled.penOptions).toEqual({ 'a/d/y': { colour: '#1f6035', axis: { min: 2, max: 8 } } });
    expect(setPenAxis(styled, 'a/d/y', 'auto').penOptions['a/d/y']?.axis).toBe('auto');
    expect(setPenAxis(styled, 'a/d/y', undefined).penOptions).toEqual({ 'a/d/y': { colour: '#1f6035' } });
  });

  it('ignores options for a tag that is not a pen, or a colour that is not #rrggbb', () => {
    const state = two();
    expect(setPenColour(state, 'a/d/z', '#1f6035')).toBe(state);
    expect(setPenColour(state, 'a/d/x', 'red')).toBe(state);
    expect(setPenAxis(state, 'a/d/z', 'auto')).toBe(state);
  });

  it('changes nothing when the option is already set', () => {
    const state = setPenAxis(setPenColour(two(), 'a/d/x', '#1f6035'), 'a/d/x', { min: 0, max: 1 });
    expect(setPenColour(state, 'a/d/x', '#1f6035')).toBe(state);
    expect(setPenAxis(state, 'a/d/x', { min: 0, max: 1 })).toBe(state);
  });

  it('keeps pen options through back and forward, which move through time only', () => {
    const styled = setPenColour(two(), 'a/d/x', '#6e2c4a');
    const zoomed = zoom(styled, NOW - HOUR, NOW - 1_000, NOW);
    expect(back(zoomed).penOptions).toEqual(styled.penOptions);
    expect(forward(back(zoomed)).penOptions).toEqual(styled.penOptions);
  });

  it("forgets a removed pen's options, so added again it starts from its defaults", () => {
    const styled = setPenColour(setPenColour(two(), 'a/d/x', '#6e2c4a'), 'a/d/y', '#1f6035');
    expect(removePen(styled, 'a/d/x').penOptions).toEqual({ 'a/d/y': { colour: '#1f6035' } });
  });
});
