import { useMemo, useState } from 'react';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { useNow } from '../hooks/useNow.js';
import {
  defaultOutputTag,
  emptyLearnForm,
  LEARN_PRESETS,
  learnPeriod,
  parseLearnForm,
  type LearnForm,
} from '../models/learnForm.js';
import { modelsActions, STATE_WORDS } from '../stores/modelsStore.js';
import { toLocalDateTime } from '../trend/rangeInput.js';
import { LearnPreviewChart } from './LearnPreviewChart.js';
import { LearnTagPicker } from './LearnTagPicker.js';

const errorText = (error: unknown): string =>
  error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);

interface Learned {
  id: string;
  /** The binding's state as the save answered it (a new baseline waits for its first run). */
  state: string;
  file: string;
  output: string;
  limit: number;
  components: number;
  explained: number;
  rows: number;
}

type Phase = { kind: 'editing' } | { kind: 'learning'; since: number } | { kind: 'done'; learned: Learned };

/**
 * "Learn normal": tags and a period of normal operation, shown as history before anything is
 * learned; the baseline is fitted on the server, written as an ONNX model with its binding and
 * runs at once. The outcome (binding, file, limit) or the refusal is said in words.
 */
export function LearnNormalPanel({ onDone }: { onDone: (learnedId: string | null) => void }) {
  const api = useApi();
  const now = useNow(1_000);
  const [form, setForm] = useState<LearnForm>(() =>
    emptyLearnForm(toLocalDateTime(Date.now() - 3_600_000), toLocalDateTime(Date.now())),
  );
  /** When a preset's period was last pinned: the preview and the check use it. */
  const [anchor, setAnchor] = useState(() => Date.now());
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [error, setError] = useState<string | null>(null);
  const update = (patch: Partial<LearnForm>) => {
    setForm((before) => ({ ...before, ...patch }));
    setAnchor(Date.now());
    setError(null);
  };
  const parsed = useMemo(() => parseLearnForm(form, anchor), [form, anchor]);
  const period = learnPeriod(form, anchor);

  const learn = async () => {
    // A preset ends now: the period learned is the one ending at the click.
    const fresh = parseLearnForm(form, Date.now());
    if (!fresh.ok) return;
    setPhase({ kind: 'learning', since: Date.now() });
    setError(null);
    try {
      const { status, baseline } = await api.call('models.learnNormal', fresh.params);
      modelsActions.applyStatus(status);
      setPhase({
        kind: 'done',
        learned: {
          id: status.binding.id,
          state: STATE_WORDS[status.state],
          output: fresh.params.output.tag,
          ...baseline,
        },
      });
    } catch (e) {
      setPhase({ kind: 'editing' });
      setError(errorText(e));
    }
  };

  if (phase.kind === 'done') {
    const { learned } = phase;
    return (
      <section className="binding-editor" data-testid="learn-normal" aria-label="Learn normal">
        <h2>Learned {learned.id}</h2>
        <dl className="learn-outcome" data-testid="learn-outcome" role="status">
          <dt>Binding</dt>
          <dd data-testid="learn-outcome-id">
            {learned.id} ({learned.state}; the list shows it live)
          </dd>
          <dt>Model file</dt>
          <dd data-testid="learn-outcome-file">{learned.file}</dd>
          <dt>Score tag</dt>
          <dd>{learned.output} (1 = edge of normal)</dd>
          <dt>Limit</dt>
          <dd data-testid="learn-outcome-limit">{learned.limit.toPrecision(4)} (squared prediction error)</dd>
          <dt>Fitted on</dt>
          <dd>
            {learned.rows} rows; {learned.components}{' '}
            {learned.components === 1 ? 'component explains' : 'components explain'}{' '}
            {(learned.explained * 100).toFixed(1)} %
          </dd>
        </dl>
        <div className="model-actions">
          <button type="button" data-testid="learn-close" onClick={() => onDone(learned.id)}>
            Show the binding
          </button>
        </div>
      </section>
    );
  }

  const learning = phase.kind === 'learning';
  return (
    <section className="binding-editor" data-testid="learn-normal" aria-label="Learn normal">
      <h2>Learn normal operation</h2>
      <p className="calm-note">
        Pick tags and a period when the plant ran normally; a baseline (PCA) is fitted to it, written as an
        ONNX model, and runs at once. Its score is 1 at the edge of what the period held.
      </p>
      <LearnTagPicker tags={form.tags} onChange={(tags) => update({ tags })} />
      <fieldset className="binding-head">
        <legend>Period of normal operation</legend>
        <label>
          Period
          <select
            value={form.preset}
            data-testid="learn-period"
            onChange={(e) => update({ preset: e.target.value })}
          >
            {LEARN_PRESETS.map((p) => (
              <option key={p.ms} value={String(p.ms)}>
                {p.label}
              </option>
            ))}
            <option value="custom">from … to …</option>
          </select>
        </label>
        {form.preset === 'custom' && (
          <>
            <label>
              From
              <input
                type="datetime-local"
                value={form.fromText}
                data-testid="learn-from"
                onChange={(e) => update({ fromText: e.target.value })}
              />
            </label>
            <label>
              To
              <input
                type="datetime-local"
                value={form.toText}
                data-testid="learn-to"
                onChange={(e) => update({ toText: e.target.value })}
              />
            </label>
          </>
        )}
      </fieldset>
      {form.tags.length > 0 && period.ok && (
        <LearnPreviewChart tags={form.tags} from={period.from} to={period.to} />
      )}
      <div className="binding-head">
        <label>
          Name (binding id)
          <input value={form.id} data-testid="learn-id" onChange={(e) => update({ id: e.target.value })} />
        </label>
        <label className="wide">
          Score tag
          <input
            value={form.outputTag}
            placeholder={defaultOutputTag(form.id)}
            data-testid="learn-output"
            onChange={(e) => update({ outputTag: e.target.value })}
          />
        </label>
        <label>
          Step (ms)
          <input
            className="narrow"
            inputMode="numeric"
            value={form.stepMs}
            onChange={(e) => update({ stepMs: e.target.value })}
          />
        </label>
      </div>
      {!parsed.ok && (
        <ul className="binding-problems" data-testid="learn-problems">
          {parsed.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="model-actions">
        <button
          type="button"
          disabled={!parsed.ok || learning}
          data-testid="learn-start"
          onClick={() => void learn()}
        >
          Learn and run
        </button>
        <button type="button" disabled={learning} onClick={() => onDone(null)}>
          Cancel
        </button>
        {learning && (
          <span className="calm-note" role="status" data-testid="learn-progress">
            … Reading history and fitting the baseline ({Math.max(0, Math.round((now - phase.since) / 1000))}{' '}
            s)
          </span>
        )}
        {error && (
          <span className="form-error" role="alert" data-testid="learn-error">
            {error}
          </span>
        )}
      </div>
    </section>
  );
}
