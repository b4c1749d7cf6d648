import { PRIORITY_RANK, type AlarmPriority } from '../../../shared/alarmDefinitions.js';
import type { AlarmRefusal, AlarmSettings, ShelveMode } from '../../../shared/alarms.js';
import type { AlarmRecord } from './alarmRecord.js';

/**
 * Whether an operator action may be carried out on one alarm (OPC UA Part 9 names for the
 * refusals). Null: it may.
 */
export interface Refusal {
  code: AlarmRefusal;
  message: string;
}

const refuse = (code: AlarmRefusal, message: string): Refusal => ({ code, message });

export function ackRefusal(alarm: AlarmRecord, comment: string, settings: AlarmSettings): Refusal | null {
  if (alarm.acknowledged) return refuse('ALREADY_ACKED', `${alarm.id} is already acknowledged`);
  if (settings.ackCommentRequired[alarm.priority] && comment.trim() === '')
    return refuse('COMMENT_REQUIRED', `acknowledging a ${alarm.priority} alarm needs a comment`);
  return null;
}

/**
 * Shelving is judged by the most severe priority the alarm can take (a limit alarm's HH, not
 * the H it shows now): shelving it hides every level, and an unshelvable HH must stay visible.
 */
export function shelveRefusal(
  alarm: AlarmRecord,
  mode: ShelveMode,
  durationMs: number | undefined,
  settings: AlarmSettings,
): Refusal | null {
  if (alarm.shelved) return refuse('ALREADY_SHELVED', `${alarm.id} is already shelved`);
  const priority = highestPriority(alarm);
  const max = settings.maxShelveMs[priority];
  if (max === null) return refuse('NOT_SHELVABLE', `${priority} alarms may not be shelved on this site`);
  if (mode === 'timed' && (durationMs === undefined || durationMs > max))
    return refuse(
      'SHELVING_TIME_OUT_OF_RANGE',
      `${priority} alarms may be shelved for at most ${describeDuration(max)}`,
    );
  return null;
}

export function unshelveRefusal(alarm: AlarmRecord): Refusal | null {
  return alarm.shelved ? null : refuse('NOT_SHELVED', `${alarm.id} is not shelved`);
}

export function outOfServiceRefusal(alarm: AlarmRecord): Refusal | null {
  return alarm.outOfService
    ? refuse('ALREADY_OUT_OF_SERVICE', `${alarm.id} is already out of service`)
    : null;
}

export function returnToServiceRefusal(alarm: AlarmRecord): Refusal | null {
  return alarm.outOfService ? null : refuse('NOT_OUT_OF_SERVICE', `${alarm.id} is not out of service`);
}

export function resetRefusal(alarm: AlarmRecord): Refusal | null {
  if (!alarm.latched) return refuse('NOT_LATCHED', `${alarm.id} is not latched`);
  if (alarm.active)
    return refuse('STILL_ACTIVE', `${alarm.id} is still active: reset it once its condition has cleared`);
  return null;
}

export function highestPriority(alarm: AlarmRecord): AlarmPriority {
  const options = alarm.definition?.options ?? [];
  let highest = alarm.priority;
  for (const option of options)
    if (PRIORITY_RANK[option.priority] > PRIORITY_RANK[highest]) highest = option.priority;
  return highest;
}

export function describeDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 60_000)} min`;
}
