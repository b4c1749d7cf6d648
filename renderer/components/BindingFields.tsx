import type { ModelSignature } from '../../shared/models.js';
import type { BindingForm } from '../models/bindingForm.js';
import { InputRows, OutputRows } from './BindingRows.js';

/** How the binding feeds its model (input, window, missing data, trigger) and what it writes. */
export function BindingRows({
  form,
  signature,
  onChange,
}: {
  form: BindingForm;
  signature: ModelSignature | null;
  onChange: (patch: Partial<BindingForm>) => void;
}) {
  const modelInputs = signature?.inputs ?? [];
  return (
    <>
      {modelInputs.length > 1 && (
        <label>
          Model input fed
          <select
            value={form.input}
            data-testid="binding-input-name"
            onChange={(e) => onChange({ input: e.target.value })}
          >
            <option value="">choose…</option>
            {modelInputs.map((i) => (
              <option key={i.name} value={i.name}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <InputRows rows={form.inputs} onChange={(inputs) => onChange({ inputs })} />
      <fieldset className="binding-head">
        <legend>Window and trigger</legend>
        <label>
          Steps
          <input
            className="narrow"
            value={form.steps}
            inputMode="numeric"
            data-testid="binding-steps"
            onChange={(e) => onChange({ steps: e.target.value })}
          />
        </label>
        <label>
          Step (ms)
          <input
            className="narrow"
            value={form.stepMs}
            inputMode="numeric"
            data-testid="binding-stepMs"
            onChange={(e) => onChange({ stepMs: e.target.value })}
          />
        </label>
        <label>
          Resample
          <select
            value={form.resample}
            onChange={(e) => onChange({ resample: e.target.value as BindingForm['resample'] })}
          >
            <option value="hold">last value</option>
            <option value="mean">mean of the step</option>
          </select>
        </label>
        <label>
          Missing data
          <select
            value={form.missing}
            data-testid="binding-missing"
            onChange={(e) => onChange({ missing: e.target.value as BindingForm['missing'] })}
          >
            <option value="markBad">mark outputs bad</option>
            <option value="holdLast">hold last (uncertain)</option>
            <option value="skip">skip the run</option>
          </select>
        </label>
        <label>
          Trigger
          <select
            value={form.triggerKind}
            data-testid="binding-trigger"
            onChange={(e) => onChange({ triggerKind: e.target.value as BindingForm['triggerKind'] })}
          >
            <option value="interval">every N ms</option>
            <option value="sample">each sample of a tag</option>
          </select>
        </label>
        {form.triggerKind === 'interval' ? (
          <label>
            Every (ms)
            <input
              className="narrow"
              value={form.everyMs}
              inputMode="numeric"
              data-testid="binding-everyMs"
              onChange={(e) => onChange({ everyMs: e.target.value })}
            />
          </label>
        ) : (
          <label>
            Driving tag
            <input
              list="binding-tag-ids"
              value={form.triggerTag}
              data-testid="binding-trigger-tag"
              onChange={(e) => onChange({ triggerTag: e.target.value })}
            />
          </label>
        )}
      </fieldset>
      <OutputRows
        rows={form.outputs}
        outputs={signature?.outputs ?? []}
        onChange={(outputs) => onChange({ outputs })}
      />
    </>
  );
}
