import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/errors.js';
import type { SyncSettings } from '../../shared/sync.js';
import { useApi } from '../api/apiContext.js';
import { formFromSettings, settingsFromForm, type SyncSettingsForm } from '../sync/settingsForm.js';
import { CloudPassword } from './CloudPassword.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';
import { SyncSettingsFields } from './SyncSettingsFields.js';

interface Stored {
  settings: SyncSettings;
  version: number;
}

/**
 * The sync settings: read by anyone, edited by an engineer. Checked as typed with the server's
 * schema (every problem listed, Save off until none), saved over the version they were loaded
 * at: if someone else saved in between, the save is refused and the editor says so, keeping
 * what was typed until Reload. The password is set apart (admin), never part of the settings.
 */
export function SyncSettingsEditor({
  canEdit,
  canSetPassword,
}: {
  canEdit: boolean;
  canSetPassword: boolean;
}) {
  const api = useApi();
  const [stored, setStored] = useState<Stored | null>(null);
  const [form, setForm] = useState<SyncSettingsForm | null>(null);
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  const apply = useCallback((answer: Stored) => {
    setStored(answer);
    setForm(formFromSettings(answer.settings));
    setConflict(false);
  }, []);
  const failed = useCallback(
    (error: unknown) => setMessage({ error: true, text: `Settings not loaded: ${describe(error)}` }),
    [],
  );
  const load = () => api.call('sync.settings', {}).then(apply, failed);
  useEffect(() => {
    let current = true;
    api.call('sync.settings', {}).then(
      (answer) => current && apply(answer),
      (error: unknown) => current && failed(error),
    );
    return () => {
      current = false;
    };
  }, [api, apply, failed]);

  const result = form && stored ? settingsFromForm(form, stored.settings) : null;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!stored || !result?.ok) return;
    setBusy(true);
    try {
      const { version } = await api.call('sync.saveSettings', {
        settings: result.settings,
        baseVersion: stored.version,
      });
      setStored({ settings: result.settings, version });
      setMessage({ error: false, text: `Saved as version ${version}; in force now.` });
    } catch (error) {
      const isConflict = error instanceof ApiError && error.code === 'CONFLICT';
      setConflict(isConflict);
      setMessage({
        error: true,
        text: isConflict
          ? `Not saved: someone else saved the sync settings since you loaded version ${stored.version}. Reload to see theirs, then make your change again.`
          : `Not saved: ${describe(error)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      className="sync-panel sync-settings"
      aria-labelledby="sync-settings-title"
      data-testid="sync-settings"
    >
      <h2 id="sync-settings-title">
        Settings{' '}
        <span className="calm-note" data-testid="sync-settings-version">
          {stored ? `version ${stored.version}` : '…'}
        </span>
      </h2>
      {!canEdit && <p className="calm-note">Only an engineer can change these.</p>}
      {form && (
        <form onSubmit={(event) => void save(event)}>
          <fieldset className="sync-fieldset" disabled={!canEdit || busy}>
            <SyncSettingsFields form={form} set={(patch) => setForm({ ...form, ...patch })} />
          </fieldset>
          {result && !result.ok && (
            <ul className="form-error sync-problems" data-testid="sync-settings-problems" role="alert">
              {result.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          {canEdit && (
            <div className="sync-actions">
              <button type="submit" data-testid="sync-settings-save" disabled={busy || !result?.ok}>
                Save
              </button>
              {conflict && (
                <button type="button" data-testid="sync-settings-reload" onClick={() => void load()}>
                  Reload
                </button>
              )}
              <FormMessage message={message} testId="sync-settings-message" />
            </div>
          )}
        </form>
      )}
      {canSetPassword && stored?.settings.cloud && <CloudPassword broker={stored.settings.cloud.id} />}
      {!canSetPassword && stored?.settings.cloud?.username && (
        <p className="calm-note">An admin stores the cloud broker&apos;s password; it is never shown here.</p>
      )}
    </section>
  );
}

function describe(error: unknown): string {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
}
