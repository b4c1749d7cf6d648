import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import type { Alarm } from '../../shared/alarms.js';

/** How the screens name alarm priorities and states: always in words beside colour and shape. */

/** ISA-101's numbers: 1 is the most urgent. */
export const PRIORITY_NUMBER: Readonly<Record<AlarmPriority, number>> = {
  critical: 1,
  high: 2,
  medium: 3,
  low: 4,
};

export const PRIORITY_LABEL: Readonly<Record<AlarmPriority, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** The alarm's state as the list's state column says it. */
export function stateWords(alarm: Pick<Alarm, 'state' | 'acknowledged' | 'active'>): string {
  switch (alarm.state) {
    case 'unacked':
      return 'UNACK';
    case 'acked':
      return 'ACKED';
    case 'rtnUnacked':
      return 'RTN UNACK';
    case 'latched':
      return alarm.acknowledged ? 'LATCHED' : 'LATCHED UNACK';
    case 'normal':
      return 'NORMAL';
  }
}

/** Why an alarm is hidden from annunciation, in a word, or null when it is not. */
export function overlayWords(alarm: Pick<Alarm, 'shelved' | 'suppressed' | 'outOfService'>): string | null {
  if (alarm.outOfService) return 'OUT OF SERVICE';
  if (alarm.shelved) return alarm.shelved.mode === 'oneShot' ? 'SHELVED (one-shot)' : 'SHELVED';
  if (alarm.suppressed) return 'SUPPRESSED';
  return null;
}
