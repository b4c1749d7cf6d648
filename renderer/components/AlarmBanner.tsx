import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';
import { formatClock } from '../format/time.js';
import { PRIORITIES_DESC } from '../stores/alarmsSelectors.js';
import { useAlarmsStore } from '../stores/alarmsStore.js';
import { AlarmHorn } from './AlarmHorn.js';
import { AlarmIndicator } from './AlarmIndicator.js';
import { AlarmValue } from './AlarmValue.js';

function PriorityCount({
  priority,
  unacked,
  total,
}: {
  priority: AlarmPriority;
  unacked: number;
  total: number;
}) {
  const label = `${PRIORITY_LABEL[priority]}: ${total} alarms, ${unacked} unacknowledged`;
  return (
    <span
      className={`banner-count${total === 0 ? ' zero' : ''}${unacked > 0 ? ' unacked' : ''}`}
      data-testid={`banner-count-${priority}`}
      data-total={total}
      data-unacked={unacked}
      title={label}
      aria-label={label}
    >
      <AlarmIndicator priority={priority} />
      <span className="banner-total">{total}</span>
      {unacked > 0 && <span className="banner-unacked">{unacked} unack</span>}
    </span>
  );
}

/** The newest of the most severe unacknowledged alarms: what to look at first. */
function NewestAlarm() {
  const alarm = useAlarmsStore((state) => state.summary.newestUnacked);
  const loadError = useAlarmsStore((state) => state.loadError);
  const loaded = useAlarmsStore((state) => state.loaded);
  if (!alarm) {
    const text = loadError
      ? `Alarms not loaded: ${loadError}`
      : loaded
        ? 'No unacknowledged alarms'
        : 'Loading alarms…';
    return (
      <span
        className={loadError ? 'banner-newest fault' : 'banner-newest calm-note'}
        data-testid="banner-newest"
      >
        {text}
      </span>
    );
  }
  return (
    <span className="banner-newest" data-testid="banner-newest" data-alarm-id={alarm.id}>
      <AlarmIndicator priority={alarm.priority} />
      <span className="banner-state">{alarm.active ? 'UNACK' : 'RTN UNACK'}</span>
      <time>{formatClock(alarm.activeSinceMs ?? alarm.changedMs)}</time>
      <span className="banner-tag">{alarm.tag}</span>
      <span className="banner-message">{alarm.message}</span>
      <AlarmValue alarm={alarm} />
    </span>
  );
}

/**
 * On every screen: counts by priority (colour, shape and number), the newest of the most severe
 * unacknowledged alarms, the horn, and one click to the list. It flashes only while an
 * annunciated alarm is unacknowledged (alarms.css; a steady marker where the operator asked the
 * system for reduced motion).
 */
export function AlarmBanner() {
  const flashing = useAlarmsStore((state) => state.summary.unacked > 0);
  const counts = useAlarmsStore((state) => state.summary.counts);
  return (
    <section
      className={flashing ? 'alarm-banner flashing' : 'alarm-banner'}
      aria-label="Alarm summary"
      data-testid="alarm-banner"
      data-flashing={flashing}
    >
      <a className="banner-link" href="#/alarms" data-testid="banner-open-list" title="Open the alarm list">
        <span className="banner-counts">
          {PRIORITIES_DESC.map((priority) => (
            <PriorityCount key={priority} priority={priority} {...counts[priority]} />
          ))}
        </span>
        <NewestAlarm />
        {flashing && <span className="unack-marker">UNACKNOWLEDGED</span>}
      </a>
      <AlarmHorn />
    </section>
  );
}
