import { memo, type MouseEvent } from 'react';
import { isAnnunciated, type Alarm } from '../../shared/alarms.js';
import { formatAlarmLimit, hiddenBy, remainingText } from '../alarms/alarmText.js';
import { overlayWords, stateWords } from '../alarms/priorityText.js';
import { formatClock, formatDateTime } from '../format/time.js';
import { alarmTime } from '../stores/alarmsSelectors.js';
import { AlarmIndicator, OverlayIndicator } from './AlarmIndicator.js';
import { AlarmValue } from './AlarmValue.js';

export type AlarmTableVariant = 'active' | 'hidden';

interface RowProps {
  alarm: Alarm;
  index: number;
  top: number;
  variant: AlarmTableVariant;
  selected: boolean;
  focused: boolean;
  /** The hidden list's clock, for the remaining shelve time; the active list passes 0. */
  now: number;
  onClick(id: string, event: MouseEvent): void;
  onOpen(id: string): void;
}

function Marks({ alarm }: { alarm: Alarm }) {
  return (
    <span className="alarm-marks">
      {alarm.outOfService && <OverlayIndicator kind="outOfService" />}
      {alarm.shelved && <OverlayIndicator kind="shelved" />}
      {alarm.suppressed && <OverlayIndicator kind="suppressed" />}
      {alarm.latched && <span className="badge badge-uncertain">LATCHED</span>}
    </span>
  );
}

/**
 * One row of the alarm list, absolutely placed at `top` in the scrolled body (see AlarmTable).
 * Memoised: in a flood only rows whose alarm, selection or focus changed render again.
 */
export const AlarmRow = memo(function AlarmRow(props: RowProps) {
  const { alarm, index, top, variant, selected, focused, now } = props;
  // Shelved, suppressed and out-of-service alarms are not annunciated: they never flash.
  const unacked = !alarm.acknowledged && isAnnunciated(alarm);
  const className = [
    'alarm-row',
    `p-${alarm.priority}`,
    unacked && 'unacked',
    selected && 'selected',
    focused && 'focused',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={`alarm-row-${variant}-${index}`}
      className={className}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="alarm-row"
      data-alarm-id={alarm.id}
      data-state={alarm.state}
      style={{ top }}
      onClick={(event) => props.onClick(alarm.id, event)}
      onDoubleClick={() => props.onOpen(alarm.id)}
    >
      <span role="gridcell" className="cell-indicator">
        <AlarmIndicator priority={alarm.priority} />
      </span>
      <span role="gridcell" title={formatDateTime(alarmTime(alarm))}>
        {formatClock(alarmTime(alarm))}
      </span>
      <span role="gridcell" className="cell-tag" title={`${alarm.tag} (${alarm.area})`}>
        {alarm.tag}
        <span className="cell-area">{alarm.area}</span>
      </span>
      <span role="gridcell" className="cell-message" title={alarm.message}>
        {alarm.message}
      </span>
      {variant === 'active' ? (
        <>
          <span role="gridcell" className="num">
            <AlarmValue alarm={alarm} />
          </span>
          <span role="gridcell" className="num">
            {formatAlarmLimit(alarm)}
          </span>
        </>
      ) : (
        <>
          <span role="gridcell" className="cell-by" title={hiddenBy(alarm, now)}>
            {overlayWords(alarm)} · {hiddenBy(alarm, now)}
          </span>
          <span role="gridcell" data-testid="alarm-remaining">
            {remainingText(alarm, now)}
          </span>
        </>
      )}
      <span role="gridcell" className="cell-state" data-testid="alarm-state">
        <span className={unacked ? 'state-text flash' : 'state-text'}>{stateWords(alarm)}</span>
      </span>
      <span role="gridcell">
        <Marks alarm={alarm} />
      </span>
    </div>
  );
});
