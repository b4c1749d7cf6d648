import type { AlarmJournalEntry } from '../../shared/alarms.js';
import { formatAlarmValue } from '../alarms/alarmText.js';
import { journalStateWords, TRIGGER_WORDS } from '../alarms/journalText.js';
import { formatDateTime } from '../format/time.js';
import { AlarmIndicator } from './AlarmIndicator.js';

/**
 * Alarm journal lines, newest first: when, which alarm, from → to, why, who (and on which
 * station), the comment, and the value and quality that caused it. `compact` leaves out the
 * alarm's name, for the details of one alarm.
 */
export function JournalTable({
  entries,
  compact = false,
  testId,
}: {
  entries: readonly AlarmJournalEntry[];
  compact?: boolean;
  testId: string;
}) {
  return (
    <table className="journal-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Time</th>
          {!compact && <th scope="col">Alarm</th>}
          <th scope="col">From → to</th>
          <th scope="col">Event</th>
          <th scope="col">User</th>
          <th scope="col">Comment</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const value = formatAlarmValue({ ...entry, frozen: false, unit: undefined });
          return (
            <tr key={entry.seq} data-testid="journal-row" data-seq={entry.seq} data-trigger={entry.trigger}>
              <td className="num">{formatDateTime(entry.ts)}</td>
              {!compact && (
                <td className="journal-alarm" title={entry.message}>
                  <AlarmIndicator priority={entry.priority} /> {entry.alarm}
                  <span className="cell-area">{entry.message}</span>
                </td>
              )}
              <td>
                {journalStateWords(entry.from)} → {journalStateWords(entry.to)}
              </td>
              <td>{TRIGGER_WORDS[entry.trigger]}</td>
              <td>{entry.user === null ? '—' : `${entry.user} @ ${entry.station}`}</td>
              <td className="journal-comment" title={entry.comment}>
                {entry.comment}
              </td>
              <td className="num">
                {value.text}
                {value.badge && <span className="badge badge-bad">{value.badge}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
