import { useMemo, useState } from 'react';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { parseZScoreForm, suggestOutputs, type ZScoreForm } from '../models/zscoreForm.js';
import { modelsActions } from '../stores/modelsStore.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';

const errorText = (error: unknown): string =>
  error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);

/**
 * The editor of a built-in z-score detector: one tag, how many samples before each one it is
 * measured against and beyond how many σ it is anomalous, and the derived tags it writes;
 * checked as it is typed with the contract's schema, saved (refused if someone saved between).
 */
export function ZScoreEditor({
  initial,
  baseVersion,
  isNew,
  onDone,
}: {
  initial: ZScoreForm;
  baseVersion: number;
  isNew: boolean;
  onDone: (savedId: string | null) => void;
}) {
  const api = useApi();
  const [form, setForm] = useState(initial);
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const tagIds = useTagsStore((state) => state.index.ids);
  const parsed = useMemo(() => parseZScoreForm(form), [form]);
  const update = (patch: Partial<ZScoreForm>) => setForm((before) => ({ ...before, ...patch }));

  const chooseTag = (tag: string) =>
    setForm((before) => {
      // Outputs follow the tag until the engineer names them otherwise.
      const was = suggestOutputs(before.tag);
      const next = suggestOutputs(tag);
      return {
        ...before,
        tag,
        scoreTag:
          before.scoreTag === '' || before.scoreTag === was.scoreTag ? next.scoreTag : before.scoreTag,
        anomalyTag:
          before.anomalyTag === '' || before.anomalyTag === was.anomalyTag
            ? next.anomalyTag
            : before.anomalyTag,
      };
    });

  const save = async () => {
    if (!parsed.ok) return;
    setBusy(true);
    try {
      const status = await api.call('models.saveBinding', { binding: parsed.binding, baseVersion });
      modelsActions.applyStatus(status);
      onDone(status.binding.id);
    } catch (error) {
      setMessage({ error: true, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="binding-editor" data-testid="zscore-editor" aria-label="Z-score detector editor">
      <h2>{isNew ? 'New z-score detector' : `Edit ${initial.id}`}</h2>
      <p className="calm-note">
        Each new sample against the mean and deviation of the samples before it; anomalous beyond the
        threshold. No model file needed.
      </p>
      <datalist id="zscore-tag-ids">
        {tagIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <div className="binding-head">
        <label>
          Id
          <input
            value={form.id}
            readOnly={!isNew}
            data-testid="zscore-id"
            onChange={(e) => update({ id: e.target.value })}
          />
        </label>
        <label className="wide">
          Tag watched
          <input
            list="zscore-tag-ids"
            value={form.tag}
            data-testid="zscore-tag"
            onChange={(e) => chooseTag(e.target.value)}
          />
        </label>
        <label>
          Samples
          <input
            className="narrow"
            inputMode="numeric"
            value={form.samples}
            data-testid="zscore-samples"
            onChange={(e) => update({ samples: e.target.value })}
          />
        </label>
        <label>
          Threshold (σ)
          <input
            className="narrow"
            inputMode="decimal"
            value={form.threshold}
            data-testid="zscore-threshold"
            onChange={(e) => update({ threshold: e.target.value })}
          />
        </label>
      </div>
      <div className="binding-head">
        <label className="wide">
          Score tag
          <input
            value={form.scoreTag}
            data-testid="zscore-score-tag"
            onChange={(e) => update({ scoreTag: e.target.value })}
          />
        </label>
        <label>
          Unit
          <input
            className="narrow"
            value={form.scoreUnit}
            onChange={(e) => update({ scoreUnit: e.target.value })}
          />
        </label>
        <label className="wide">
          Anomaly tag (1 beyond the threshold; blank: none)
          <input
            value={form.anomalyTag}
            data-testid="zscore-anomaly-tag"
            onChange={(e) => update({ anomalyTag: e.target.value })}
          />
        </label>
        <label className="wide">
          Description
          <input value={form.description} onChange={(e) => update({ description: e.target.value })} />
        </label>
      </div>
      {!parsed.ok ? (
        <ul className="binding-problems" role="alert" data-testid="zscore-problems">
          {parsed.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : (
        <p className="calm-note" role="status" data-testid="zscore-fits">
          ✓ The detector is complete.
        </p>
      )}
      <div className="model-actions">
        <button
          type="button"
          disabled={!parsed.ok || busy}
          data-testid="zscore-save"
          onClick={() => void save()}
        >
          {isNew ? 'Save and run' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        <FormMessage message={message} testId="zscore-message" />
      </div>
    </section>
  );
}
