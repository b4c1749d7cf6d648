/**
 * Windowing for long lists: which rows to put in the DOM for a scroll position, and where to
 * scroll so a row is in view. Only the rows on screen (plus a few either side, so a fast scroll
 * does not show blank rows) exist as elements, so 5,000 alarms cost what 40 do.
 */

export interface RowWindow {
  /** First and last row index to render, inclusive; last < first when there are none. */
  first: number;
  last: number;
}

export function rowWindow(
  scrollTop: number,
  viewportHeight: number,
  rowCount: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  if (rowCount === 0) return { first: 0, last: -1 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight));
  const visible = Math.max(1, Math.ceil(viewportHeight / rowHeight));
  const first = Math.max(0, Math.min(rowCount - 1, top) - overscan);
  const last = Math.min(rowCount - 1, top + visible + overscan);
  return { first, last };
}

/** The scroll position that shows row `index` whole, moving as little as possible. */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Rows one PageUp / PageDown moves: a screenful less one, so the row the focus left stays in view. */
export function pageRows(viewportHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
}
