import { useId } from 'react';
import type { Health } from '../../shared/domain.js';
import { linkItems, type LinkItem } from '../stores/healthSelectors.js';

/**
 * One chip per broker link: its name and state as text (a triangle too when abnormal, never
 * colour alone). The detail — address, last error, next attempt — shows on hover and on
 * keyboard focus, and is the chip's accessible description.
 */
export function LinkChips({ health, lastKnown }: { health: Health | null; lastKnown: boolean }) {
  return (
    <span className="link-chips" data-testid="status-broker">
      {linkItems(health).map((item) => (
        <LinkChip key={item.id} item={item} lastKnown={lastKnown} />
      ))}
    </span>
  );
}

function LinkChip({ item, lastKnown }: { item: LinkItem; lastKnown: boolean }) {
  const tipId = useId();
  const className = ['status-item', 'link-chip', item.abnormal && 'abnormal', lastKnown && 'last-known']
    .filter(Boolean)
    .join(' ');
  return (
    <span
      className={className}
      tabIndex={0}
      data-testid="status-link"
      data-broker={item.id}
      data-abnormal={item.abnormal}
      aria-describedby={tipId}
    >
      {item.text}
      <span className="status-tooltip" role="tooltip" id={tipId} data-testid="status-link-detail">
        {item.detail.map((line) => (
          <span key={line}>{line}</span>
        ))}
        {lastKnown && <span>(last known: no link to the server)</span>}
      </span>
    </span>
  );
}
