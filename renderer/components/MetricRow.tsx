import { memo } from 'react';
import type { Series, TagId } from '../../shared/domain.js';
import { qualityView, qualityWords } from '../format/quality.js';
import { formatDateTime } from '../format/time.js';
import { canWrite, useCommandsStore } from '../stores/commandsStore.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { QualityBadge } from './QualityBadge.js';
import { Sparkline } from './Sparkline.js';
import { TagValueText } from './TagRow.js';

interface Props {
  id: TagId;
  series: Series | undefined;
  from: number;
  to: number;
  editing: boolean;
  onEdit: (id: TagId) => void;
  writing: boolean;
  onWrite: (id: TagId) => void;
}

/**
 * One metric of a device: its value with unit, its quality in words (a stale or bad value is
 * never shown as if good: badge, words and a struck-through or dimmed value), when it was
 * sampled, and its last minutes.
 */
export const MetricRow = memo(function MetricRow({
  id,
  series,
  from,
  to,
  editing,
  onEdit,
  writing,
  onWrite,
}: Props) {
  const tag = useTagsStore((state) => state.tags[id]);
  const mayWrite = useCommandsStore(canWrite);
  if (!tag) return null;
  const quality = qualityView(tag.quality);
  return (
    <tr
      className={`metric-row q-${quality.severity}`}
      data-testid="metric-row"
      data-tag-id={id}
      data-quality={quality.severity}
    >
      <th scope="row" title={tag.description || tag.id}>
        {tag.name}
      </th>
      <td className="tag-value num" data-testid="metric-value">
        <TagValueText tag={tag} />
      </td>
      <td>{tag.dataType === 'string' ? '' : tag.unit}</td>
      <td data-testid="metric-quality">
        <QualityBadge view={quality} /> <span className="quality-words">{qualityWords(tag.quality)}</span>
      </td>
      <td>{tag.ts === null ? 'no value yet' : formatDateTime(tag.ts)}</td>
      <td>
        {tag.dataType !== 'string' && (
          <Sparkline
            series={series}
            from={from}
            to={to}
            low={tag.engLow}
            high={tag.engHigh}
            label={`${tag.name}, last five minutes`}
          />
        )}
      </td>
      <td>
        <button type="button" data-testid="metric-edit" aria-pressed={editing} onClick={() => onEdit(id)}>
          Configure
        </button>{' '}
        {tag.writable && (
          <button
            type="button"
            data-testid="metric-write"
            aria-pressed={writing}
            disabled={!mayWrite}
            title={
              mayWrite ? `Write a new value to ${tag.name}` : 'Writing to devices needs the engineer role'
            }
            onClick={() => onWrite(id)}
          >
            Write…
          </button>
        )}
      </td>
    </tr>
  );
});
