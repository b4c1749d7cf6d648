import type { AlarmActor, AlarmJournalState, AlarmShelve, AlarmTrigger } from '../../../shared/alarms.js';
import type { TagCurrentValue } from '../../../shared/domain.js';
import type { NewJournalEntry } from '../ports.js';
import { hasOverlay, journalState, type AlarmRecord } from './alarmRecord.js';

/**
 * The transitions of ISA-18.2 (shared/reference/alarms.md, "Transitions") on one alarm's flags,
 * each written to the journal with from → to as the operator sees it (an overlay while one
 * hides the alarm). Condition transitions go on while an alarm is shelved, suppressed or out
 * of service, so the journal shows an activation under a shelve as `shelved → shelved`.
 */

/** The sample (or the tag's latest value) a transition happened on, and when. */
export interface Occasion {
  ts: number;
  value: TagCurrentValue;
  quality: number;
}

export interface Journal {
  /** This station's name: condition transitions happen here. */
  station: string;
  write(line: NewJournalEntry): void;
}

interface Who {
  user: string | null;
  station: string;
  comment: string;
}

function by(actor: AlarmActor): Who {
  return { user: actor.user, station: actor.station, comment: actor.comment };
}

function record(
  alarm: AlarmRecord,
  from: AlarmJournalState,
  trigger: AlarmTrigger,
  at: Occasion,
  journal: Journal,
  who: Who = { user: null, station: journal.station, comment: '' },
  changed = true,
): void {
  if (changed) {
    alarm.revision++;
    alarm.changedMs = at.ts;
    alarm.value = at.value;
    alarm.quality = at.quality;
  }
  journal.write({
    ts: at.ts,
    alarm: alarm.id,
    tag: alarm.tag,
    area: alarm.area,
    priority: alarm.priority,
    message: alarm.message,
    from,
    to: journalState(alarm),
    trigger,
    user: who.user,
    station: who.station,
    comment: who.comment,
    value: at.value,
    quality: at.quality,
    level: alarm.level,
  });
  // Normal: no level in force any more (the line above still names the one involved).
  if (!alarm.active && !alarm.latched && alarm.acknowledged) alarm.level = null;
}

/**
 * Shows what a condition (`index` into the definition's conditions) says: priority, message,
 * and for a limit alarm its level and limit. A limit alarm shows its current level's priority.
 */
export function present(alarm: AlarmRecord, index: number): void {
  const definition = alarm.definition;
  if (!definition) return;
  const options = definition.options[index] ?? definition.options[0]!;
  alarm.priority = options.priority;
  alarm.message = options.message;
  switch (definition.family) {
    case 'level': {
      const limit = definition.limits[index] ?? definition.limits[0]!;
      alarm.level = alarm.active || alarm.latched || !alarm.acknowledged ? limit.kind : null;
      alarm.limit = limit.value;
      return;
    }
    case 'deviation':
    case 'rateOfChange':
      alarm.level = null;
      alarm.limit = definition.value;
      return;
    default:
      alarm.level = null;
      alarm.limit = null;
  }
}

function annunciate(alarm: AlarmRecord, ts: number): void {
  alarm.acknowledged = false;
  alarm.acknowledgedBy = null;
  alarm.annunciatedMs = ts;
}

/**
 * The condition in force changed: `index` is the condition now in force (a level alarm's limit,
 * most severe), or -1 for none. Normal/returned → unacked (activated); a more severe level or
 * the other side of the limits → unacked again (escalated); back to a less severe level
 * (levelChanged) keeps the acknowledgement; none → cleared (returned unacked if not acked,
 * latched if latching). A one-shot shelve ends when the alarm returns to normal.
 */
export function setCondition(alarm: AlarmRecord, index: number, at: Occasion, journal: Journal): void {
  const definition = alarm.definition;
  if (!definition) return;
  const from = journalState(alarm);
  if (index < 0) {
    if (!alarm.active) return;
    alarm.active = false;
    record(alarm, from, 'cleared', at, journal);
    if (alarm.shelved?.mode === 'oneShot') {
      const shelvedFrom = journalState(alarm);
      alarm.shelved = null;
      alarm.shelveMonoDeadline = null;
      leaveOverlay(alarm, at.ts);
      record(alarm, shelvedFrom, 'unshelved', at, journal, {
        user: null,
        station: journal.station,
        comment: 'one-shot shelve ended: the alarm returned to normal',
      });
    }
    return;
  }
  const options = definition.options[index]!;
  if (!alarm.active) {
    alarm.active = true;
    alarm.activeSinceMs = at.ts;
    alarm.latched ||= options.latching;
    annunciate(alarm, at.ts);
    present(alarm, index);
    record(alarm, from, 'activated', at, journal);
    return;
  }
  if (definition.family !== 'level') return;
  const before = definition.limits.find((limit) => limit.kind === alarm.level);
  const after = definition.limits[index]!;
  if (before === after) return;
  const escalated = !before || after.rank > before.rank || after.high !== before.high;
  if (escalated) annunciate(alarm, at.ts);
  alarm.latched ||= options.latching;
  present(alarm, index);
  record(alarm, from, escalated ? 'escalated' : 'levelChanged', at, journal);
}

