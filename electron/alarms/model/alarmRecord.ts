import type { AlarmFamily, AlarmPriority } from '../../../shared/alarmDefinitions.js';
import type {
  Alarm,
  AlarmActor,
  AlarmConditionState,
  AlarmJournalState,
  AlarmShelve,
} from '../../../shared/alarms.js';
import type { AlarmLimitKind, TagCurrentValue } from '../../../shared/domain.js';
import { Quality } from '../../../shared/quality.js';
import type { TimerHandle } from './clock.js';
import type { CompiledAlarm } from './compileAlarms.js';
import type { DelayedCondition } from './delayedCondition.js';
import type { RateWindow } from './rateWindow.js';

/**
 * One alarm as the engine holds it: the flags of shared/alarms.ts (active, acknowledged,
 * latched, shelved, suppressed, out of service, frozen), from which the ISA-18.2 state is
 * derived and never stored on its own, plus what evaluating it needs. Mutable on purpose: the
 * engine evaluates it for every sample of its tag.
 */
export class AlarmRecord {
  /** Null for a state restored at start whose definition has not come back (yet). */
  definition: CompiledAlarm | null = null;
  area = '';
  unit = '';
  priority: AlarmPriority = 'low';
  message = '';
  level: AlarmLimitKind | null = null;
  limit: number | null = null;

  active = false;
  acknowledged = true;
  latched = false;
  shelved: AlarmShelve | null = null;
  /** Monotonic time a timed shelve's granted duration ends (see shelving in alarmTable.ts). */
  shelveMonoDeadline: number | null = null;
  suppressed = false;
  outOfService: AlarmActor | null = null;
  frozen = false;
  activeSinceMs: number | null = null;
  /** When it was last made unacknowledged (activation, escalation, re-alarm, leaving an overlay). */
  annunciatedMs: number | null = null;
  changedMs = 0;
  value: TagCurrentValue = null;
  quality: number = Quality.BadWaitingForInitialData;
  acknowledgedBy: AlarmActor | null = null;
  revision = 0;

  conditions: DelayedCondition[] = [];
  rate: RateWindow | null = null;
  reAlarmTimer: TimerHandle | null = null;

  constructor(
    readonly id: string,
    readonly tag: string,
    readonly family: AlarmFamily,
  ) {}
}

export function conditionState(alarm: AlarmRecord): AlarmConditionState {
  if (alarm.active) return alarm.acknowledged ? 'acked' : 'unacked';
  if (alarm.latched) return 'latched';
  return alarm.acknowledged ? 'normal' : 'rtnUnacked';
}

/** What the operator sees: the overlay while one hides the alarm, else its condition state. */
export function journalState(alarm: AlarmRecord): AlarmJournalState {
  if (alarm.outOfService) return 'outOfService';
  if (alarm.shelved) return 'shelved';
  if (alarm.suppressed) return 'suppressed';
  return conditionState(alarm);
}

export function hasOverlay(alarm: AlarmRecord): boolean {
  return alarm.outOfService !== null || alarm.shelved !== null || alarm.suppressed;
}

/** On the alarm list: not normal, or hidden by an overlay (the shelved/suppressed/OOS list). */
export function isListed(alarm: AlarmRecord): boolean {
  return hasOverlay(alarm) || conditionState(alarm) !== 'normal';
}

export function toAlarm(record: AlarmRecord): Alarm {
  return {
    id: record.id,
    tag: record.tag,
    family: record.family,
    area: record.area,
    priority: record.priority,
    message: record.message,
    level: record.level,
    state: conditionState(record),
    active: record.active,
    acknowledged: record.acknowledged,
    latched: record.latched,
    shelved: record.shelved,
    suppressed: record.suppressed,
    outOfService: record.outOfService,
    frozen: record.frozen,
    activeSinceMs: record.activeSinceMs,
    changedMs: record.changedMs,
    value: record.value,
    quality: record.quality,
    limit: record.limit,
    ...(record.unit ? { unit: record.unit } : {}),
    acknowledgedBy: record.acknowledgedBy,
    revision: record.revision,
  };
}

/** A stored state, as it was: restored without a transition and without annunciating it anew. */
export function recordFromStored(stored: Alarm): AlarmRecord {
  const record = new AlarmRecord(stored.id, stored.tag, stored.family);
  Object.assign(record, {
    area: stored.area,
    unit: stored.unit ?? '',
    priority: stored.priority,
    message: stored.message,
    level: stored.level,
    limit: stored.limit,
    active: stored.active,
    acknowledged: stored.acknowledged,
    latched: stored.latched,
    shelved: stored.shelved,
    suppressed: stored.suppressed,
    outOfService: stored.outOfService,
    frozen: stored.frozen,
    activeSinceMs: stored.activeSinceMs,
    annunciatedMs: stored.acknowledged ? null : stored.activeSinceMs,
    changedMs: stored.changedMs,
    value: stored.value,
    quality: stored.quality,
    acknowledgedBy: stored.acknowledgedBy,
    revision: stored.revision,
  });
  return record;
}
