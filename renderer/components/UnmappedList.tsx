import { formatDateTime } from '../format/time.js';
import { mappingsActions, useMappingsStore } from '../stores/mappingsStore.js';

/** The latest message of each topic no rule matched, each a start for a new rule. */
export function UnmappedList() {
  const unmapped = useMappingsStore((state) => state.unmapped);
  const evicted = useMappingsStore((state) => state.unmappedEvicted);
  const capturing = useMappingsStore((state) => state.fallback.action === 'capture');
  if (!capturing && unmapped.length === 0) return null;
  return (
    <section className="mapping-panel" aria-label="Unmapped messages">
      <h2>Unmapped messages</h2>
      {unmapped.length === 0 && <p className="calm-note">None yet.</p>}
      {evicted > 0 && <p className="calm-note">{evicted} older topics were let go to keep the list short.</p>}
      <ul className="unmapped-list" data-testid="unmapped-list">
        {unmapped.map((entry) => (
          <li key={entry.topic}>
            <code>{entry.topic}</code>
            <span className="calm-note">
              {entry.count}× · {entry.bytes} bytes{entry.truncated ? ' (cut)' : ''} ·{' '}
              {formatDateTime(entry.lastMs)}
            </span>
            <pre>{entry.payload.slice(0, 300)}</pre>
            <button type="button" onClick={() => mappingsActions.editFromCapture(entry)}>
              Make a rule from this
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
