import type { Alarm } from '../../shared/alarms.js';
import { formatAlarmValue } from '../alarms/alarmText.js';

/** The value that caused the alarm's last change, with its unit; bad or stale values say so. */
export function AlarmValue({ alarm }: { alarm: Pick<Alarm, 'value' | 'unit' | 'quality' | 'frozen'> }) {
  const { text, badge } = formatAlarmValue(alarm);
  return (
    <span className="alarm-value">
      {text}
      {badge && <span className="badge badge-bad">{badge}</span>}
    </span>
  );
}
