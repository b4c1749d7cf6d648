import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../api/apiContext.js';
import {
  describeError,
  HISTORY_LIMIT,
  loadAlarmSettings,
  newestVersion,
  saveAlarmSettings,
  type StoredAlarmSettings,
} from '../settings/alarmSettingsApi.js';
import {
  formChanged,
  formFromSettings,
  settingsFromForm,
  type AlarmSettingsForm,
} from '../settings/alarmSettingsForm.js';
import { alarmsActions } from '../stores/alarmsStore.js';
import { AlarmSettingsFields } from './AlarmSettingsFields.js';
import { AlarmSettingsHistory } from './AlarmSettingsHistory.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';

/**
 * The site's alarm settings: read by anyone, edited by an engineer or admin, with their audit
 * trail below. Checked as typed with the server's schema (every problem listed, Save off until
 * none); a save over a version someone saved since is refused with who it was, keeping what was
 * typed until Reload (alarmSettingsApi.ts). A save is in force at once, on this station's alarm
 * dialogs too.
 */
export function AlarmSettingsEditor({
  canEdit,
  canSeeHistory,
}: {
  canEdit: boolean;
  canSeeHistory: boolean;
}) {
  const api = useApi();
  const [stored, setStored] = useState<StoredAlarmSettings | null>(null);
  const [form, setForm] = useState<AlarmSettingsForm | null>(null);
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [mustReload, setMustReload] = useState(false);
  const [busy, setBusy] = useState(false);

  const apply = useCallback((answer: StoredAlarmSettings) => {
    setStored(answer);
    setForm(formFromSettings(answer.settings));
    setMustReload(false);
    alarmsActions.setSettings(answer.settings);
  }, []);
  const failed = useCallback(
    (error: unknown) => setMessage({ error: true, text: `Settings not loaded: ${describeError(error)}` }),
    [],
  );
  useEffect(() => {
    let current = true;
    loadAlarmSettings(api, canSeeHistory).then(
      (answer) => current && apply(answer),
      (error: unknown) => current && failed(error),
    );
    return () => {
      current = false;
    };
  }, [api, canSeeHistory, apply, failed]);
  const reload = () => {
    setMessage(null);
    loadAlarmSettings(api, canSeeHistory).then(apply, failed);
  };

  const result = form ? settingsFromForm(form) : null;
  const edited = form !== null && stored !== null && formChanged(form, stored.settings);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!stored?.versions || !result?.ok || !edited || mustReload) return;
    setBusy(true);
    const outcome = await saveAlarmSettings(api, result.settings, newestVersion(stored.versions));
    setBusy(false);
    if (outcome.kind === 'saved') apply(outcome.stored);
    if (outcome.kind === 'savedUnlisted') {
      alarmsActions.setSettings(outcome.settings);
      setStored({ ...stored, settings: outcome.settings });
    }
    setMustReload(outcome.kind === 'stale' || outcome.kind === 'savedUnlisted');
    setMessage({ error: outcome.kind === 'stale' || outcome.kind === 'refused', text: outcome.text });
  };

  const version = stored?.versions ? newestVersion(stored.versions) : null;
  return (
    <>
      <section className="settings-panel" aria-labelledby="alarm-settings-title" data-testid="alarm-settings">
        <h2 id="alarm-settings-title">
          Alarm handling{' '}
          <span className="calm-note" data-testid="alarm-settings-version">
            {version === null ? '' : version === 0 ? 'defaults (never changed)' : `version ${version}`}
          </span>
        </h2>
        {!canEdit && (
          <p className="calm-note" data-testid="alarm-settings-read-only">
            Read only: an engineer or admin changes these.
          </p>
        )}
        {!form || !stored ? (
          message ? (
            <button type="button" data-testid="alarm-settings-retry" onClick={reload}>
              Try again
            </button>
          ) : (
            <p role="status">Loading the alarm settings…</p>
          )
        ) : (
          <form onSubmit={(event) => void save(event)}>
            <fieldset className="settings-fieldset" disabled={!canEdit || busy}>
              <AlarmSettingsFields form={form} stored={stored.settings} set={setForm} />
            </fieldset>
            {result && !result.ok && (
              <ul className="form-error settings-problems" data-testid="alarm-settings-problems" role="alert">
                {result.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            )}
            {canEdit && (
              <div className="settings-actions">
                <button
                  type="submit"
                  data-testid="alarm-settings-save"
                  disabled={busy || mustReload || !edited || !result?.ok}
                >
                  Save
                </button>
                <button
                  type="button"
                  data-testid="alarm-settings-revert"
                  disabled={busy || !edited}
                  onClick={() => setForm(formFromSettings(stored.settings))}
                >
                  Undo changes
                </button>
                {mustReload && (
                  <button type="button" data-testid="alarm-settings-reload" onClick={reload}>
                    Reload
                  </button>
                )}
              </div>
            )}
          </form>
        )}
        <FormMessage message={message} testId="alarm-settings-message" />
      </section>
      {stored && <AlarmSettingsHistory versions={stored.versions} limit={HISTORY_LIMIT} />}
    </>
  );
}
