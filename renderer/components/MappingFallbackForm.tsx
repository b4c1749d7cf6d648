import { useState, type FormEvent } from 'react';
import { useApi } from '../api/apiContext.js';
import { mappingsActions, useMappingsStore } from '../stores/mappingsStore.js';

/** What happens to topics no rule matches: ignored (still counted), or captured to look at. */
export function MappingFallbackForm() {
  const api = useApi();
  const fallback = useMappingsStore((state) => state.fallback);
  const busy = useMappingsStore((state) => state.busy);
  const [filter, setFilter] = useState(fallback.action === 'capture' ? fallback.filter : '#');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next =
      fallback.action === 'capture' ? { action: 'ignore' as const } : { action: 'capture' as const, filter };
    void mappingsActions.setFallback(api, next);
  };
  return (
    <form className="mapping-panel mapping-fallback" aria-label="Unmatched topics" onSubmit={onSubmit}>
      <h2>Topics no rule matches</h2>
      {fallback.action === 'capture' ? (
        <p>
          Captured under <code>{fallback.filter}</code>, newest kept.
        </p>
      ) : (
        <label>
          Ignored (counted). Capture under
          <input
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            data-testid="fallback-filter"
          />
        </label>
      )}
      <button type="submit" disabled={busy} data-testid="fallback-toggle">
        {fallback.action === 'capture' ? 'Stop capturing' : 'Capture them'}
      </button>
    </form>
  );
}
