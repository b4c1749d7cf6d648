import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { TagId, TagMeta } from '../../shared/domain.js';
import { ApiError } from '../../shared/errors.js';
import { MAX_DESCRIPTION, MAX_UNIT } from '../../shared/tagConfig.js';
import { useApi } from '../api/apiContext.js';
import { configFromForm, formFromConfig, type TagConfigForm } from '../devices/tagConfigForm.js';
import { useDevicesStore } from '../stores/devicesStore.js';
import { tagsActions, useTagsStore } from '../stores/tagsStore.js';
import { ConfigHistory } from './ConfigHistory.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';
import { TagAlarmsEditor } from './TagAlarmsEditor.js';

type Loaded = { version: number; discovered: TagMeta; form: TagConfigForm };

const shown = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

/**
 * An engineer's editor for one tag. Each empty field follows the device, whose value shows as the
 * placeholder; a filled one wins over every later birth. Saving stores a new version and takes
 * effect at once on every open screen (trend axes, overview, devices) and in the alarm engine,
 * without a restart.
 */
export function TagEditor({ id, onClose }: { id: TagId; onClose: () => void }) {
  const api = useApi();
  const deviceId = useTagsStore((state) => state.tags[id]?.device);
  const protocol = useDevicesStore((state) => (deviceId ? state.byId[deviceId]?.protocol : undefined));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const loadHistory = useCallback(
    () => api.call('tags.listConfigVersions', { tag: id }).then((r) => r.versions),
    [api, id],
  );

  useEffect(() => {
    let current = true;
    api.call('tags.getConfig', { tag: id }).then(
      (answer) =>
        current &&
        setLoaded({
          version: answer.version,
          discovered: answer.discovered,
          form: formFromConfig(answer.config),
        }),
      (error: unknown) => current && setMessage({ error: true, text: String(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, id]);

  if (!loaded) return <p className="calm-note">{message?.text ?? 'Loading the tag’s configuration…'}</p>;
  const { form, discovered } = loaded;
  const set = (patch: Partial<TagConfigForm>) => setLoaded({ ...loaded, form: { ...form, ...patch } });
  const numeric = discovered.dataType === 'number';
  const jsonDevice = protocol === 'json';
  const deviceLimit = (kind: string) => shown(discovered.limits?.find((limit) => limit.kind === kind)?.value);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = configFromForm(form);
    if (!checked.ok) {
      setMessage({ error: true, text: checked.error });
      return;
    }
    try {
      const result = await api.call('tags.configure', {
        tag: id,
        config: checked.config,
        baseVersion: loaded.version,
      });
      tagsActions.applyDiscovered([result.tag]);
      setLoaded({ ...loaded, version: result.version });
      setMessage({ error: false, text: `Saved as version ${result.version}; in force now.` });
    } catch (error) {
      setMessage({
        error: true,
        text: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error),
      });
    }
  };

  const field = (
    label: string,
    key: 'description' | 'unit' | 'engLow' | 'engHigh' | 'decimals' | 'storageDeadband',
    placeholder: string,
    maxLength = 40,
  ) => (
    <label>
      {label}
      <input
        type="text"
        data-testid={`tag-config-${key}`}
        value={form[key]}
        maxLength={maxLength}
        placeholder={placeholder}
        onChange={(event) => set({ [key]: event.target.value })}
      />
    </label>
  );

  return (
    <form
      className="tag-editor"
      data-testid="tag-editor"
      aria-label={`Configure ${id}`}
      onSubmit={(event) => void onSubmit(event)}
    >
      <h3>
        Configure {id}{' '}
        <span className="calm-note">version {loaded.version} · empty fields follow the device</span>
      </h3>
      <div className="tag-editor-fields">
        {field('Description', 'description', discovered.description || '(none)', MAX_DESCRIPTION)}
        {numeric && field('Unit', 'unit', discovered.unit || '(none)', MAX_UNIT)}
        {numeric && field('Range low', 'engLow', shown(discovered.engLow) || '(none)')}
        {numeric && field('Range high', 'engHigh', shown(discovered.engHigh) || '(none)')}
        {numeric && field('Decimals', 'decimals', 'from the range')}
        {numeric && field('Storage deadband', 'storageDeadband', 'site rules')}
      </div>
      {(jsonDevice || form.command !== '') && (
        <label className="command-definition">
          Command definition (JSON: topic, template, valuePath, datatype, expirySeconds, timeoutMs; empty: not
          writable)
          <textarea
            data-testid="tag-config-command"
            rows={form.command === '' ? 2 : 8}
            value={form.command}
            placeholder='{"topic": "plant/cmd/valve1", "template": {"value": 0}, "valuePath": "$.value"}'
            onChange={(event) => set({ command: event.target.value })}
          />
        </label>
      )}
      <TagAlarmsEditor
        form={form.alarms}
        onChange={(alarms) => set({ alarms })}
        dataType={discovered.dataType}
        deviceLimit={deviceLimit}
      />
      <div className="tag-editor-actions">
        <button type="submit" data-testid="tag-config-save">
          Save
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory(!showHistory)}>
          History
        </button>
        <FormMessage message={message} testId="tag-config-message" />
      </div>
      {showHistory && <ConfigHistory load={loadHistory} version={loaded.version} />}
    </form>
  );
}
