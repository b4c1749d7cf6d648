import { PRIORITY_RANK } from '../../shared/alarmDefinitions.js';
import type { Alarm } from '../../shared/alarms.js';
import type { EventPayload } from '../../shared/contract.js';
import { EMPTY_SUMMARY, sounds, summarize, type AlarmSummary } from './alarmSummary.js';

/**
 * The alarms this station knows, as `alarms.list` and `onAlarms` tell them, plus what the horn
 * needs: each alarm's annunciation number (raised anew → a higher number) and the number up to
 * which the operator silenced it. Pure: every function takes a state and returns the next.
 *
 * The banner's counts are worked out from these alarms (alarmSummary.ts) rather than taken
 * from the server's `counts`, so that the counts, the flashing and the list can never disagree
 * for the moment between an action's answer and the next event; the server's counts serve
 * clients that do not hold the list.
 */
export interface AlarmsModel {
  byId: Readonly<Record<string, Alarm>>;
  /** Per alarm id: the annunciation that raised its current unacknowledged activation. */
  annunciation: Readonly<Record<string, number>>;
  /** Last annunciation number handed out. */
  lastAnnunciation: number;
  /** The horn is silent for annunciations up to this one (Silence), until a newer one. */
  silencedThrough: number;
  /** Counts, the banner's pick, the horn: kept up to date with the three fields above. */
  summary: AlarmSummary;
}

export const emptyAlarmsModel: AlarmsModel = {
  byId: {},
  annunciation: {},
  lastAnnunciation: 0,
  silencedThrough: 0,
  summary: EMPTY_SUMMARY,
};

/** An alarm stays in the store while it is in the list: not normal, or hidden by an overlay. */
function listed(alarm: Alarm): boolean {
  return (
    alarm.state !== 'normal' || alarm.shelved !== null || alarm.suppressed || alarm.outOfService !== null
  );
}

/**
 * Whether `next` is a new annunciation compared with `before`: it sounds now and did not, or it
 * sounded for another activation, or its priority rose (escalation H → HH while unacked).
 */
function isNewAnnunciation(before: Alarm | undefined, next: Alarm): boolean {
  if (!sounds(next)) return false;
  if (!before || !sounds(before)) return true;
  return (
    before.activeSinceMs !== next.activeSinceMs ||
    PRIORITY_RANK[next.priority] > PRIORITY_RANK[before.priority]
  );
}

/**
 * Applies alarms (a delta or a whole list) in place of what was known. An alarm whose revision
 * is older than the one held is a late message and is ignored, so a list taken before a change
 * cannot undo it.
 */
function applyAlarms(model: AlarmsModel, alarms: readonly Alarm[], removed: readonly string[]): AlarmsModel {
  const byId: Record<string, Alarm> = { ...model.byId };
  const annunciation: Record<string, number> = { ...model.annunciation };
  let last = model.lastAnnunciation;
  for (const id of removed) {
    delete byId[id];
    delete annunciation[id];
  }
  for (const alarm of alarms) {
    const before = byId[alarm.id];
    if (before && alarm.revision < before.revision) continue;
    if (isNewAnnunciation(before, alarm)) annunciation[alarm.id] = ++last;
    else if (!sounds(alarm)) delete annunciation[alarm.id];
    if (listed(alarm)) byId[alarm.id] = alarm;
    else {
      delete byId[alarm.id];
      delete annunciation[alarm.id];
    }
  }
  return {
    ...model,
    byId,
    annunciation,
    lastAnnunciation: last,
    summary: summarize(byId, annunciation, model.silencedThrough),
  };
}

/** An `onAlarms` batch (or an action's answer). */
export function applyAlarmDelta(
  model: AlarmsModel,
  delta: Pick<EventPayload<'onAlarms'>, 'alarms' | 'removed'>,
): AlarmsModel {
  if (delta.alarms.length === 0 && delta.removed.length === 0) return model;
  return applyAlarms(model, delta.alarms, delta.removed);
}

/**
 * An `alarms.list` snapshot (first load or reconnect): what it lacks has left the list. Alarms
 * still sounding for the same activation keep their annunciation, so a reconnect does not sound
 * the horn again for what the operator already silenced. Events and answers share one ordered
 * link, so an event that arrived before the snapshot is already in it.
 */
export function applyAlarmList(model: AlarmsModel, list: readonly Alarm[]): AlarmsModel {
  const present = new Set(list.map((alarm) => alarm.id));
  const gone = Object.keys(model.byId).filter((id) => !present.has(id));
  return applyAlarms(model, list, gone);
}

/** Silence: the horn stops until an alarm is raised anew. */
export function silence(model: AlarmsModel): AlarmsModel {
  const silencedThrough = model.lastAnnunciation;
  return { ...model, silencedThrough, summary: summarize(model.byId, model.annunciation, silencedThrough) };
}
