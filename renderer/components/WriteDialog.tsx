import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CommandConfirmation } from '../../shared/commands.js';
import type { TagId } from '../../shared/domain.js';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { describeWriteValue, parseWriteInput } from '../devices/writeInput.js';
import { qualityWords } from '../format/quality.js';
import { commandsActions, OUTCOME_WORDS, useCommandsStore } from '../stores/commandsStore.js';
import { useTagsStore } from '../stores/tagsStore.js';

type Step =
  { kind: 'edit' } | { kind: 'confirm'; confirmation: CommandConfirmation } | { kind: 'sent'; id: number };

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

/**
 * Writing one value to a device, in the open: the engineer types the value, then sees exactly
 * what will be sent where (target, current value and its quality in words, new value, MQTT
 * version and expiry) and confirms or cancels; after Confirm the outcome follows live, from sent
 * to echoed, timed out or refused. Escape cancels at any step.
 */
export function WriteDialog({ id, onClose }: { id: TagId; onClose: () => void }) {
  const api = useApi();
  const tag = useTagsStore((state) => state.tags[id]);
  const [text, setText] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const record = useCommandsStore((state) =>
    step.kind === 'sent' ? state.records.find((r) => r.id === step.id) : undefined,
  );
  const focusRef = useRef<HTMLElement | null>(null);
  useEffect(() => focusRef.current?.focus(), [step.kind]);
  if (!tag) return null;

  const review = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseWriteInput(tag.dataType, text);
    if (!parsed.ok) return setError(parsed.error);
    setBusy(true);
    setError(null);
    try {
      setStep({
        kind: 'confirm',
        confirmation: await api.call('commands.prepare', { tag: id, value: parsed.value }),
      });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (confirmation: CommandConfirmation) => {
    setBusy(true);
    try {
      const sent = await api.call('commands.send', { token: confirmation.token });
      commandsActions.apply(sent);
      setStep({ kind: 'sent', id: sent.id });
    } catch (failure) {
      setError(errorText(failure));
      setStep({ kind: 'edit' });
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
  };

  return (
    <section
      className="write-dialog"
      role="dialog"
      aria-labelledby="write-dialog-title"
      data-testid="write-dialog"
      onKeyDown={onKeyDown}
    >
      <h3 id="write-dialog-title">Write to {tag.id}</h3>
      {step.kind === 'edit' && (
        <form onSubmit={(event) => void review(event)}>
          <label>
            New value{tag.dataType !== 'string' && tag.unit ? ` (${tag.unit})` : ''}
            {tag.dataType === 'boolean' || tag.dataType === 'enum' ? (
              <select
                ref={(node) => void (focusRef.current = node)}
                data-testid="write-value"
                value={text}
                onChange={(event) => setText(event.target.value)}
              >
                <option value="">choose…</option>
                {(tag.dataType === 'boolean'
                  ? [
                      { value: 1, label: 'on (true)' },
                      { value: 0, label: 'off (false)' },
                    ]
                  : (tag.states ?? [])
                ).map((state) => (
                  <option key={state.value} value={String(state.value)}>
                    {state.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                ref={(node) => void (focusRef.current = node)}
                data-testid="write-value"
                value={text}
                inputMode={tag.dataType === 'number' ? 'decimal' : 'text'}
                onChange={(event) => setText(event.target.value)}
              />
            )}
          </label>
          <div className="write-actions">
            <button type="submit" data-testid="write-review" disabled={busy}>
              Review…
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {step.kind === 'confirm' && (
        <Confirmation
          confirmation={step.confirmation}
          unit={tag.dataType === 'number' ? tag.unit : ''}
          busy={busy}
          focusRef={focusRef}
          onConfirm={() => void confirm(step.confirmation)}
          onCancel={onClose}
        />
      )}
      {step.kind === 'sent' && (
        <div>
          <p
            className={`command-outcome outcome-${record?.outcome ?? 'sending'}`}
            role="status"
            data-testid="write-outcome"
            data-outcome={record?.outcome}
          >
            {OUTCOME_WORDS[record?.outcome ?? 'sending']}
            {record?.detail ? ` — ${record.detail}` : ''}
          </p>
          <button type="button" ref={(node) => void (focusRef.current = node)} onClick={onClose}>
            Close
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="write-error">
          {error}
        </p>
      )}
    </section>
  );
}

function Confirmation({
  confirmation: c,
  unit,
  busy,
  focusRef,
  onConfirm,
  onCancel,
}: {
  confirmation: CommandConfirmation;
  unit: string;
  busy: boolean;
  focusRef: { current: HTMLElement | null };
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const withUnit = (value: string) => (unit ? `${value} ${unit}` : value);
  return (
    <div data-testid="write-confirmation">
      <dl className="write-summary">
        <dt>Target</dt>
        <dd data-testid="write-target">
          {c.target.kind === 'sparkplug' ? `metric ${c.target.metric}` : `value at ${c.target.metric}`} (
          {c.target.datatype}) on <code>{c.target.topic}</code> via broker {c.target.broker}
        </dd>
        <dt>Current value</dt>
        <dd data-testid="write-current">
          {withUnit(describeWriteValue(c.currentValue))} — {qualityWords(c.currentQuality)}
        </dd>
        <dt>New value</dt>
        <dd data-testid="write-new">{withUnit(describeWriteValue(c.newValue))}</dd>
        <dt>Delivery</dt>
        <dd data-testid="write-delivery">
          {c.mqttVersion === 5
            ? `MQTT 5: the broker drops it if not delivered within ${c.messageExpirySeconds} s`
            : 'MQTT 3.1.1: sent only if the link is up now; never queued'}
          ; echo expected within {c.timeoutMs / 1000} s
        </dd>
      </dl>
      <div className="write-actions">
        <button
          type="button"
          ref={(node) => void (focusRef.current = node)}
          data-testid="write-confirm"
          disabled={busy}
          onClick={onConfirm}
        >
          Confirm write
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
