import type { TensorInfo } from '../../shared/models.js';
import { emptyInputRow, emptyOutputRow, type InputRow, type OutputRow } from '../models/bindingForm.js';

/** The binding's inputs, in the order of the model's feature axis, each with its normalisation. */
export function InputRows({ rows, onChange }: { rows: InputRow[]; onChange: (rows: InputRow[]) => void }) {
  const set = (index: number, patch: Partial<InputRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="binding-rows" data-testid="binding-inputs">
      <legend>Inputs (feature order)</legend>
      {rows.map((row, index) => (
        <div className="binding-row" key={index} data-testid="binding-input">
          <input
            aria-label={`Input ${index + 1} tag`}
            list="binding-tag-ids"
            placeholder="area/device/tag"
            value={row.tag}
            data-testid="input-tag"
            onChange={(e) => set(index, { tag: e.target.value })}
          />
          <select
            aria-label={`Input ${index + 1} normalisation`}
            value={row.normalise}
            data-testid="input-normalise"
            onChange={(e) => set(index, { normalise: e.target.value as InputRow['normalise'] })}
          >
            <option value="none">as is</option>
            <option value="meanStd">(x − mean) / std</option>
            <option value="minMax">(x − min) / (max − min)</option>
          </select>
          {row.normalise !== 'none' && (
            <>
              <input
                aria-label={row.normalise === 'meanStd' ? 'mean' : 'min'}
                placeholder={row.normalise === 'meanStd' ? 'mean' : 'min'}
                value={row.a}
                inputMode="decimal"
                onChange={(e) => set(index, { a: e.target.value })}
              />
              <input
                aria-label={row.normalise === 'meanStd' ? 'std' : 'max'}
                placeholder={row.normalise === 'meanStd' ? 'std' : 'max'}
                value={row.b}
                inputMode="decimal"
                onChange={(e) => set(index, { b: e.target.value })}
              />
            </>
          )}
          <button
            type="button"
            aria-label={`Remove input ${index + 1}`}
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            −
          </button>
        </div>
      ))}
      <button type="button" data-testid="add-input" onClick={() => onChange([...rows, emptyInputRow()])}>
        + Input
      </button>
    </fieldset>
  );
}

/** The model outputs written to derived tags, each with its unit and range. */
export function OutputRows({
  rows,
  outputs,
  onChange,
}: {
  rows: OutputRow[];
  /** The model's outputs, when its signature is known. */
  outputs: readonly TensorInfo[];
  onChange: (rows: OutputRow[]) => void;
}) {
  const set = (index: number, patch: Partial<OutputRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="binding-rows" data-testid="binding-outputs">
      <legend>Outputs → derived tags</legend>
      {rows.map((row, index) => (
        <div className="binding-row" key={index} data-testid="binding-output">
          <select
            aria-label={`Output ${index + 1} model output`}
            value={row.output}
            data-testid="output-name"
            onChange={(e) => set(index, { output: e.target.value })}
          >
            <option value="">model output…</option>
            {outputs.map((o) => (
              <option key={o.name} value={o.name}>
                {o.name}
              </option>
            ))}
            {row.output && !outputs.some((o) => o.name === row.output) && (
              <option value={row.output}>{row.output} (not in the model)</option>
            )}
          </select>
          <input
            aria-label={`Output ${index + 1} element`}
            className="narrow"
            value={row.index}
            inputMode="numeric"
            data-testid="output-index"
            onChange={(e) => set(index, { index: e.target.value })}
          />
          <input
            aria-label={`Output ${index + 1} derived tag`}
            placeholder="area/device/score"
            value={row.tag}
            data-testid="output-tag"
            onChange={(e) => set(index, { tag: e.target.value })}
          />
          <input
            aria-label={`Output ${index + 1} unit`}
            className="narrow"
            placeholder="unit"
            value={row.unit}
            onChange={(e) => set(index, { unit: e.target.value })}
          />
          <input
            aria-label={`Output ${index + 1} low`}
            className="narrow"
            placeholder="low"
            value={row.engLow}
            data-testid="output-low"
            onChange={(e) => set(index, { engLow: e.target.value })}
          />
          <input
            aria-label={`Output ${index + 1} high`}
            className="narrow"
            placeholder="high"
            value={row.engHigh}
            data-testid="output-high"
            onChange={(e) => set(index, { engHigh: e.target.value })}
          />
          <button
            type="button"
            aria-label={`Remove output ${index + 1}`}
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            −
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, emptyOutputRow()])}>
        + Output
      </button>
    </fieldset>
  );
}
