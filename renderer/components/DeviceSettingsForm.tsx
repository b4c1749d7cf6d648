import { useCallback, useState, type FormEvent } from 'react';
import { DeviceConfigSchema, MAX_AREA } from '../../shared/deviceConfig.js';
import type { Device } from '../../shared/domain.js';
import { ApiError, describeZodError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { devicesActions } from '../stores/devicesStore.js';
import { ConfigHistory } from './ConfigHistory.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';

const seconds = (ms: number | undefined) => (ms === undefined ? '' : String(ms / 1000));

/**
 * A device's timeout and area, for engineers. Empty fields are not configured: the device's own
 * declaration, or the site default, and the area its topic names apply. Saved at once, versioned.
 */
export function DeviceSettingsForm({ device }: { device: Device }) {
  const api = useApi();
  const [timeout, setTimeoutText] = useState(seconds(device.config.staleAfterMs));
  const [area, setArea] = useState(device.config.area ?? '');
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const loadHistory = useCallback(
    () => api.call('devices.listConfigVersions', { device: device.id }).then((r) => r.versions),
    [api, device.id],
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const draft: Record<string, unknown> = {};
    if (timeout.trim() !== '') draft.staleAfterMs = Math.round(Number(timeout) * 1000);
    if (area.trim() !== '') draft.area = area;
    const parsed = DeviceConfigSchema.safeParse(draft);
    if (!parsed.success || (timeout.trim() !== '' && !Number.isFinite(Number(timeout)))) {
      setMessage({
        error: true,
        text: parsed.success ? 'timeout: not a number of seconds' : describeZodError(parsed.error),
      });
      return;
    }
    try {
      const result = await api.call('devices.configure', {
        device: device.id,
        config: parsed.data,
        baseVersion: device.configVersion,
      });
      devicesActions.applyChanges([result.device]);
      setMessage({ error: false, text: `Saved as version ${result.version}.` });
    } catch (error) {
      setMessage({
        error: true,
        text: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error),
      });
    }
  };

  return (
    <form className="device-settings" aria-label="Device settings" onSubmit={(event) => void onSubmit(event)}>
      <label>
        Stale after (s)
        <input
          type="text"
          inputMode="decimal"
          data-testid="device-timeout-input"
          value={timeout}
          placeholder={device.staleAfterSource === 'configured' ? '' : 'device or site default'}
          onChange={(event) => setTimeoutText(event.target.value)}
        />
      </label>
      <label>
        Area
        <input
          type="text"
          data-testid="device-area-input"
          value={area}
          maxLength={MAX_AREA}
          placeholder="from the topic"
          onChange={(event) => setArea(event.target.value)}
        />
      </label>
      <button type="submit" data-testid="device-settings-save">
        Save device settings
      </button>
      <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory(!showHistory)}>
        History
      </button>
      <FormMessage message={message} testId="device-settings-message" />
      {showHistory && <ConfigHistory load={loadHistory} version={device.configVersion} />}
    </form>
  );
}
