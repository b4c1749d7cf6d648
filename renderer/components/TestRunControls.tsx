import { useState } from 'react';
import { checkCustomRange, toLocalDateTime } from '../trend/rangeInput.js';

const PRESETS = [
  { label: 'last 5 min', ms: 5 * 60_000 },
  { label: 'last 15 min', ms: 15 * 60_000 },
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last 24 h', ms: 86_400_000 },
] as const;

/** Picks the historical period a test run covers: a recent span, or a chosen one. */
export function TestRunControls({
  disabled,
  onRun,
}: {
  disabled: boolean;
  onRun: (from: number, to: number) => void;
}) {
  const [preset, setPreset] = useState<string>(String(PRESETS[0].ms));
  const [fromText, setFromText] = useState(() => toLocalDateTime(Date.now() - 3_600_000));
  const [toText, setToText] = useState(() => toLocalDateTime(Date.now()));
  const [problem, setProblem] = useState<string | null>(null);
  const run = () => {
    const now = Date.now();
    if (preset !== 'custom') {
      setProblem(null);
      onRun(now - Number(preset), now);
      return;
    }
    const check = checkCustomRange(fromText, toText, now);
    if (!check.ok) return setProblem(check.message);
    setProblem(null);
    onRun(check.range.from, check.range.to);
  };
  return (
    <fieldset className="binding-head test-run-controls">
      <legend>Test run over history</legend>
      <label>
        Period
        <select value={preset} data-testid="test-run-period" onChange={(e) => setPreset(e.target.value)}>
          {PRESETS.map((p) => (
            <option key={p.ms} value={String(p.ms)}>
              {p.label}
            </option>
          ))}
          <option value="custom">from … to …</option>
        </select>
      </label>
      {preset === 'custom' && (
        <>
          <label>
            From
            <input type="datetime-local" value={fromText} onChange={(e) => setFromText(e.target.value)} />
          </label>
          <label>
            To
            <input type="datetime-local" value={toText} onChange={(e) => setToText(e.target.value)} />
          </label>
        </>
      )}
      <button type="button" disabled={disabled} data-testid="test-run-start" onClick={run}>
        Test run
      </button>
      {problem && (
        <span className="form-error" role="alert">
          {problem}
        </span>
      )}
    </fieldset>
  );
}
