import { useEffect, useState } from 'react';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { describeWriteValue } from '../devices/writeInput.js';
import { formatDateTime } from '../format/time.js';
import { commandsActions, OUTCOME_WORDS, useCommandsStore } from '../stores/commandsStore.js';

/** Recent commands to one device's tags, newest first, their outcomes updating live. */
export function CommandJournal({ device }: { device: string }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const records = useCommandsStore((state) => state.records);
  const mine = records.filter((r) => r.tag.startsWith(`${device}/`));

  useEffect(() => {
    let current = true;
    api.call('commands.list', { limit: 50 }).then(
      (answer) => current && commandsActions.loadJournal(answer.commands),
      (failure: unknown) =>
        current && setError(failure instanceof ApiError ? failure.message : String(failure)),
    );
    return () => {
      current = false;
    };
  }, [api]);

  return (
    <section className="command-journal" aria-label="Recent commands" data-testid="command-journal">
      <h3>Recent commands</h3>
      {error && <p className="calm-note">The journal cannot be shown: {error}</p>}
      {!error && mine.length === 0 && <p className="calm-note">No commands to this device yet.</p>}
      {mine.length > 0 && (
        <table className="metric-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Tag</th>
              <th scope="col">Old → new</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {mine.map((r) => (
              <tr key={r.id} data-testid="command-row" data-outcome={r.outcome}>
                <td>{formatDateTime(r.requestedAt)}</td>
                <td>{r.user}</td>
                <td>{r.tag.slice(device.length + 1)}</td>
                <td>
                  {describeWriteValue(r.oldValue)} → {describeWriteValue(r.newValue)}
                </td>
                <td className={`command-outcome outcome-${r.outcome}`} title={r.detail || undefined}>
                  {OUTCOME_WORDS[r.outcome]}
                  {r.outcome === 'refused' && r.detail ? ` (${r.detail})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
