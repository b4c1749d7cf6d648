import { describe, expect, it } from 'vitest';
import { pageRows, rowWindow, scrollToShow } from '../../../../renderer/alarms/virtualWindow.js';

describe('list windowing', () => {
  it('renders only the rows on screen and a few either side, however long the list', () => {
    expect(rowWindow(0, 260, 5_000, 26, 5)).toEqual({ first: 0, last: 15 });
    const middle = rowWindow(26 * 2_000, 260, 5_000, 26, 5);
    expect(middle).toEqual({ first: 1_995, last: 2_015 });
    expect(rowWindow(26 * 4_995, 260, 5_000, 26, 5)).toEqual({ first: 4_990, last: 4_999 });
    expect(rowWindow(0, 260, 0, 26, 5).last).toBeLessThan(0);
  });

  it('scrolls as little as needed to show a row', () => {
    expect(scrollToShow(10, 0, 260, 26)).toBe(26);
    expect(scrollToShow(2, 260, 260, 26)).toBe(52);
    expect(scrollToShow(12, 260, 260, 26)).toBe(260);
  });

  it('pages by a screenful less one row', () => {
    expect(pageRows(260, 26)).toBe(9);
    expect(pageRows(10, 26)).toBe(1);
  });
});
