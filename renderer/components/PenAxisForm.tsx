import { useId, useRef, useState, type FormEvent } from 'react';
import type { Tag, TagId } from '../../shared/domain.js';
import type { AxisRange, ViewAxis } from '../../shared/trendViews.js';
import { formatRange } from '../format/value.js';
import { trendActions } from '../stores/trendStore.js';
import { axisMode, axisOfMode, checkAxisInput, type AxisCheck, type AxisMode } from '../trend/penOptions.js';

type Problem = Extract<AxisCheck, { ok: false }>;

interface Props {
  id: TagId;
  number: number;
  tag: Tag | undefined;
  axis: ViewAxis | undefined;
}

/** The tag's engineering range as an axis; null when it is not known. */
function engAxis(tag: Tag | undefined): AxisRange | null {
  if (!tag || tag.engLow === null || tag.engHigh === null || !(tag.engHigh > tag.engLow)) return null;
  return { min: tag.engLow, max: tag.engHigh };
}

/**
 * The pen's axis: the tag's engineering range (the default, where it is known), auto (follow the
 * data), or a fixed minimum and maximum. Engineering and auto take effect when picked; a fixed
 * range when applied (Enter or Apply), after it is checked: a problem is stated next to the
 * fields, the field at fault is marked invalid, and the axis stays as it was. Typing in the
 * fields picks Fixed, to be applied.
 */
export function PenAxisForm({ id, number, tag, axis }: Props) {
  const eng = engAxis(tag);
  const fixed = axis !== undefined && axis !== 'auto' ? axis : null;
  const [minText, setMinText] = useState(() => String((fixed ?? eng)?.min ?? ''));
  const [maxText, setMaxText] = useState(() => String((fixed ?? eng)?.max ?? ''));
  // Fixed picked or typed but not applied yet: the chart keeps its axis until it is.
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // The axis may change from elsewhere (applied here, or a saved view opened): start from it.
  const [seen, setSeen] = useState(axis);
  if (seen !== axis) {
    setSeen(axis);
    if (fixed) {
      setMinText(String(fixed.min));
      setMaxText(String(fixed.max));
    }
    setPending(false);
    setProblem(null);
  }
  const minRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const stored = axisMode(axis);
  const shown: AxisMode = pending ? 'fixed' : stored === 'engineering' && !eng ? 'auto' : stored;

  const apply = () => {
    const check = checkAxisInput(minText, maxText);
    setProblem(check.ok ? null : check);
    setPending(!check.ok);
    if (check.ok) trendActions.setPenAxis(id, check.axis);
  };
  const pick = (mode: AxisMode) => {
    if (mode !== 'fixed') {
      setPending(false);
      setProblem(null);
      trendActions.setPenAxis(id, axisOfMode(mode));
    } else if (minText.trim() === '' && maxText.trim() === '') {
      setPending(true);
      minRef.current?.focus();
    } else {
      apply();
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply();
  };

  if (tag?.dataType === 'boolean') {
    return <p className="pen-axis-note">Axis of P{number}: OFF / ON, as every boolean is drawn.</p>;
  }
  const radio = (mode: AxisMode, label: string, disabled = false) => (
    <label className="pen-axis-choice">
      <input
        type="radio"
        name={`pen-axis-${id}`}
        value={mode}
        data-testid="pen-axis-mode"
        checked={shown === mode}
        disabled={disabled}
        onChange={() => pick(mode)}
      />
      {label}
    </label>
  );
  const describedBy = problem ? errorId : undefined;
  return (
    <form className="pen-axis" aria-label={`Axis of P${number}`} onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>Axis of P{number}</legend>
        {radio(
          'engineering',
          eng && tag ? `Engineering range ${formatRange(tag)}` : 'Engineering range (not known)',
          !eng,
        )}
        {radio('auto', 'Auto: follows the data')}
        {radio('fixed', 'Fixed:')}
        <label>
          min
          <input
            ref={minRef}
            type="text"
            inputMode="decimal"
            size={8}
            data-testid="pen-axis-min"
            value={minText}
            aria-invalid={problem?.field === 'min'}
            aria-describedby={describedBy}
            onChange={(event) => {
              setMinText(event.target.value);
              setPending(true);
              setProblem(null);
            }}
          />
        </label>
        <label>
          max
          <input
            type="text"
            inputMode="decimal"
            size={8}
            data-testid="pen-axis-max"
            value={maxText}
            aria-invalid={problem?.field === 'max'}
            aria-describedby={describedBy}
            onChange={(event) => {
              setMaxText(event.target.value);
              setPending(true);
              setProblem(null);
            }}
          />
        </label>
        {tag?.unit && <span className="legend-unit">{tag.unit}</span>}
        <button type="submit" data-testid="pen-axis-apply">
          Apply
        </button>
      </fieldset>
      {problem && (
        <p id={errorId} className="range-error" role="alert" data-testid="pen-axis-error">
          {problem.message} The axis stays as it was.
        </p>
      )}
    </form>
  );
}
