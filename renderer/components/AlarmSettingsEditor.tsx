import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AlarmSettings } from '../../shared/alarms.js';
import type { ControlRoomApi } from '../../shared/contract.js';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { formatDateTime } from '../format/time.js';
import {
  formChanged,
  formFromSettings,
  settingsFromForm,
  type AlarmSettingsForm,
} from '../settings/alarmSettingsForm.js';
import { alarmsActions } from '../stores/alarmsStore.js';
import { AlarmSettingsFields } from './AlarmSettingsFields.js';
import { AlarmSettingsHistory, type AlarmSettingsVersions } from './AlarmSettingsHistory.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';

const HISTORY_LIMIT = 100;

interface Stored {
  settings: AlarmSettings;
  /** Null: the caller may not read the history (a viewer). */
  versions: AlarmSettingsVersions | null;
}

/** The newest version the history lists; 0 while the defaults are in force. */
const newestVersion = (versions: AlarmSettingsVersions) => versions[0]?.version ?? 0;

async function loadStored(api: ControlRoomApi, withHistory: boolean): Promise<Stored> {
  const [settings, history] = await Promise.all([
    api.call('alarms.getSettings', {}),
    withHistory ? api.call('alarms.listSettingsVersions', { limit: HISTORY_LIMIT }) : null,
  ]);
  return { settings, versions: history?.versions ?? null };
}

/**
 * The site's alarm settings: read by anyone, edited by an engineer or admin, with their audit
 * trail below. Checked as typed with the server's schema (every problem listed, Save off until
 * none). The contract's save carries no base version, so before saving the editor asks for the
 * newest version: if someone saved since this one was loaded, it refuses and says who, keeping
 * what was typed until Reload. A save is in force at once, on this station's alarm dialogs too.
 */
export function AlarmSettingsEditor({
  canEdit,
  canSeeHistory,
}: {
  canEdit: boolean;
  canSeeHistory: boolean;
}) {
  const api = useApi();
  const [stored, setStored] = useState<Stored | null>(null);
  const [form, setForm] = useState<AlarmSettingsForm | null>(null);
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  const apply = useCallback((answer: Stored) => {
    setStored(answer);
    setForm(formFromSettings(answer.settings));
    setConflict(false);
    alarmsActions.setSettings(answer.settings);
  }, []);
  const failed = useCallback(
    (error: unknown) => setMessage({ error: true, text: `Settings not loaded: ${describe(error)}` }),
    [],
  );
  useEffect(() => {
    let current = true;
    loadStored(api, canSeeHistory).then(
      (answer) => current && apply(answer),
      (error: unknown) => current && failed(error),
    );
    return () => {
      current = false;
    };
  }, [api, canSeeHistory, apply, failed]);
  const reload = () => {
    setMessage(null);
    loadStored(api, canSeeHistory).then(apply, failed);
  };

  const result = form ? settingsFromForm(form) : null;
  const edited = form !== null && stored !== null && formChanged(form, stored.settings);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!stored?.versions || !result?.ok || !edited) return;
    const loaded = newestVersion(stored.versions);
    setBusy(true);
    try {
      const { versions } = await api.call('alarms.listSettingsVersions', { limit: 1 });
      if (newestVersion(versions) !== loaded) {
        setConflict(true);
        setMessage({ error: true, text: staleMessage(versions, loaded) });
        return;
      }
      await api.call('alarms.setSettings', result.settings);
      const answer = await loadStored(api, true);
      apply(answer);
      setMessage({
        error: false,
        text: `Saved as version ${newestVersion(answer.versions ?? [])}; in force now.`,
      });
    } catch (error) {
      setMessage({ error: true, text: `Not saved: ${describe(error)}` });
    } finally {
      setBusy(false);
    }
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
          <p role="status">{message ? '' : 'Loading the alarm settings…'}</p>
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
                  disabled={busy || !edited || !result?.ok}
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
                {conflict && (
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

function staleMessage(versions: AlarmSettingsVersions, loaded: number): string {
  const newest = versions[0];
  const who = newest
    ? `${newest.changedBy} saved the alarm settings at ${formatDateTime(newest.changedMs)} (version ${newest.version})`
    : 'the stored alarm settings changed';
  return `Not saved: ${who} since you loaded version ${loaded}. Reload to see theirs, then make your change again.`;
}

function describe(error: unknown): string {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
}
