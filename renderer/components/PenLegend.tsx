import { memo, useId, useRef, useState } from 'react';
import type { Tag, TagId } from '../../shared/domain.js';
import { qualityView } from '../format/quality.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { selectPenLoad } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';
import { describeLoad } from '../trend/penLoad.js';
import { axisSummary } from '../trend/penOptions.js';
import { penColour } from '../trend/penStyle.js';
import { PenOptionsPanel } from './PenOptionsPanel.js';
import { QualityBadge } from './QualityBadge.js';
import { TagValueText } from './TagRow.js';

/** The tag's alarm limits in words, where the chart draws them as lines. */
function limitsTitle(tag: Tag): string | undefined {
  const limits = tag.dataType === 'boolean' ? [] : (tag.limits ?? []);
  if (limits.length === 0) return undefined;
  const unit = tag.unit ? ` ${tag.unit}` : '';
  return `Alarm limits: ${limits.map((limit) => `${limit.kind} ${limit.value}${unit}`).join(', ')}`;
}

/** The axis in words (and the alarm limits), where the range column has room for the axis only. */
function rangeTitle(summary: string, tag: Tag | undefined): string | undefined {
  const limits = tag ? limitsTitle(tag) : undefined;
  return [summary && `Axis: ${summary}`, limits].filter(Boolean).join('. ') || undefined;
}

const LegendRow = memo(function LegendRow({ id, index }: { id: TagId; index: number }) {
  const tag = useTagsStore((state) => state.tags[id]);
  const colour = useTrendStore((state) => state.penOptions[id]?.colour) ?? penColour(index);
  const axis = useTrendStore((state) => state.penOptions[id]?.axis);
  const quality = tag ? qualityView(tag.quality) : null;
  const load = useTrendStore(selectPenLoad(id));
  const [styling, setStyling] = useState(false);
  const styleButton = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const summary = axisSummary(axis, tag);
  const closeStyling = () => {
    setStyling(false);
    styleButton.current?.focus();
  };
  return (
    <li className="legend-row" data-testid="pen-legend-row" data-tag-id={id} data-colour={colour}>
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
      <span className="legend-range" data-testid="pen-axis-summary" title={rangeTitle(summary, tag)}>
        {summary}
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
        ref={styleButton}
        type="button"
        className="icon-button"
        data-testid="pen-style-toggle"
        aria-label={`Style pen ${id}: colour and axis`}
        aria-expanded={styling}
        aria-controls={styling ? panelId : undefined}
        onClick={() => setStyling((open) => !open)}
      >
        Style…
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove pen ${id}`}
        onClick={() => trendActions.removePen(id)}
      >
        Remove
      </button>
      {styling && (
        <PenOptionsPanel
          panelId={panelId}
          id={id}
          number={index + 1}
          colour={colour}
          onClose={closeStyling}
        />
      )}
    </li>
  );
});

/**
 * Pens with their current value, axis and how their history query stands (`loading…`,
 * `not loaded`, or how many points were drawn); solid line = good data, dashed = uncertain.
 * Each pen's Style… opens its colour and axis.
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
