import type { Alarm } from '../../shared/alarms.js';
import { formatAge, formatDuration } from '../format/duration.js';
import { qualityView } from '../format/quality.js';
import { decimalsFor, formatNumber } from '../format/value.js';

/** An alarm's numbers as the banner and list show them, with their unit. */

function number(value: number): string {
  return formatNumber(value, decimalsFor({ engLow: null, engHigh: null }, value));
}

/** `12.3 bar`, `true`, `Tripped`, `—`; with a badge when the value is bad or stale, or the alarm frozen. */
export function formatAlarmValue(alarm: Pick<Alarm, 'value' | 'unit' | 'quality' | 'frozen'>): {
  text: string;
  badge: string | null;
} {
  const { value } = alarm;
  const text =
    value === null
      ? '—'
      : typeof value === 'number'
        ? withUnit(number(value), alarm.unit)
        : value || '(empty)';
  const badge = alarm.frozen ? 'FROZEN' : qualityView(alarm.quality).badge;
  return { text, badge };
}

/** The threshold the value crossed, with its level: `H 10 bar`; empty where none applies. */
export function formatAlarmLimit(alarm: Pick<Alarm, 'limit' | 'level' | 'unit'>): string {
  if (alarm.limit === null) return '';
  const text = withUnit(number(alarm.limit), alarm.unit);
  return alarm.level ? `${alarm.level} ${text}` : text;
}

function withUnit(text: string, unit: string | undefined): string {
  return unit ? `${text} ${unit}` : text;
}

/** The remaining shelve time, ticking; one-shot and out of service have none. */
export function remainingText(alarm: Alarm, now: number): string {
  if (alarm.outOfService) return 'until returned to service';
  if (alarm.shelved?.mode === 'oneShot') return 'until it next returns to normal';
  if (alarm.shelved?.untilMs != null) {
    const left = alarm.shelved.untilMs - now;
    return left > 0 ? `${formatDuration(left)} left` : 'expiring now';
  }
  return alarm.suppressed ? 'while its condition holds' : '';
}

/** Who hid it and why: the shelve's or the out-of-service record. */
export function hiddenBy(alarm: Alarm, now: number): string {
  const by = alarm.outOfService ?? alarm.shelved;
  if (!by) return alarm.suppressed ? 'by design' : '';
  return `${by.user}, ${formatAge(by.atMs, now)}${by.comment ? `: ${by.comment}` : ''}`;
}
