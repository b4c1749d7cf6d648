import type { AlarmRecord } from './alarmRecord.js';
import type { AlarmScheduler } from './clock.js';
import type { CompiledAlarm } from './compileAlarms.js';
import { DelayedCondition } from './delayedCondition.js';
import { RateWindow } from './rateWindow.js';

/**
 * Gives an alarm the conditions of its (new) definition, settled in the state the alarm is in:
 * a restored or redefined alarm is not annunciated anew, it is judged from where it stands.
 * An active limit alarm at HH has HH and H in force (the value is past both); at a level the
 * new definition no longer has, the limits of that side up to its rank.
 */
export function settleConditions(
  alarm: AlarmRecord,
  definition: CompiledAlarm,
  scheduler: AlarmScheduler,
  onElapsed: (atMs: number) => void,
): void {
  alarm.conditions = definition.options.map((options, index) =>
    DelayedCondition.settled(
      new DelayedCondition(options.onDelayMs, options.offDelayMs, scheduler, onElapsed),
      inForceAt(alarm, definition, index),
    ),
  );
  alarm.rate = definition.family === 'rateOfChange' ? new RateWindow(definition.windowMs) : null;
}

function inForceAt(alarm: AlarmRecord, definition: CompiledAlarm, index: number): boolean {
  if (!alarm.active) return false;
  if (definition.family !== 'level') return true;
  const level = alarm.level;
  if (level === null) return index === 0;
  const limit = definition.limits[index]!;
  const high = level === 'HH' || level === 'H';
  const rank = level === 'HH' || level === 'LL' ? 2 : 1;
  return limit.high === high && limit.rank <= rank;
}

/** Which condition the alarm shows now: its level's limit, else the first. */
export function currentIndex(alarm: AlarmRecord, definition: CompiledAlarm): number {
  if (definition.family !== 'level' || alarm.level === null) return 0;
  return Math.max(
    0,
    definition.limits.findIndex((limit) => limit.kind === alarm.level),
  );
}

/** The tags a compiled alarm reads besides its own. */
export function referencesOf(definition: CompiledAlarm): string[] {
  const tags: string[] = [];
  if (definition.family === 'deviation') tags.push(definition.setpointTag);
  if (definition.suppressWhen) tags.push(definition.suppressWhen.tag);
  return tags;
}
