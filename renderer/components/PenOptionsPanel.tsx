import type { KeyboardEvent } from 'react';
import type { TagId } from '../../shared/domain.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { useTrendStore } from '../stores/trendStore.js';
import { PenAxisForm } from './PenAxisForm.js';
import { PenColourPicker } from './PenColourPicker.js';

interface Props {
  /** The element id the legend's Style button controls. */
  panelId: string;
  id: TagId;
  number: number;
  colour: string;
  onClose: () => void;
}

/**
 * A pen's colour and axis, opened from its legend row. What is picked takes effect at once and
 * belongs to the trend, so saving a view keeps it. Escape closes the panel and returns to the
 * row's Style button.
 */
export function PenOptionsPanel({ panelId, id, number, colour, onClose }: Props) {
  const tag = useTagsStore((state) => state.tags[id]);
  const axis = useTrendStore((state) => state.penOptions[id]?.axis);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  };
  return (
    <div
      id={panelId}
      className="pen-style-panel"
      data-testid="pen-style"
      role="group"
      aria-label={`Style of P${number} ${id}`}
      onKeyDown={onKeyDown}
    >
      <PenColourPicker id={id} number={number} colour={colour} />
      <PenAxisForm id={id} number={number} tag={tag} axis={axis} />
      <button type="button" className="icon-button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
