import { describe, expect, it } from 'vitest';
import {
  penErrors,
  pensLoading,
  selectIsLive,
  selectPenLoad,
} from '../../../../renderer/stores/trendSelectors.js';
import { addPen, initialTrendState, setLoad, showPreset } from '../../../../renderer/stores/trendStore.js';
import { failed, loaded, LOADING } from '../../../../renderer/trend/penLoad.js';

const pens = ['a/d/x', 'a/d/y', 'a/d/z'].reduce(addPen, initialTrendState);

describe('trendSelectors', () => {
  it('lists failed pens with their reason, and loading ones, in pen order', () => {
    let state = setLoad(pens, 'a/d/z', failed('timeout'));
    state = setLoad(state, 'a/d/x', LOADING);
    state = setLoad(state, 'a/d/y', loaded('raw', 3));
    state = setLoad(state, 'gone/d/w', failed('old'));
    expect(penErrors(state)).toEqual([{ id: 'a/d/z', message: 'timeout' }]);
    expect(pensLoading(state)).toEqual(['a/d/x']);
    expect(selectPenLoad('a/d/y')(state)).toEqual(loaded('raw', 3));
  });

  it('keeps the store unchanged when a load state is set again', () => {
    const once = setLoad(pens, 'a/d/x', LOADING);
    expect(setLoad(once, 'a/d/x', LOADING)).toBe(once);
  });

  it('tells live from history', () => {
    expect(selectIsLive(pens)).toBe(true);
    expect(selectIsLive(showPreset(pens, '15m', 1_000_000))).toBe(false);
  });
});
