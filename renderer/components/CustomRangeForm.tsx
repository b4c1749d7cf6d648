import { useId, useState, type FormEvent } from 'react';
import { selectView } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';
import { checkCustomRange, toLocalDateTime, type RangeCheck } from '../trend/rangeInput.js';

type Problem = Extract<RangeCheck, { ok: false }>;

/**
 * A free range: two local date-times, checked when shown (start before end, nothing in the
 * future); a problem is stated in words next to the fields and the offending field is marked
 * invalid for screen readers. Opens on the range being shown, or on the last hour.
 */
export function CustomRangeForm({ id, onDone }: { id: string; onDone: () => void }) {
  const view = useTrendStore(selectView);
  const [opened] = useState(() => {
    const now = Date.now();
    const range = view.kind === 'history' ? view : { from: now - 3_600_000, to: now };
    return { now, from: toLocalDateTime(range.from), to: toLocalDateTime(range.to) };
  });
  const [fromText, setFromText] = useState(opened.from);
  const [toText, setToText] = useState(opened.to);
  const [problem, setProblem] = useState<Problem | null>(null);
  const errorId = useId();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const check = checkCustomRange(fromText, toText, Date.now());
    if (!check.ok) {
      setProblem(check);
      return;
    }
    setProblem(null);
    trendActions.showRange(check.range);
    onDone();
  };
  const latest = toLocalDateTime(opened.now + 60_000);
  const describedBy = problem ? errorId : undefined;
  return (
    <form id={id} className="custom-range" aria-label="Free time range" onSubmit={onSubmit} noValidate>
      <label>
        From
        <input
          type="datetime-local"
          data-testid="range-from"
          value={fromText}
          max={latest}
          aria-invalid={problem?.field === 'from'}
          aria-describedby={describedBy}
          onChange={(event) => {
            setFromText(event.target.value);
            setProblem(null);
          }}
        />
      </label>
      <label>
        To
        <input
          type="datetime-local"
          data-testid="range-to"
          value={toText}
          max={latest}
          aria-invalid={problem?.field === 'to'}
          aria-describedby={describedBy}
          onChange={(event) => {
            setToText(event.target.value);
            setProblem(null);
          }}
        />
      </label>
      <button type="submit" data-testid="range-apply">
        Show range
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {problem && (
        <p id={errorId} className="range-error" role="alert" data-testid="range-error">
          {problem.message}
        </p>
      )}
    </form>
  );
}
