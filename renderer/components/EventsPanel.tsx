import type { TagId } from '../../shared/domain.js';
import { qualityView } from '../format/quality.js';
import { formatDateTime } from '../format/time.js';
import { useTagEvents } from '../hooks/useTagEvents.js';
import { trendActions, type TrendView } from '../stores/trendStore.js';
import { EVENT_ROWS } from '../trend/eventList.js';
import { QualityBadge } from './QualityBadge.js';
import '../events.css';

interface Props {
  tags: readonly TagId[];
  view: TrendView;
  windowMinutes: number;
}

/**
 * The Events panel under the trend: string tags' texts, newest first, in the range the chart
 * shows. A long text is cut with an ellipsis and given whole in its tooltip; the cell keeps it
 * all, so a screen reader reads it whole.
 */
export function EventsPanel({ tags, view, windowMinutes }: Props) {
  const events = useTagEvents(tags, view, windowMinutes);
  if (tags.length === 0) return null;
  return (
    <section className="events-panel" data-testid="events-panel" aria-labelledby="events-heading">
      <div className="events-head">
        <h2 id="events-heading">Events</h2>
        <ul className="events-tags" aria-label="Tags listed">
          {tags.map((id) => (
            <li key={id}>
              {id}
              <button
                type="button"
                className="icon-button"
                aria-label={`Stop listing ${id}`}
                onClick={() => trendActions.removeEventTag(id)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      </div>
      {events.state === 'loading' && <p className="calm-note">Loading events…</p>}
      {events.state === 'error' && (
        <p className="notice" role="alert">
          Could not load events: {events.message}
        </p>
      )}
      {events.state === 'ready' && events.list.rows.length === 0 && (
        <p className="calm-note">No events in this range.</p>
      )}
      {events.state === 'ready' && events.list.rows.length > 0 && (
        <table className="events-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Tag</th>
              <th scope="col">Text</th>
              <th scope="col">Quality</th>
            </tr>
          </thead>
          <tbody>
            {events.list.rows.map((row) => {
              const text = row.text ?? '—';
              return (
                <tr key={`${row.tag}@${row.ts}`} data-testid="event-row" data-tag-id={row.tag}>
                  <td className="event-time">{formatDateTime(row.ts)}</td>
                  <td className="event-tag">{row.tag}</td>
                  <td className="event-text" data-testid="event-text" title={text}>
                    {text}
                  </td>
                  <td>
                    <QualityBadge view={qualityView(row.quality)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {events.state === 'ready' && events.list.more && (
        <p className="calm-note">The newest {EVENT_ROWS} are shown: narrow the range to see earlier ones.</p>
      )}
    </section>
  );
}
