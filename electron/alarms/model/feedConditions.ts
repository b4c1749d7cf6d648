import type { TagCurrentValue } from '../../../shared/domain.js';
import type { AlarmRecord } from './alarmRecord.js';
import type { CompiledAlarm } from './compileAlarms.js';
import { limitHolds, magnitudeHolds } from './conditions.js';
import { inStates } from './discreteStates.js';
import { readingOf } from './valueQuality.js';

/** A tag's latest sample as the engine keeps it. */
export interface Sample {
  value: TagCurrentValue;
  quality: number;
  ts: number;
  /** A value of this run is known. */
  known: boolean;
}

/** Why a sample cannot be judged (the alarm freezes), or whether a condition in force changed. */
export type Fed = boolean | { unusable: string };

/**
 * Feeds one sample to an alarm's conditions (with their delays): the per-family arithmetic of
 * shared/reference/alarms.md. Bad-quality alarms judge the quality itself; every other family
 * judges only good values and, for a deviation, a good setpoint — anything else is `unusable`.
 */
export function feedConditions(
  alarm: AlarmRecord,
  definition: CompiledAlarm,
  sample: Sample,
  setpoint: Sample | undefined,
  at: number,
): Fed {
  const value = sample.value;
  const reading = readingOf(value, sample.quality);
  if (definition.family === 'badQuality') return alarm.conditions[0]!.update(reading !== 'good', at);
  if (reading !== 'good') return { unusable: `the value is ${reading}` };
  if (definition.family === 'discrete')
    return alarm.conditions[0]!.update(inStates(definition.states, value), at);
  if (typeof value !== 'number') return { unusable: 'the value is not a number' };
  const first = alarm.conditions[0]!;
  switch (definition.family) {
    case 'level': {
      let changed = false;
      const conditions = alarm.conditions;
      for (let i = 0; i < conditions.length; i++) {
        const condition = conditions[i]!;
        if (condition.update(limitHolds(definition.limits[i]!, condition.inForce, value), at)) changed = true;
      }
      return changed;
    }
    case 'deviation': {
      if (
        !setpoint?.known ||
        readingOf(setpoint.value, setpoint.quality) !== 'good' ||
        typeof setpoint.value !== 'number'
      )
        return { unusable: `the setpoint ${definition.setpointTag} has no usable value` };
      const deviation = Math.abs(value - setpoint.value);
      return first.update(
        magnitudeHolds(deviation, definition.value, definition.deadband, first.inForce),
        at,
      );
    }
    case 'rateOfChange': {
      const rate = alarm.rate!.add(sample.ts, value);
      // Not measurable yet (one sample since the window started): nothing changes.
      if (rate === null) return false;
      return first.update(magnitudeHolds(rate, definition.value, definition.deadband, first.inForce), at);
    }
  }
}
