import { useEffect, useState } from 'react';
import type { Alarm, AlarmJournalEntry } from '../../shared/alarms.js';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import type { AlarmActionKind } from '../alarms/alarmActions.js';
import { ACTION_LABEL } from '../alarms/alarmActions.js';
import { formatAlarmLimit } from '../alarms/alarmText.js';
import { overlayWords, PRIORITY_LABEL, stateWords } from '../alarms/priorityText.js';
import { formatDateTime } from '../format/time.js';
import { qualityWords } from '../format/quality.js';
import { alarmCapabilities } from '../stores/alarmsSelectors.js';
import { useAlarmsStore } from '../stores/alarmsStore.js';
import { AlarmIndicator } from './AlarmIndicator.js';
import { AlarmTrend } from './AlarmTrend.js';
import { AlarmValue } from './AlarmValue.js';
import { JournalTable } from './JournalTable.js';

/** Journal lines the details show; the Journal tab has the rest. */
const DETAIL_LINES = 100;

/** The actions the alarm's state and the caller's roles allow, in the order offered. */
export function offeredActions(alarm: Alarm, caps: ReturnType<typeof alarmCapabilities>): AlarmActionKind[] {
  const actions: AlarmActionKind[] = [];
  if (caps.operate) {
    if (!alarm.acknowledged) actions.push('acknowledge');
    actions.push(alarm.shelved ? 'unshelve' : 'shelve');
    if (alarm.state === 'latched' && !alarm.active) actions.push('reset');
  }
  if (caps.service) actions.push(alarm.outOfService ? 'returnToService' : 'outOfService');
  if (caps.operate) actions.push('note');
  return actions;
}

/** This alarm's journal, newest first, asked again whenever the alarm changes. */
function useAlarmJournal(alarm: Alarm): { entries: AlarmJournalEntry[]; error: string | null } {
  const api = useApi();
  const [answer, setAnswer] = useState<{ entries: AlarmJournalEntry[]; error: string | null }>({
    entries: [],
    error: null,
  });
  useEffect(() => {
    let current = true;
    api
      .call('alarms.queryJournal', {
        filter: { from: 0, to: Date.now() + 60_000, tag: alarm.tag, text: alarm.id },
        limit: DETAIL_LINES,
      })
      .then(
        (result) =>
          current && setAnswer({ entries: result.entries.filter((e) => e.alarm === alarm.id), error: null }),
        (error: unknown) =>
          current &&
          setAnswer((old) => ({
            entries: old.entries,
            error: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error),
          })),
      );
    return () => {
      current = false;
    };
  }, [api, alarm.id, alarm.tag, alarm.revision]);
  return answer;
}

/**
 * One alarm in full: its state, value and limit, who acknowledged, shelved or took it out of
 * service and why; the actions the caller may take; the tag's trend around the alarm; and the
 * alarm's journal.
 */
export function AlarmDetails({
  alarm,
  onAction,
  onClose,
}: {
  alarm: Alarm;
  onAction: (kind: AlarmActionKind) => void;
  onClose: () => void;
}) {
  const caller = useAlarmsStore((state) => state.caller);
  const journal = useAlarmJournal(alarm);
  const actions = offeredActions(alarm, alarmCapabilities(caller));
  const hidden = overlayWords(alarm);
  const by = alarm.outOfService ?? alarm.shelved;
  return (
    <section
      className="alarm-details"
      aria-label={`Alarm ${alarm.id}`}
      data-testid="alarm-details"
      data-alarm-id={alarm.id}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <header className="alarm-details-head">
        <AlarmIndicator priority={alarm.priority} size={20} />
        <h2>{alarm.tag}</h2>
        <span className="calm-note">
          {[
            `${alarm.family}${alarm.level ? ` ${alarm.level}` : ''}`,
            PRIORITY_LABEL[alarm.priority],
            alarm.area,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
        <button type="button" className="notice-dismiss" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="alarm-details-message">{alarm.message}</p>
      <dl className="alarm-facts">
        <dt>State</dt>
        <dd data-testid="details-state">
          {stateWords(alarm)}
          {hidden ? ` · ${hidden}` : ''}
          {alarm.frozen ? ' · FROZEN: its value is bad or stale' : ''}
        </dd>
        <dt>Since</dt>
        <dd>{alarm.activeSinceMs === null ? '—' : formatDateTime(alarm.activeSinceMs)}</dd>
        <dt>Value</dt>
        <dd>
          <AlarmValue alarm={alarm} /> ({qualityWords(alarm.quality)})
        </dd>
        <dt>Limit</dt>
        <dd>{formatAlarmLimit(alarm) || '—'}</dd>
        {alarm.acknowledgedBy && (
          <>
            <dt>Acknowledged</dt>
            <dd data-testid="details-acked-by">
              {alarm.acknowledgedBy.user} @ {alarm.acknowledgedBy.station},{' '}
              {formatDateTime(alarm.acknowledgedBy.atMs)}
              {alarm.acknowledgedBy.comment ? `: “${alarm.acknowledgedBy.comment}”` : ''}
            </dd>
          </>
        )}
        {by && (
          <>
            <dt>{alarm.outOfService ? 'Out of service' : 'Shelved'}</dt>
            <dd>
              {by.user} @ {by.station}, {formatDateTime(by.atMs)}: “{by.comment}”
              {alarm.shelved?.untilMs ? ` · until ${formatDateTime(alarm.shelved.untilMs)}` : ''}
            </dd>
          </>
        )}
      </dl>
      {actions.length > 0 && (
        <div className="alarm-details-actions" role="group" aria-label="Actions">
          {actions.map((kind) => (
            <button key={kind} type="button" data-testid={`details-${kind}`} onClick={() => onAction(kind)}>
              {ACTION_LABEL[kind]}…
            </button>
          ))}
        </div>
      )}
      <AlarmTrend key={alarm.id} alarm={alarm} />
      <h3>Journal</h3>
      {journal.error && <p className="form-error">Journal not loaded: {journal.error}</p>}
      {journal.entries.length === 0 && !journal.error ? (
        <p className="calm-note">Nothing journaled yet.</p>
      ) : (
        <JournalTable entries={journal.entries} compact testId="details-journal" />
      )}
    </section>
  );
}
