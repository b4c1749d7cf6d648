import type { HlcStamp, StampedAction } from '../../../../../shared/alarmSync.js';
import type { AlarmAction, AlarmActor } from '../../../../../shared/alarms.js';
import type { AlarmView } from '../../../../../electron/alarms/sync/conflictRules.js';

/** Actions and alarm views for the alarm-sync tests, with only what each test cares about. */
export const ALARM = 'line1/pump3/vibration#level';

export function actor(station: string, atMs: number, user = `op-${station}`, comment = ''): AlarmActor {
  return { user, station, atMs, comment };
}

export function stamp(ms: number, station: string, n = 0): HlcStamp {
  return { ms, n, station };
}

type Kind = AlarmAction['type'];

/** An action of `kind` by `station`, stamped at `ms` (its actor's time is the same ms). */
export function act(
  kind: Kind,
  station: string,
  ms: number,
  extra: { activeSinceMs?: number | null; untilMs?: number | null; alarm?: string; comment?: string } = {},
): StampedAction {
  const by = actor(station, ms, undefined, extra.comment);
  const alarm = extra.alarm ?? ALARM;
  let action: AlarmAction;
  switch (kind) {
    case 'acknowledge':
      action = {
        type: kind,
        alarm,
        by,
        activeSinceMs: 'activeSinceMs' in extra ? (extra.activeSinceMs ?? null) : 500,
      };
      break;
    case 'shelve':
      action = {
        type: kind,
        alarm,
        by,
        mode: extra.untilMs === null ? 'oneShot' : 'timed',
        untilMs: extra.untilMs === undefined ? ms + 3_600_000 : extra.untilMs,
      };
      break;
    default:
      action = { type: kind, alarm, by };
  }
  return { stamp: stamp(ms, station), action };
}

export function view(over: Partial<AlarmView> = {}): AlarmView {
  return {
    activeSinceMs: 500,
    acknowledged: false,
    shelved: null,
    outOfService: null,
    state: 'unacked',
    ...over,
  };
}
