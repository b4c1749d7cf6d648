import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError } from '../../shared/errors.js';
import type { SyncStatus } from '../../shared/sync.js';
import { useApi } from '../api/apiContext.js';
import { dropPreview, dropRequest, emptyDropForm, type DropForm } from '../sync/dropForm.js';
import type { FormOutcome } from './FormMessage.js';

/**
 * Dropping backlog (admin): one stream or all backfill, optionally only before a time, with a
 * mandatory reason. It says what will go at most and that the drop is journaled; Enter drops,
 * Escape cancels, and the focus starts on the first choice.
 */
export function DropBacklogDialog({
  status,
  onClose,
}: {
  status: SyncStatus;
  onClose: (outcome: FormOutcome | null) => void;
}) {
  const api = useApi();
  const [form, setForm] = useState<DropForm>(emptyDropForm);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLSelectElement>(null);
  useEffect(() => firstRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const request = dropRequest(form);
    if (!request.ok) return setError(request.problem);
    setBusy(true);
    try {
      const dropped = await api.call('sync.dropBacklog', request.request);
      onClose({
        error: false,
        text: `Dropped ${dropped.records.toLocaleString('en')} records in ${dropped.batches} batches; journaled on the audit stream.`,
      });
    } catch (failure) {
      setError(failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure));
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (event.key === 'Escape') onClose(null);
  };
  return (
    <section
      className="sync-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="sync-drop-title"
      data-testid="sync-drop-dialog"
      onKeyDown={onKeyDown}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h3 id="sync-drop-title">Drop backlog</h3>
        <label className="sync-dialog-field">
          What
          <select
            ref={firstRef}
            data-testid="sync-drop-target"
            value={form.target}
            onChange={(event) => setForm({ ...form, target: event.target.value })}
          >
            <option value="backfill">All backfill streams</option>
            {status.streams.map((s) => (
              <option key={s.stream} value={s.stream}>
                {s.stream} ({s.lane})
              </option>
            ))}
          </select>
        </label>
        <label className="sync-dialog-field">
          Only records before (optional)
          <input
            type="datetime-local"
            data-testid="sync-drop-before"
            value={form.before}
            onChange={(event) => setForm({ ...form, before: event.target.value })}
          />
        </label>
        <label className="sync-dialog-field">
          Reason (required)
          <input
            type="text"
            data-testid="sync-drop-reason"
            aria-required
            maxLength={500}
            value={form.reason}
            onChange={(event) => setForm({ ...form, reason: event.target.value })}
          />
        </label>
        <div className="notice" data-testid="sync-drop-preview">
          {dropPreview(form, status).map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="sync-drop-error">
            {error}
          </p>
        )}
        <div className="sync-actions">
          <button type="submit" data-testid="sync-drop-submit" disabled={busy}>
            Drop
          </button>
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
