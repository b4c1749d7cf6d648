import { useEffect, useId, useRef, useState } from 'react';
import type { Health } from '../../shared/domain.js';
import { ingestErrorCauses } from '../stores/healthSelectors.js';

/**
 * The count of rejected inputs, with the breakdown per cause in its tooltip and, for keyboard
 * users, in a popover the button opens (Escape closes it).
 */
export function IngestErrors({ health }: { health: Health | null }) {
  const [open, setOpen] = useState(false);
  const popoverId = useId();
  const rootRef = useRef<HTMLSpanElement>(null);
  const causes = ingestErrorCauses(health);
  const total = health?.ingest.errorTotal ?? 0;
  const lastError = health?.ingest.lastError ?? null;
  const lines = causes.map(([cause, count]) => `${cause}: ${count.toLocaleString()}`);
  if (lastError) lines.push(`Last: ${lastError}`);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !rootRef.current?.contains(event.target as Node)
      ) {
        setOpen(false);
      }
    };
    window.addEventListener('keydown', close);
    window.addEventListener('pointerdown', close);
    return () => {
      window.removeEventListener('keydown', close);
      window.removeEventListener('pointerdown', close);
    };
  }, [open]);

  return (
    <span className="status-popover-root" ref={rootRef}>
      <button
        type="button"
        className={total > 0 ? 'status-item status-button has-errors' : 'status-item status-button'}
        data-testid="status-ingest-errors"
        data-count={total}
        aria-expanded={open}
        aria-controls={popoverId}
        title={lines.length > 0 ? `Rejected inputs by cause\n${lines.join('\n')}` : 'No input rejected'}
        onClick={() => setOpen(!open)}
      >
        Rejected {total.toLocaleString()}
      </button>
      {open && (
        <div className="status-popover" id={popoverId} role="dialog" aria-label="Rejected inputs by cause">
          <h2>Rejected inputs by cause</h2>
          {causes.length === 0 ? (
            <p>No input has been rejected.</p>
          ) : (
            <table>
              <tbody>
                {causes.map(([cause, count]) => (
                  <tr key={cause}>
                    <th scope="row">{cause}</th>
                    <td>{count.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {lastError && <p className="calm-note">Last: {lastError}</p>}
        </div>
      )}
    </span>
  );
}
