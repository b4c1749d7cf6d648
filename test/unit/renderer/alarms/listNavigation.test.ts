import { describe, expect, it } from 'vitest';
import {
  actionTargets,
  clickRow,
  moveFocus,
  NO_CURSOR,
  pruneCursor,
  selectAll,
  toggleFocused,
} from '../../../../renderer/alarms/listNavigation.js';

const ids = ['a', 'b', 'c', 'd', 'e'];
const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe('alarm list keys', () => {
  it('start on the first row with ↓ and the last with ↑, then move and stop at the ends', () => {
    expect(moveFocus(ids, NO_CURSOR, { delta: 1 }).focusId).toBe('a');
    expect(moveFocus(ids, NO_CURSOR, { delta: -1 }).focusId).toBe('e');
    let cursor = moveFocus(ids, NO_CURSOR, { delta: 1 });
    cursor = moveFocus(ids, cursor, { delta: 10 });
    expect(cursor.focusId).toBe('e');
    cursor = moveFocus(ids, cursor, { to: 0 });
    expect(cursor.focusId).toBe('a');
  });

  it('pick rows with Space, one by one, keeping the selection while moving', () => {
    let cursor = toggleFocused(moveFocus(ids, NO_CURSOR, { delta: 1 }));
    cursor = toggleFocused(moveFocus(ids, cursor, { delta: 2 }));
    expect(sorted(cursor.selected)).toEqual(['a', 'c']);
    cursor = toggleFocused(cursor);
    expect(sorted(cursor.selected)).toEqual(['a']);
  });

  it('select a range with Shift and the arrows, from where the range began', () => {
    let cursor = moveFocus(ids, NO_CURSOR, { to: 1 });
    cursor = moveFocus(ids, cursor, { delta: 2 }, true);
    expect(sorted(cursor.selected)).toEqual(['b', 'c', 'd']);
    cursor = moveFocus(ids, cursor, { delta: -3 }, true);
    expect(sorted(cursor.selected)).toEqual(['a', 'b']);
  });

  it('select every shown row with Ctrl+A', () => {
    expect(selectAll(ids, NO_CURSOR).selected.size).toBe(5);
  });

  it('act on the selection, else on the focused row, and never on rows no longer shown', () => {
    let cursor = moveFocus(ids, NO_CURSOR, { to: 2 });
    expect(actionTargets(ids, cursor)).toEqual(['c']);
    cursor = toggleFocused(moveFocus(ids, cursor, { to: 4 }));
    expect(actionTargets(ids, cursor)).toEqual(['e']);
    expect(actionTargets(['a', 'b'], cursor)).toEqual([]);
    expect(sorted(pruneCursor(['a', 'b'], selectAll(ids, cursor)).selected)).toEqual(['a', 'b']);
  });

  it('select with the mouse: a click alone, Ctrl+click adds, Shift+click a range', () => {
    let cursor = clickRow(ids, NO_CURSOR, 'b', { ctrl: false, shift: false });
    cursor = clickRow(ids, cursor, 'd', { ctrl: true, shift: false });
    expect(sorted(cursor.selected)).toEqual(['b', 'd']);
    cursor = clickRow(ids, cursor, 'a', { ctrl: false, shift: true });
    expect(sorted(cursor.selected)).toEqual(['a', 'b', 'c', 'd']);
  });
});
