import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { Alarm } from '../../shared/alarms.js';
import type { AlarmActionKind } from '../alarms/alarmActions.js';
import {
  clickRow,
  focusIndex,
  moveFocus,
  selectAll,
  toggleFocused,
  NO_CURSOR,
  type ListCursor,
} from '../alarms/listNavigation.js';
import { pageRows, rowWindow, scrollToShow } from '../alarms/virtualWindow.js';
import type { AlarmSort, AlarmSortKey } from '../stores/alarmsSelectors.js';
import { AlarmRow, type AlarmTableVariant } from './AlarmRow.js';

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;

const COLUMNS: Readonly<Record<AlarmTableVariant, ReadonlyArray<{ label: string; sort?: AlarmSortKey }>>> = {
  active: [
    { label: 'Pri', sort: 'priority' },
    { label: 'Time', sort: 'time' },
    { label: 'Tag / area', sort: 'tag' },
    { label: 'Message' },
    { label: 'Value' },
    { label: 'Limit' },
    { label: 'State', sort: 'state' },
    { label: 'Marks' },
  ],
  hidden: [
    { label: 'Pri' },
    { label: 'Time' },
    { label: 'Tag / area' },
    { label: 'Message' },
    { label: 'Why, by whom' },
    { label: 'Remaining' },
    { label: 'State' },
    { label: 'Marks' },
  ],
};

/** What a key asks of the view: an action on the targets, or the focused alarm's details. */
export type TableCommand = AlarmActionKind | 'details';

const LETTER_COMMANDS: Readonly<Record<string, TableCommand>> = {
  a: 'acknowledge',
  s: 'shelve',
  u: 'unshelve',
  n: 'note',
};

interface Props {
  rows: readonly Alarm[];
  variant: AlarmTableVariant;
  label: string;
  cursor: ListCursor;
  onCursor(cursor: ListCursor): void;
  onCommand(command: TableCommand, id?: string): void;
  sort?: AlarmSort;
  onSort?(key: AlarmSortKey): void;
  /** The hidden list's clock (remaining shelve time); 0 for the active list. */
  now?: number;
}

/**
 * The alarm list as a keyboard grid with only the rows on screen in the DOM (virtualWindow.ts),
 * so it stays smooth with thousands of alarms. ↑ ↓ PageUp PageDown Home End move (with Shift
 * they select a range), Space selects the focused row, Ctrl+A every row shown, Escape clears the
 * selection; A acknowledges, S shelves, U unshelves, N adds a note, Enter opens the details.
 */
export function AlarmTable(props: Props) {
  const { rows, variant, cursor, onCursor, onCommand, now = 0 } = props;
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const ids = rows.map((alarm) => alarm.id);

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const observer = new ResizeObserver(() => setViewport(body.clientHeight));
    observer.observe(body);
    return () => observer.disconnect();
  }, []);

  // Keep the focused row on screen whenever the focus moves (or its row moves in the order).
  const focused = focusIndex(ids, cursor);
  useEffect(() => {
    const body = bodyRef.current;
    if (!body || focused < 0) return;
    const next = scrollToShow(focused, body.scrollTop, body.clientHeight, ROW_HEIGHT);
    if (next !== body.scrollTop) body.scrollTop = next;
  }, [focused]);

  // Row handlers stay the same function across renders, so memoised rows do not render again
  // for a click handler's sake; they read the latest ids and cursor from here.
  const latest = useRef({ ids, cursor });
  useLayoutEffect(() => {
    latest.current = { ids, cursor };
  });
  const gridRef = useRef<HTMLDivElement>(null);
  const onRowClick = useCallback(
    (id: string, event: MouseEvent) => {
      const { ids: now, cursor: at } = latest.current;
      onCursor(clickRow(now, at, id, { ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey }));
      gridRef.current?.focus();
    },
    [onCursor],
  );
  const onOpen = useCallback((id: string) => onCommand('details', id), [onCommand]);

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys on a header's sort button are that button's.
    if (event.target !== event.currentTarget) return;
    const page = pageRows(bodyRef.current?.clientHeight ?? viewport, ROW_HEIGHT);
    const moves: Record<string, { delta: number } | { to: number }> = {
      ArrowDown: { delta: 1 },
      ArrowUp: { delta: -1 },
      PageDown: { delta: page },
      PageUp: { delta: -page },
      Home: { to: 0 },
      End: { to: ids.length - 1 },
    };
    const move = moves[event.key];
    const letter = event.key.toLowerCase();
    if (move) onCursor(moveFocus(ids, cursor, move, event.shiftKey));
    else if (event.key === ' ')
      onCursor(toggleFocused(cursor.focusId === null ? moveFocus(ids, cursor, { to: 0 }) : cursor));
    else if (letter === 'a' && (event.ctrlKey || event.metaKey)) onCursor(selectAll(ids, cursor));
    else if (event.key === 'Escape') onCursor({ ...cursor, selected: NO_CURSOR.selected });
    else if (event.key === 'Enter' && cursor.focusId !== null) onCommand('details', cursor.focusId);
    else if (LETTER_COMMANDS[letter] && !event.ctrlKey && !event.metaKey && !event.altKey)
      onCommand(LETTER_COMMANDS[letter]);
    else return;
    event.preventDefault();
  };

  const { first, last } = rowWindow(scrollTop, viewport, rows.length, ROW_HEIGHT, OVERSCAN);
  // Rows are keyed by their slot in a fixed pool, not by alarm: when alarms move (a flood puts
  // new ones on top) or the list scrolls, React refills the same row elements with other alarms
  // instead of removing and creating DOM rows, which is most of the cost of a busy list.
  const pool = Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN + 1;
  const shown = [];
  for (let index = first; index <= last; index++) {
    const alarm = rows[index]!;
    shown.push(
      <AlarmRow
        key={index % pool}
        alarm={alarm}
        index={index}
        top={index * ROW_HEIGHT}
        variant={variant}
        selected={cursor.selected.has(alarm.id)}
        focused={index === focused}
        now={now}
        onClick={onRowClick}
        onOpen={onOpen}
      />,
    );
  }
  return (
    <div
      ref={gridRef}
      className={`alarm-table variant-${variant}`}
      role="grid"
      tabIndex={0}
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={focused >= 0 ? `alarm-row-${variant}-${focused}` : undefined}
      data-testid={`alarm-table-${variant}`}
      data-rows={rows.length}
      onKeyDown={onKeyDown}
    >
      <div className="alarm-table-head" role="row" aria-rowindex={1}>
        {COLUMNS[variant].map((column) => (
          <span key={column.label} role="columnheader" aria-sort={sortState(props.sort, column.sort)}>
            {column.sort && props.onSort ? (
              <button type="button" className="link-button" onClick={() => props.onSort?.(column.sort!)}>
                {column.label}
                {props.sort?.key === column.sort ? (props.sort.dir === 'desc' ? ' ▼' : ' ▲') : ''}
              </button>
            ) : (
              column.label
            )}
          </span>
        ))}
      </div>
      <div
        ref={bodyRef}
        className="alarm-table-body"
        role="rowgroup"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div className="alarm-table-rows" style={{ height: rows.length * ROW_HEIGHT }}>
          {shown}
        </div>
        {rows.length === 0 && <p className="calm-note alarm-table-empty">No alarms to show.</p>}
      </div>
    </div>
  );
}

function sortState(
  sort: AlarmSort | undefined,
  key: AlarmSortKey | undefined,
): 'ascending' | 'descending' | undefined {
  if (!sort || !key || sort.key !== key) return undefined;
  return sort.dir === 'asc' ? 'ascending' : 'descending';
}
