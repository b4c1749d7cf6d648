import { memo, type KeyboardEvent } from 'react';
import type { Tag, TagId } from '../../shared/domain.js';
import { qualityView } from '../format/quality.js';
import { formatDateTime } from '../format/time.js';
import { formatValue } from '../format/value.js';
import { useAlarmsStore } from '../stores/alarmsStore.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { selectPenNumber } from '../stores/trendSelectors.js';
import { useTrendStore } from '../stores/trendStore.js';
import { AlarmIndicator } from './AlarmIndicator.js';
import { QualityBadge } from './QualityBadge.js';

export type ActivateTag = (id: TagId, stay: boolean) => void;

/** The value cell: bad shows `—` or the last value struck through; uncertain in grey italic. */
export function TagValueText({
  tag,
}: {
  tag: Pick<Tag, 'value' | 'quality' | 'dataType' | 'engLow' | 'engHigh' | 'states'>;
}) {
  const text = formatValue(tag);
  const bad = qualityView(tag.quality).severity === 'bad';
  return bad && tag.value !== null ? <s>{text}</s> : <>{text}</>;
}

/**
 * One tag in a device card. It selects only its own tag, so a batch of values re-renders the
 * rows whose tags changed and nothing else. Click or Enter opens it in Trends; with Shift it is
 * added to (or removed from) the trend without leaving.
 */
export const TagRow = memo(function TagRow({ id, onActivate }: { id: TagId; onActivate: ActivateTag }) {
  const tag = useTagsStore((state) => state.tags[id]);
  const penNumber = useTrendStore(selectPenNumber(id));
  // Two primitives rather than the mark object: the summary is rebuilt on every alarm change.
  const alarmPriority = useAlarmsStore((state) => state.summary.byTag[id]?.priority);
  const alarmUnacked = useAlarmsStore((state) => state.summary.byTag[id]?.unacked ?? false);
  if (!tag) return null;
  const quality = qualityView(tag.quality);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    onActivate(id, event.shiftKey);
  };
  // Words rather than a number: left-aligned over the value and unit columns, cut with an ellipsis
  // and given whole in the tooltip (the full text stays in the page for screen readers).
  const wordy = tag.dataType === 'string' || tag.dataType === 'enum';
  const detail = [
    tag.id,
    tag.description,
    wordy && tag.value !== null ? `Value: ${formatValue(tag)}` : '',
    quality.title,
    tag.ts === null ? 'No value received yet' : `Updated ${formatDateTime(tag.ts)}`,
    'Enter: open in Trends · Shift+Enter: add to trend and stay',
  ];
  return (
    <li>
      <button
        type="button"
        className={`tag-row q-${quality.severity}`}
        data-testid="tag-row"
        data-tag-id={id}
        data-quality={quality.severity}
        title={detail.filter(Boolean).join('\n')}
        onClick={(event) => onActivate(id, event.shiftKey)}
        onKeyDown={onKeyDown}
      >
        <span className="tag-name">
          {alarmPriority && (
            <span
              className={alarmUnacked ? 'tag-alarm unacked' : 'tag-alarm'}
              data-testid="tag-alarm"
              data-unacked={alarmUnacked}
            >
              <AlarmIndicator priority={alarmPriority} size={13} />
            </span>
          )}
          {penNumber > 0 && <span className="pen-mark">P{penNumber}</span>}
          {tag.name}
        </span>
        <span
          className={wordy ? 'tag-value tag-words' : 'tag-value'}
          data-testid="tag-value"
          title={wordy ? formatValue(tag) : undefined}
        >
          <TagValueText tag={tag} />
        </span>
        {!wordy && <span className="tag-unit">{tag.unit}</span>}
        <span className="tag-badge">
          <QualityBadge view={quality} />
        </span>
      </button>
    </li>
  );
});
