/**
 * Keyboard movement and selection in the alarm list, over the ids of the rows in their shown
 * order. Pure, so the list's keys are tested without a browser.
 */

export interface ListCursor {
  /** The row the keyboard is on; null before the first move. */
  focusId: string | null;
  /** Where a Shift+move range starts. */
  anchorId: string | null;
  selected: ReadonlySet<string>;
}

export const NO_CURSOR: ListCursor = { focusId: null, anchorId: null, selected: new Set() };

/** The focused row's index, or -1 when it is not (or no longer) in the list. */
export function focusIndex(ids: readonly string[], cursor: ListCursor): number {
  return cursor.focusId === null ? -1 : ids.indexOf(cursor.focusId);
}

/**
 * Moves the focus by `delta` rows (clamped to the list), or to an index with `to`. With `extend`
 * (Shift) the selection becomes the range from the anchor to the new row; without it the
 * selection is kept, so Space can pick rows one by one.
 */
export function moveFocus(
  ids: readonly string[],
  cursor: ListCursor,
  move: { delta: number } | { to: number },
  extend = false,
): ListCursor {
  if (ids.length === 0) return cursor;
  const from = focusIndex(ids, cursor);
  const target =
    'to' in move ? move.to : from < 0 ? (move.delta > 0 ? 0 : ids.length - 1) : from + move.delta;
  const index = Math.max(0, Math.min(ids.length - 1, target));
  const focusId = ids[index]!;
  if (!extend) return { ...cursor, focusId, anchorId: focusId };
  const anchorId =
    cursor.anchorId !== null && ids.includes(cursor.anchorId)
      ? cursor.anchorId
      : (ids[Math.max(0, from)] ?? focusId);
  const a = ids.indexOf(anchorId);
  const [lo, hi] = a < index ? [a, index] : [index, a];
  return { focusId, anchorId, selected: new Set(ids.slice(lo, hi + 1)) };
}

/** Space: the focused row in or out of the selection. */
export function toggleFocused(cursor: ListCursor): ListCursor {
  if (cursor.focusId === null) return cursor;
  const selected = new Set(cursor.selected);
  if (selected.has(cursor.focusId)) selected.delete(cursor.focusId);
  else selected.add(cursor.focusId);
  return { ...cursor, selected, anchorId: cursor.focusId };
}

/** Ctrl+A: every shown row. */
export function selectAll(ids: readonly string[], cursor: ListCursor): ListCursor {
  return { ...cursor, selected: new Set(ids) };
}

/** A click: that row alone, or with Ctrl added to / taken from the selection, or with Shift a range. */
export function clickRow(
  ids: readonly string[],
  cursor: ListCursor,
  id: string,
  modifiers: { ctrl: boolean; shift: boolean },
): ListCursor {
  const index = ids.indexOf(id);
  if (index < 0) return cursor;
  if (modifiers.shift) return moveFocus(ids, cursor, { to: index }, true);
  if (modifiers.ctrl) return toggleFocused({ ...cursor, focusId: id });
  return { focusId: id, anchorId: id, selected: new Set([id]) };
}

/** Rows that left the list leave the selection too. */
export function pruneCursor(ids: readonly string[], cursor: ListCursor): ListCursor {
  const present = new Set(ids);
  let stale = false;
  for (const id of cursor.selected) if (!present.has(id)) stale = true;
  if (!stale) return cursor;
  return { ...cursor, selected: new Set([...cursor.selected].filter((id) => present.has(id))) };
}

/**
 * What an action applies to: the selection when there is one, else the focused row. Only ids
 * still shown count, so an action never reaches an alarm the operator can no longer see.
 */
export function actionTargets(ids: readonly string[], cursor: ListCursor): string[] {
  if (cursor.selected.size > 0) return ids.filter((id) => cursor.selected.has(id));
  return cursor.focusId !== null && ids.includes(cursor.focusId) ? [cursor.focusId] : [];
}
