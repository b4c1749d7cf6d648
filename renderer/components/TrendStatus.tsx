import { useMemo } from 'react';
import { penErrors, pensLoading } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';

/**
 * Under the chart, in words: which pens are still loading, which failed and why (with a retry),
 * and when a history range holds no samples at all, so an empty chart is never a mystery.
 */
export function TrendStatus({ live }: { live: boolean }) {
  const pens = useTrendStore((state) => state.pens);
  const loads = useTrendStore((state) => state.loads);
  const errors = useMemo(() => penErrors({ pens, loads }), [pens, loads]);
  const loading = useMemo(() => pensLoading({ pens, loads }), [pens, loads]);
  const empty =
    !live &&
    pens.length > 0 &&
    pens.every((id) => {
      const load = loads[id];
      return load?.state === 'ready' && load.points === 0;
    });
  if (errors.length === 0 && loading.length === 0 && !empty) return null;
  return (
    <div className="trend-status" role="status" data-testid="trend-status">
      {loading.length > 0 && (
        <p className="calm-note">
          Loading history of {loading.map((id) => `P${pens.indexOf(id) + 1}`).join(', ')}…
        </p>
      )}
      {empty && <p className="calm-note">No samples were recorded for these pens in this range.</p>}
      {errors.length > 0 && (
        <>
          <ul className="trend-errors">
            {errors.map(({ id, message }) => (
              <li key={id}>
                History of {id} not loaded ({message}){live ? '; showing live values only.' : '.'}
              </li>
            ))}
          </ul>
          <button type="button" data-testid="trend-retry" onClick={trendActions.retry}>
            Retry
          </button>
        </>
      )}
    </div>
  );
}
