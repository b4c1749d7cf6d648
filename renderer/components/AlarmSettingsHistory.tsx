import { formatDateTime } from '../format/time.js';
import type { AlarmSettingsVersions } from '../settings/alarmSettingsApi.js';
import { describeSettingsChange } from '../settings/settingsChanges.js';

/**
 * The alarm settings' audit trail, newest first: version, when, who, and each setting it changed
 * from what to what — what an alarm-management review reads when a comment stopped being
 * mandatory or a shelve limit grew. The contract shows it to operators and above.
 */
export function AlarmSettingsHistory({
  versions,
  limit,
}: {
  /** Null: the caller may not read the history. */
  versions: AlarmSettingsVersions | null;
  limit: number;
}) {
  return (
    <section className="settings-panel" aria-labelledby="settings-history-title">
      <h2 id="settings-history-title">Changes</h2>
      {versions === null ? (
        <p className="calm-note" data-testid="settings-history-hidden">
          Who changed the alarm settings is shown to operators, engineers and admins.
        </p>
      ) : versions.length === 0 ? (
        <p className="calm-note" data-testid="settings-history-empty">
          Never changed: the site runs on the default alarm settings.
        </p>
      ) : (
        <>
          <table className="settings-table settings-history" data-testid="settings-history">
            <thead>
              <tr>
                <th scope="col" className="col-version">
                  Version
                </th>
                <th scope="col" className="col-when">
                  When
                </th>
                <th scope="col" className="col-who">
                  Who
                </th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} data-testid="settings-history-row" data-version={v.version}>
                  <td>v{v.version}</td>
                  <td>{formatDateTime(v.changedMs)}</td>
                  <td data-testid="settings-history-who">{v.changedBy}</td>
                  <td>
                    <ul className="settings-changes" data-testid="settings-history-changes">
                      {describeSettingsChange(v.before, v.after).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {versions.length >= limit && (
            <p className="calm-note">
              The newest {limit} changes are shown; older ones are kept in config.db.
            </p>
          )}
        </>
      )}
    </section>
  );
}
