import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_COMMENT, type Alarm } from '../../shared/alarms.js';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import {
  ACTION_LABEL,
  actionNeeds,
  formProblem,
  runAlarmAction,
  type ActionForm,
  type AlarmActionKind,
} from '../alarms/alarmActions.js';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';
import { formatSpan } from '../trend/timeRange.js';
import { alarmsActions, useAlarmsStore } from '../stores/alarmsStore.js';

/** How an action ended, for the view to say: done, or what the server refused. */
export interface ActionOutcome {
  error: boolean;
  text: string;
}

/**
 * The one dialog for every action on alarms: the alarms it applies to, a comment (a reason for
 * shelving and out of service, mandatory where the settings say so), and for shelving timed
 * (up to the priority's maximum) or one-shot. Enter sends, Escape cancels; the focus starts in
 * the comment, so acknowledging from the keyboard is A, type, Enter.
 */
export function AlarmActionDialog({
  kind,
  alarms,
  onClose,
}: {
  kind: AlarmActionKind;
  alarms: readonly Alarm[];
  onClose: (outcome: ActionOutcome | null) => void;
}) {
  const api = useApi();
  const settings = useAlarmsStore((state) => state.settings);
  const needs = actionNeeds(kind, alarms, settings);
  const [form, setForm] = useState<ActionForm>(() => ({
    comment: '',
    shelveMode: 'timed',
    durationMs: needs.durations.find((ms) => ms >= 3_600_000) ?? needs.durations[0] ?? 3_600_000,
  }));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = formProblem(kind, needs, form);
    if (problem) return setError(problem);
    setBusy(true);
    try {
      const ids = alarms.map((alarm) => alarm.id);
      const refusals = await runAlarmAction(api, kind, ids, form, alarmsActions.applyResult);
      const done = ids.length - refusals.length;
      onClose({
        error: refusals.length > 0,
        text:
          refusals.length === 0
            ? `${ACTION_LABEL[kind]}: done for ${done} alarm${done === 1 ? '' : 's'}`
            : `${ACTION_LABEL[kind]}: done for ${done}, refused for ${refusals.length} — ${refusals.slice(0, 3).join('; ')}`,
      });
    } catch (failure) {
      setError(failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure));
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys typed here are the dialog's, not the list's (A, S, arrows).
    event.stopPropagation();
    if (event.key === 'Escape') onClose(null);
  };
  const first = alarms[0];
  return (
    <section
      className="alarm-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="alarm-dialog-title"
      data-testid="alarm-dialog"
      data-kind={kind}
      onKeyDown={onKeyDown}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h3 id="alarm-dialog-title">
          {ACTION_LABEL[kind]} {alarms.length === 1 && first ? first.tag : `${alarms.length} alarms`}
        </h3>
        {alarms.length === 1 && first && <p className="calm-note">{first.message}</p>}
        {kind === 'shelve' && <ShelveFields needs={needs.durations} form={form} setForm={setForm} />}
        <label className="alarm-dialog-comment">
          {needs.commentLabel}
          {needs.commentRequired ? ' (required)' : ' (optional)'}
          <input
            ref={inputRef}
            type="text"
            data-testid="alarm-dialog-comment"
            value={form.comment}
            maxLength={MAX_COMMENT}
            aria-required={needs.commentRequired}
            onChange={(event) => setForm({ ...form, comment: event.target.value })}
          />
        </label>
        {kind === 'acknowledge' && needs.commentRequired && (
          <p className="calm-note">
            The site requires a comment to acknowledge{' '}
            {[...new Set(alarms.map((a) => a.priority))]
              .filter((p) => settings.ackCommentRequired[p])
              .map((p) => PRIORITY_LABEL[p].toLowerCase())
              .join(', ')}{' '}
            priority alarms.
          </p>
        )}
        <div className="alarm-dialog-actions">
          <button type="submit" data-testid="alarm-dialog-submit" disabled={busy}>
            {ACTION_LABEL[kind]}
          </button>
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="alarm-dialog-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

function ShelveFields({
  needs,
  form,
  setForm,
}: {
  needs: readonly number[];
  form: ActionForm;
  setForm: (form: ActionForm) => void;
}) {
  if (needs.length === 0)
    return (
      <p className="form-error" role="alert">
        Alarms of this priority may not be shelved.
      </p>
    );
  return (
    <fieldset className="shelve-fields">
      <legend>Shelve</legend>
      <label>
        <input
          type="radio"
          name="shelve-mode"
          checked={form.shelveMode === 'timed'}
          onChange={() => setForm({ ...form, shelveMode: 'timed' })}
        />
        for
      </label>
      <select
        aria-label="Shelve duration"
        data-testid="shelve-duration"
        value={form.durationMs}
        disabled={form.shelveMode !== 'timed'}
        onChange={(event) => setForm({ ...form, durationMs: Number(event.target.value) })}
      >
        {needs.map((ms) => (
          <option key={ms} value={ms}>
            {formatSpan(ms)}
          </option>
        ))}
      </select>
      <label>
        <input
          type="radio"
          name="shelve-mode"
          data-testid="shelve-one-shot"
          checked={form.shelveMode === 'oneShot'}
          onChange={() => setForm({ ...form, shelveMode: 'oneShot' })}
        />
        one-shot: until the alarm next returns to normal
      </label>
    </fieldset>
  );
}
