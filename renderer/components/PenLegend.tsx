import { memo } from 'react';
import type { Tag, TagId } from '../../shared/domain.js';
import { qualityView } from '../format/quality.js';
import { formatRange } from '../format/value.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { selectPenLoad } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';
import { describeLoad } from '../trend/penLoad.js';
import { penColour } from '../trend/penStyle.js';
import { QualityBadge } from './QualityBadge.js';
import { TagValueText } from './TagRow.js';

/** The tag's alarm limits in words, where the chart draws them as lines. */
function limitsTitle(tag: Tag): string | undefined {
  const limits = tag.dataType === 'boolean' ? [] : (tag.limits ?? []);
  if (limits.length === 0) return undefined;
  const unit = tag.unit ? ` ${tag.unit}` : '';
  return `Alarm limits: ${limits.map((limit) => `${limit.kind} ${limit.value}${unit}`).join(', ')}`;
}

const LegendRow = memo(function LegendRow({ id, index }: { id: TagId; index: number }) {
  const tag = useTagsStore((state) => state.tags[id]);
  const colour = penColour(index);
  const quality = tag ? qualityView(tag.quality) : null;
  const load = useTrendStore(selectPenLoad(id));
  return (
    <li className="legend-row" data-testid="pen-legend-row" data-tag-id={id}>
      <svg className="legend-swatch" viewBox="0 0 32 10" aria-hidden="true">
        <line x1="0" y1="3" x2="32" y2="3" stroke={colour} strokeWidth="2" />
        <line
          x1="0"
          y1="8"
          x2="32"
          y2="8"
          stroke={colour}
          strokeOpacity={0.6}
          strokeWidth="1.5"
          strokeDasharray="6 4"
        />
      </svg>
      <span className="pen-mark">P{index + 1}</span>
      <span className="legend-id" title={tag?.description || id}>
        {id}
      </span>
      <span className="legend-value">{tag ? <TagValueText tag={tag} /> : '—'}</span>
      <span className="legend-unit">{tag?.unit}</span>
      <span className="legend-badge">{quality && <QualityBadge view={quality} />}</span>
      <span className="legend-range" title={tag ? limitsTitle(tag) : undefined}>
        {tag ? formatRange(tag) : ''}
      </span>
      <span
        className="legend-load"
        data-testid="pen-load"
        data-state={load?.state ?? 'none'}
        title={load?.state === 'error' ? load.message : undefined}
      >
        {describeLoad(load)}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove pen ${id}`}
        onClick={() => trendActions.removePen(id)}
      >
        Remove
      </button>
    </li>
  );
});

/**
 * Pens with their current value, range and how their history query stands (`loading…`,
 * `not loaded`, or how many points were drawn); solid line = good data, dashed = uncertain.
 */
export function PenLegend({ pens }: { pens: readonly TagId[] }) {
  if (pens.length === 0) {
    return (
      <p className="calm-note legend-empty">
        No pens yet: pick up to 8 tags on the left, or click a tag in the Overview.
      </p>
    );
  }
  return (
    <ul className="legend" aria-label="Pens">
      {pens.map((id, index) => (
        <LegendRow key={id} id={id} index={index} />
      ))}
    </ul>
  );
}
