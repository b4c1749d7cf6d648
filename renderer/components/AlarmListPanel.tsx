import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Alarm } from '../../shared/alarms.js';
import { ACTION_LABEL, type AlarmActionKind } from '../alarms/alarmActions.js';
import { actionTargets, pruneCursor } from '../alarms/listNavigation.js';
import { useNow } from '../hooks/useNow.js';
import { activeRows, alarmCapabilities, hiddenRows } from '../stores/alarmsSelectors.js';
import { alarmsActions, useAlarmsStore } from '../stores/alarmsStore.js';
import { AlarmActionDialog, type ActionOutcome } from './AlarmActionDialog.js';
import { AlarmDetails } from './AlarmDetails.js';
import { AlarmFilterBar } from './AlarmFilterBar.js';
import type { AlarmTableVariant } from './AlarmRow.js';
import { AlarmTable, type TableCommand } from './AlarmTable.js';

/** Which of the alarms an action can apply to: acknowledge the unacknowledged, shelve the unshelved… */
export function applicable(kind: AlarmActionKind, alarm: Alarm): boolean {
  switch (kind) {
    case 'acknowledge':
      return !alarm.acknowledged;
    case 'shelve':
      return alarm.shelved === null;
    case 'unshelve':
      return alarm.shelved !== null;
    case 'outOfService':
      return alarm.outOfService === null;
    case 'returnToService':
      return alarm.outOfService !== null;
    case 'reset':
      return alarm.state === 'latched' && !alarm.active;
    case 'note':
      return true;
  }
}

const NEEDS_ENGINEER: ReadonlySet<AlarmActionKind> = new Set(['outOfService', 'returnToService']);

function useRows(variant: AlarmTableVariant): readonly Alarm[] {
  const byId = useAlarmsStore((state) => state.byId);
  const filter = useAlarmsStore((state) => state.filter);
  const sort = useAlarmsStore((state) => state.sort);
  return useMemo(
    () => (variant === 'active' ? activeRows(byId, filter, sort) : hiddenRows(byId)),
    [variant, byId, filter, sort],
  );
}

/**
 * The active alarms (or the shelved, suppressed and out-of-service ones) as a keyboard list
 * with the details of one beside it, and the dialog of the action under way. Actions apply to
 * the selection, else the focused row; "all shown" to every row the filters let through.
 */
export function AlarmListPanel({ variant }: { variant: AlarmTableVariant }) {
  const rows = useRows(variant);
  const cursor = useAlarmsStore((state) => state.cursor);
  const sort = useAlarmsStore((state) => state.sort);
  const caller = useAlarmsStore((state) => state.caller);
  const detailsId = useAlarmsStore((state) => state.detailsId);
  const details = useAlarmsStore((state) => (state.detailsId ? state.byId[state.detailsId] : undefined));
  const caps = alarmCapabilities(caller);
  const now = useNow(variant === 'hidden' ? 1_000 : 60_000);
  const [dialog, setDialog] = useState<{ kind: AlarmActionKind; alarms: Alarm[] } | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const ids = useMemo(() => rows.map((alarm) => alarm.id), [rows]);

  // Alarms that left the list leave the selection.
  useEffect(() => {
    const pruned = pruneCursor(ids, cursor);
    if (pruned !== cursor) alarmsActions.setCursor(pruned);
  }, [ids, cursor]);

  const open = useCallback(
    (kind: AlarmActionKind, targets: readonly Alarm[]) => {
      if (!caps.operate || (NEEDS_ENGINEER.has(kind) && !caps.service)) {
        setOutcome({ error: true, text: `${ACTION_LABEL[kind]}: your role does not allow it` });
        return;
      }
      const alarms = targets.filter((alarm) => applicable(kind, alarm));
      if (alarms.length === 0) {
        setOutcome({ error: true, text: `${ACTION_LABEL[kind]}: none of the chosen alarms needs it` });
        return;
      }
      setOutcome(null);
      setDialog({ kind, alarms: kind === 'note' ? alarms.slice(0, 1) : alarms });
    },
    [caps.operate, caps.service],
  );

  // Stable across deltas (the rows read the latest ids from the ref), so memoised rows are not
  // rendered again for a new handler.
  const idsRef = useRef(ids);
  useLayoutEffect(() => {
    idsRef.current = ids;
  });
  const onCommand = useCallback(
    (command: TableCommand, id?: string) => {
      if (command === 'details') return alarmsActions.openDetails(id ?? null);
      const { byId, cursor: at } = useAlarmsStore.getState();
      const targets = actionTargets(idsRef.current, at);
      open(
        command,
        targets.map((target) => byId[target]).filter((alarm): alarm is Alarm => alarm !== undefined),
      );
    },
    [open],
  );

  const closeDialog = (result: ActionOutcome | null) => {
    setDialog(null);
    if (result) setOutcome(result);
    panelRef.current?.querySelector<HTMLElement>('.alarm-table')?.focus();
  };
  const selected = actionTargets(ids, cursor);
  const unackedShown = rows.filter((alarm) => !alarm.acknowledged);
  return (
    <div className={details ? 'alarm-panel with-details' : 'alarm-panel'} ref={panelRef}>
      <div className="alarm-list-side">
        <div className="view-toolbar">
          {variant === 'active' && <AlarmFilterBar />}
          <span className="calm-note" data-testid="alarm-count">
            {rows.length.toLocaleString()} shown{selected.length > 0 ? ` · ${selected.length} chosen` : ''}
          </span>
          {caps.operate && variant === 'active' && (
            <>
              <button
                type="button"
                data-testid="ack-selected"
                disabled={selected.length === 0}
                onClick={() => onCommand('acknowledge')}
              >
                Acknowledge (A)
              </button>
              <button
                type="button"
                data-testid="ack-all-shown"
                disabled={unackedShown.length === 0}
                onClick={() => open('acknowledge', unackedShown)}
              >
                Acknowledge all shown ({unackedShown.length})
              </button>
              <button
                type="button"
                data-testid="shelve-selected"
                disabled={selected.length === 0}
                onClick={() => onCommand('shelve')}
              >
                Shelve… (S)
              </button>
            </>
          )}
          {caps.operate && variant === 'hidden' && (
            <button
              type="button"
              data-testid="unshelve-selected"
              disabled={selected.length === 0}
              onClick={() => onCommand('unshelve')}
            >
              Unshelve (U)
            </button>
          )}
          {outcome && (
            <span
              className={outcome.error ? 'notice form-error' : 'notice'}
              role="status"
              data-testid="alarm-action-outcome"
            >
              {outcome.text}
            </span>
          )}
        </div>
        <AlarmTable
          rows={rows}
          variant={variant}
          label={variant === 'active' ? 'Active alarms' : 'Shelved, suppressed and out-of-service alarms'}
          cursor={cursor}
          onCursor={alarmsActions.setCursor}
          onCommand={onCommand}
          sort={variant === 'active' ? sort : undefined}
          onSort={variant === 'active' ? alarmsActions.sortBy : undefined}
          now={variant === 'hidden' ? now : 0}
        />
        <p className="calm-note alarm-keys">
          ↑ ↓ PgUp PgDn Home End move · Shift+move or Space select · Ctrl+A all shown · A acknowledge · S
          shelve · U unshelve · N note · Enter details
        </p>
      </div>
      {details && detailsId && (
        <AlarmDetails
          alarm={details}
          onAction={(kind) => open(kind, [details])}
          onClose={() => alarmsActions.openDetails(null)}
        />
      )}
      {dialog && <AlarmActionDialog kind={dialog.kind} alarms={dialog.alarms} onClose={closeDialog} />}
    </div>
  );
}
