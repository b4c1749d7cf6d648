import {
  ALARM_SYNC_VERSION,
  AlarmSyncMessageSchema,
  MAX_ALARM_SYNC_PAYLOAD,
  type AlarmSyncActionMessage,
  type AlarmSyncMessage,
  type AlarmSyncStateMessage,
  type HlcStamp,
} from '../../../shared/alarmSync.js';
import type { AlarmAction } from '../../../shared/alarms.js';
import { describeZodError } from '../../../shared/errors.js';
import type { Overlay } from './conflictRules.js';
import type { SyncTopic } from './topics.js';

/**
 * Alarm sync messages to and from bytes. Reading never throws: a payload that is too large,
 * not JSON, of the wrong shape, for another site or on a topic that names something else is a
 * `{ cause, detail }` for the input-error counters.
 */

export type ReadOutcome =
  | { ok: true; message: AlarmSyncMessage }
  /** An empty retained message: someone cleared the alarm's state topic (nothing to merge). */
  | { ok: true; message: null }
  | { ok: false; cause: string; detail: string };

export function readSyncMessage(topic: SyncTopic, payload: Buffer, site: string): ReadOutcome {
  if (payload.length === 0) return topic.kind === 'state' ? { ok: true, message: null } : empty();
  if (payload.length > MAX_ALARM_SYNC_PAYLOAD)
    return {
      ok: false,
      cause: 'alarmSync.too_large',
      detail: `${payload.length} bytes (at most ${MAX_ALARM_SYNC_PAYLOAD})`,
    };
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, cause: 'alarmSync.not_json', detail: 'the payload is not JSON' };
  }
  const parsed = AlarmSyncMessageSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, cause: 'alarmSync.bad_payload', detail: describeZodError(parsed.error) };
  const message = parsed.data;
  if (message.site !== site)
    return { ok: false, cause: 'alarmSync.foreign_site', detail: `site "${message.site}" on our topics` };
  const matches =
    topic.kind === 'state'
      ? message.kind === 'state' && message.alarm === topic.alarm
      : message.kind === 'action' && message.station === topic.station;
  if (!matches)
    return {
      ok: false,
      cause: 'alarmSync.topic_mismatch',
      detail: `a ${message.kind} message on the ${topic.kind} topic of another ${topic.kind === 'state' ? 'alarm' : 'station'}`,
    };
  return { ok: true, message };
}

function empty(): ReadOutcome {
  return { ok: false, cause: 'alarmSync.bad_payload', detail: 'an empty action message' };
}

export function actionMessage(site: string, stamp: HlcStamp, action: AlarmAction): Buffer {
  const message: AlarmSyncActionMessage = {
    v: ALARM_SYNC_VERSION,
    kind: 'action',
    site,
    station: stamp.station,
    stamp,
    action,
  };
  return Buffer.from(JSON.stringify(message));
}

export function stateMessage(site: string, station: string, alarm: string, overlay: Overlay): Buffer {
  const message: AlarmSyncStateMessage = {
    v: ALARM_SYNC_VERSION,
    kind: 'state',
    site,
    station,
    alarm,
    ...overlay,
  };
  return Buffer.from(JSON.stringify(message));
}
