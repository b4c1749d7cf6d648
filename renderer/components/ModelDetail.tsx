import { useEffect, useState } from 'react';
import { ApiError } from '../../shared/errors.js';
import { derivedTags, type ModelBindingVersion } from '../../shared/modelBindings.js';
import type { ModelStatus } from '../../shared/models.js';
import { useApi } from '../api/apiContext.js';
import { formatDateTime } from '../format/time.js';
import { modelsActions } from '../stores/modelsStore.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';

const errorText = (error: unknown): string =>
  error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);

/** What one version did, in words. */
function versionWords(version: ModelBindingVersion): string {
  if (version.after === null) return 'deleted';
  if (version.before === null) return 'created';
  if (version.before.enabled !== version.after.enabled) return version.after.enabled ? 'enabled' : 'disabled';
  return 'edited';
}

/**
 * One binding: enable or disable it, edit it, delete it (an engineer's), and its history of
 * changes, newest first.
 */
export function ModelDetail({
  status,
  canEdit,
  onEdit,
}: {
  status: ModelStatus;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const api = useApi();
  const { binding } = status;
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [versions, setVersions] = useState<ModelBindingVersion[] | null>(null);
  useEffect(() => {
    let current = true;
    api.call('models.listBindingVersions', { id: binding.id, limit: 20 }).then(
      (result) => current && setVersions(result.versions),
      () => current && setVersions([]),
    );
    return () => {
      current = false;
    };
  }, [api, binding.id, status.version]);

  const setEnabled = async (enabled: boolean) => {
    try {
      modelsActions.applyStatus(await api.call('models.setEnabled', { id: binding.id, enabled }));
      setMessage({ error: false, text: enabled ? 'Enabled.' : 'Disabled: its outputs turn bad.' });
    } catch (error) {
      setMessage({ error: true, text: errorText(error) });
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete the binding ${binding.id}? Its outputs turn bad.`)) return;
    try {
      const result = await api.call('models.deleteBinding', { id: binding.id, baseVersion: status.version });
      modelsActions.applyDeleted(binding.id, result.status);
      setMessage({ error: false, text: 'Deleted.' });
    } catch (error) {
      setMessage({ error: true, text: errorText(error) });
    }
  };

  return (
    <section className="model-detail" data-testid="model-detail" aria-label={`Binding ${binding.id}`}>
      <h2>{binding.id}</h2>
      {binding.description && <p className="calm-note">{binding.description}</p>}
      <p className="calm-note">
        {status.source === 'demo' ? 'Demo default' : `Version ${status.version}`} · outputs{' '}
        {derivedTags(binding)
          .map((o) => o.tag)
          .join(', ')}
      </p>
      {status.stats.lastError && (
        <p className="form-error" data-testid="model-last-error">
          Last error: {status.stats.lastError}
        </p>
      )}
      {canEdit && (
        <div className="model-actions">
          <button
            type="button"
            data-testid="model-enable"
            onClick={() => void setEnabled(!binding.enabled || status.state === 'error')}
          >
            {binding.enabled && status.state !== 'error' ? 'Disable' : binding.enabled ? 'Retry' : 'Enable'}
          </button>
          <button type="button" data-testid="model-edit" onClick={onEdit}>
            Edit…
          </button>
          {status.source === 'stored' && (
            <button type="button" data-testid="model-delete" onClick={() => void remove()}>
              Delete
            </button>
          )}
        </div>
      )}
      <FormMessage message={message} testId="model-detail-message" />
      <h3>History</h3>
      {versions === null ? (
        <p className="calm-note">Loading…</p>
      ) : versions.length === 0 ? (
        <p className="calm-note">Never changed: as shipped.</p>
      ) : (
        <ol className="model-versions" data-testid="model-versions">
          {versions.map((version) => (
            <li key={version.version}>
              v{version.version} {versionWords(version)} by {version.changedBy},{' '}
              {formatDateTime(version.changedMs)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