/**
 * After an overlay (shelve, suppression, out of service) ends and none remains, the condition
 * is judged anew: active → unacknowledged (annunciated anew), else normal.
 */
function leaveOverlay(alarm: AlarmRecord, ts: number): void {
  if (hasOverlay(alarm)) return;
  if (alarm.active) annunciate(alarm, ts);
  else {
    alarm.acknowledged = true;
    alarm.latched = false;
  }
}

export function setFrozen(
  alarm: AlarmRecord,
  frozen: boolean,
  at: Occasion,
  journal: Journal,
  why: string,
): void {
  if (alarm.frozen === frozen) return;
  const from = journalState(alarm);
  alarm.frozen = frozen;
  record(alarm, from, frozen ? 'frozen' : 'unfrozen', at, journal, {
    user: null,
    station: journal.station,
    comment: why,
  });
}

/** Still active and acknowledged for the re-alarm time: annunciated again. */
export function reAlarm(alarm: AlarmRecord, at: Occasion, journal: Journal): void {
  if (!alarm.active || !alarm.acknowledged) return;
  const from = journalState(alarm);
  annunciate(alarm, at.ts);
  record(alarm, from, 'reAlarm', at, journal);
}

export function acknowledge(alarm: AlarmRecord, actor: AlarmActor, at: Occasion, journal: Journal): void {
  const from = journalState(alarm);
  alarm.acknowledged = true;
  alarm.acknowledgedBy = actor;
  record(alarm, from, 'acknowledged', at, journal, by(actor));
}

/** Two stations acknowledged the same activation: the earlier one is shown as by whom. */
export function creditAck(alarm: AlarmRecord, actor: AlarmActor): void {
  alarm.acknowledgedBy = actor;
  alarm.revision++;
}

export function shelve(alarm: AlarmRecord, shelved: AlarmShelve, at: Occasion, journal: Journal): void {
  const from = journalState(alarm);
  alarm.shelved = shelved;
  record(alarm, from, 'shelved', at, journal, by(shelved));
}

/** Unshelved by an operator (actor) or because a timed shelve ran out (none). */
export function unshelve(alarm: AlarmRecord, actor: AlarmActor | null, at: Occasion, journal: Journal): void {
  if (!alarm.shelved) return;
  const from = journalState(alarm);
  const until = alarm.shelved.untilMs;
  alarm.shelved = null;
  alarm.shelveMonoDeadline = null;
  leaveOverlay(alarm, at.ts);
  if (actor) record(alarm, from, 'unshelved', at, journal, by(actor));
  else
    record(alarm, from, 'shelveExpired', at, journal, {
      user: null,
      station: journal.station,
      comment: until === null ? '' : `shelved until ${new Date(until).toISOString()}`,
    });
}

export function setSuppressed(alarm: AlarmRecord, suppressed: boolean, at: Occasion, journal: Journal): void {
  if (alarm.suppressed === suppressed) return;
  const from = journalState(alarm);
  alarm.suppressed = suppressed;
  if (!suppressed) leaveOverlay(alarm, at.ts);
  record(alarm, from, suppressed ? 'suppressed' : 'unsuppressed', at, journal);
}

export function takeOutOfService(
  alarm: AlarmRecord,
  actor: AlarmActor,
  at: Occasion,
  journal: Journal,
): void {
  const from = journalState(alarm);
  alarm.outOfService = actor;
  record(alarm, from, 'outOfService', at, journal, by(actor));
}

export function returnToService(alarm: AlarmRecord, actor: AlarmActor, at: Occasion, journal: Journal): void {
  const from = journalState(alarm);
  alarm.outOfService = null;
  leaveOverlay(alarm, at.ts);
  record(alarm, from, 'returnedToService', at, journal, by(actor));
}

/** A latched alarm whose condition has cleared: released, and with it acknowledged. */
export function reset(alarm: AlarmRecord, actor: AlarmActor, at: Occasion, journal: Journal): void {
  const from = journalState(alarm);
  alarm.latched = false;
  alarm.acknowledged = true;
  alarm.acknowledgedBy ??= actor;
  record(alarm, from, 'reset', at, journal, by(actor));
}

/** A line in the journal; the alarm itself does not change. */
export function note(alarm: AlarmRecord, actor: AlarmActor | Who, at: Occasion, journal: Journal): void {
  record(alarm, journalState(alarm), 'note', at, journal, 'atMs' in actor ? by(actor) : actor, false);
}

/** The engineer changed the definition: the alarm keeps its state and is judged by the new one. */
export function definitionChanged(alarm: AlarmRecord, at: Occasion, journal: Journal, what: string): void {
  record(alarm, journalState(alarm), 'definitionChanged', at, journal, {
    user: null,
    station: journal.station,
    comment: what,
  });
}

export function definitionRemoved(alarm: AlarmRecord, at: Occasion, journal: Journal, why: string): void {
  record(alarm, journalState(alarm), 'definitionRemoved', at, journal, {
    user: null,
    station: journal.station,
    comment: why,
  });
}

/** A state restored at start, as it was: journaled so that the journal explains where it came from. */
export function restored(alarm: AlarmRecord, at: Occasion, journal: Journal): void {
  record(alarm, journalState(alarm), 'restored', at, journal, undefined, false);
}
