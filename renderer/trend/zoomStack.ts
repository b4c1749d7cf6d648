/**
 * A browser-like history of what the trend showed: going to a new view drops the views ahead of
 * the current one and appends; back and forward move through the list without changing it.
 * Immutable, so a zustand store can hold it and a selector can compare it by reference.
 */
export interface ZoomStack<T> {
  readonly entries: readonly T[];
  readonly index: number;
}

/** Views kept behind the current one; older ones fall off, as a browser's list does. */
export const ZOOM_HISTORY_LIMIT = 50;

export function createStack<T>(first: T): ZoomStack<T> {
  return { entries: [first], index: 0 };
}

export function currentEntry<T>(stack: ZoomStack<T>): T {
  const entry = stack.entries[stack.index] ?? stack.entries[stack.entries.length - 1];
  if (entry === undefined) throw new Error('a zoom stack is never empty');
  return entry;
}

/**
 * Goes to `entry`. Going to what is already shown (by `same`) changes nothing, so pressing a
 * preset twice does not need two presses of back.
 */
export function pushEntry<T>(
  stack: ZoomStack<T>,
  entry: T,
  same: (a: T, b: T) => boolean = Object.is,
  limit = ZOOM_HISTORY_LIMIT,
): ZoomStack<T> {
  if (same(currentEntry(stack), entry)) return stack;
  const entries = [...stack.entries.slice(0, stack.index + 1), entry];
  const drop = Math.max(0, entries.length - limit);
  return { entries: entries.slice(drop), index: entries.length - 1 - drop };
}

/** Replaces what is shown without adding a step, e.g. when a preset is refreshed to end now. */
export function replaceEntry<T>(stack: ZoomStack<T>, entry: T): ZoomStack<T> {
  const entries = [...stack.entries];
  entries[stack.index] = entry;
  return { entries, index: stack.index };
}

export function canGoBack<T>(stack: ZoomStack<T>): boolean {
  return stack.index > 0;
}

export function canGoForward<T>(stack: ZoomStack<T>): boolean {
  return stack.index < stack.entries.length - 1;
}

export function goBack<T>(stack: ZoomStack<T>): ZoomStack<T> {
  return canGoBack(stack) ? { entries: stack.entries, index: stack.index - 1 } : stack;
}

export function goForward<T>(stack: ZoomStack<T>): ZoomStack<T> {
  return canGoForward(stack) ? { entries: stack.entries, index: stack.index + 1 } : stack;
}
