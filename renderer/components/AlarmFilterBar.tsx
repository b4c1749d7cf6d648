import { useMemo } from 'react';
import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';
import { alarmAreas, PRIORITIES_DESC, type AlarmStateFilter } from '../stores/alarmsSelectors.js';
import { alarmsActions, useAlarmsStore } from '../stores/alarmsStore.js';
import { AlarmIndicator } from './AlarmIndicator.js';

const STATE_CHOICES: ReadonlyArray<{ value: AlarmStateFilter; label: string }> = [
  { value: 'all', label: 'Any state' },
  { value: 'unacked', label: 'Unacknowledged' },
  { value: 'acked', label: 'Acknowledged' },
  { value: 'returned', label: 'Returned (condition cleared)' },
];

function togglePriority(shown: readonly AlarmPriority[], priority: AlarmPriority): AlarmPriority[] {
  return shown.includes(priority) ? shown.filter((p) => p !== priority) : [...shown, priority];
}

/** The active list's filters: priorities (toggles), area, state and text. */
export function AlarmFilterBar() {
  const filter = useAlarmsStore((state) => state.filter);
  const byId = useAlarmsStore((state) => state.byId);
  const areas = useMemo(() => alarmAreas(byId), [byId]);
  const areaKey = areas.join('\n');
  const areaOptions = useMemo(() => (areaKey === '' ? [] : areaKey.split('\n')), [areaKey]);
  return (
    <div className="alarm-filters" role="group" aria-label="Filter alarms">
      <span className="priority-toggles" role="group" aria-label="Priorities shown">
        {PRIORITIES_DESC.map((priority) => (
          <button
            key={priority}
            type="button"
            data-testid={`filter-priority-${priority}`}
            aria-pressed={filter.priorities.includes(priority)}
            title={`Show ${PRIORITY_LABEL[priority].toLowerCase()}-priority alarms`}
            onClick={() =>
              alarmsActions.setFilter({ priorities: togglePriority(filter.priorities, priority) })
            }
          >
            <AlarmIndicator priority={priority} /> {PRIORITY_LABEL[priority]}
          </button>
        ))}
      </span>
      <select
        aria-label="Area"
        data-testid="filter-area"
        value={filter.area}
        onChange={(event) => alarmsActions.setFilter({ area: event.target.value })}
      >
        <option value="">Every area</option>
        {[...new Set([...areaOptions, ...(filter.area ? [filter.area] : [])])].map((area) => (
          <option key={area} value={area}>
            {area}
          </option>
        ))}
      </select>
      <select
        aria-label="State"
        data-testid="filter-state"
        value={filter.state}
        onChange={(event) => alarmsActions.setFilter({ state: event.target.value as AlarmStateFilter })}
      >
        {STATE_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <input
        type="search"
        data-testid="filter-text"
        placeholder="Filter by tag or message"
        aria-label="Filter by tag or message"
        value={filter.text}
        onChange={(event) => alarmsActions.setFilter({ text: event.target.value })}
      />
    </div>
  );
}
