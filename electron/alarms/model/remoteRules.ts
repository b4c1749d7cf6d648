import type { AlarmAction, AlarmActor } from '../../../shared/alarms.js';
import type { AlarmRecord } from './alarmRecord.js';

/**
 * How another station's action applies here (actions travel through AlarmActionSync).
 * The rules, so that every station ends in the same state whatever order actions arrive in:
 * - An acknowledgement applies only to the activation it was made for: the one that began at
 *   its `activeSinceMs` (stations stamp an activation with the sample's time, so they agree),
 *   or an older one still standing here. It never reaches forward to a newer activation, nor
 *   to a level the alarm escalated to after it was made. One that arrives for an alarm already
 *   acknowledged is journaled as a note "also acknowledged by …", so no ack is lost, and every
 *   station shows the earliest acknowledgement as `acknowledgedBy`.
 * - Shelve, unshelve, out of service and return to service: the later action wins, by the time
 *   the operator made it (`by.atMs`); on a tie, the station whose name sorts last.
 * - A reset applies when the alarm is latched and its condition has cleared here too.
 * Not applied: the reason is journaled as a note, except for plain repeats.
 */
export type RemoteDecision =
  | { apply: true }
  | { apply: false; note: string | null }
  /** Already acknowledged here; the other station's ack was the earlier one and is shown as by whom. */
  | { apply: false; note: string; earlierAck: true };

/** Stations' clocks and sample paths differ a little: an activation within this is the same one. */
export const SAME_ACTIVATION_MS = 1_000;

const apply: RemoteDecision = { apply: true };
const skip = (note: string | null): RemoteDecision => ({ apply: false, note });
const who = (actor: AlarmActor) => `${actor.user} at ${actor.station}`;

export function remoteDecision(alarm: AlarmRecord, action: AlarmAction): RemoteDecision {
  switch (action.type) {
    case 'acknowledge':
      return ackDecision(alarm, action);
    case 'shelve':
      if (alarm.shelved && same(action.by, alarm.shelved)) return skip(null);
      if (alarm.shelved && !later(action.by, alarm.shelved))
        return skip(supersededNote(action.by, alarm.shelved));
      return apply;
    case 'unshelve':
      if (!alarm.shelved) return skip(null);
      return later(action.by, alarm.shelved) ? apply : skip(supersededNote(action.by, alarm.shelved));
    case 'outOfService':
      if (alarm.outOfService && !later(action.by, alarm.outOfService)) return skip(null);
      return apply;
    case 'returnToService':
      if (!alarm.outOfService) return skip(null);
      return later(action.by, alarm.outOfService)
        ? apply
        : skip(supersededNote(action.by, alarm.outOfService));
    case 'reset':
      if (!alarm.latched) return skip(null);
      if (alarm.active)
        return skip(`reset by ${who(action.by)} not applied here: the condition is still active`);
      return apply;
    case 'note':
      return apply;
  }
}

function ackDecision(
  alarm: AlarmRecord,
  action: Extract<AlarmAction, { type: 'acknowledge' }>,
): RemoteDecision {
  const made = action.activeSinceMs;
  if (made === null) return skip(null);
  const when = new Date(made).toISOString();
  if (alarm.activeSinceMs === null)
    return skip(
      `acknowledged by ${who(action.by)} for an activation at ${when} that this station did not see`,
    );
  if (alarm.activeSinceMs > made + SAME_ACTIVATION_MS)
    return skip(`acknowledged by ${who(action.by)} for the earlier activation at ${when}, not this one`);
  if (alarm.active && action.level && alarm.level && escalatedFrom(alarm, action.level))
    return skip(
      `acknowledged by ${who(action.by)} at level ${action.level}, before it escalated to ${alarm.level}`,
    );
  if (alarm.acknowledged) {
    const note = `also acknowledged by ${who(action.by)}`;
    const mine = alarm.acknowledgedBy;
    return mine && later(mine, action.by) ? { apply: false, note, earlierAck: true } : skip(note);
  }
  return apply;
}

function escalatedFrom(alarm: AlarmRecord, level: string): boolean {
  if (alarm.definition?.family !== 'level') return false;
  const limits = alarm.definition.limits;
  const then = limits.find((limit) => limit.kind === level);
  const now = limits.find((limit) => limit.kind === alarm.level);
  return !!then && !!now && (now.rank > then.rank || now.high !== then.high);
}

function same(a: AlarmActor, b: AlarmActor): boolean {
  return a.atMs === b.atMs && a.station === b.station && a.user === b.user;
}

/** Whether `a` was made after `b` (ties broken by station name, so every station agrees). */
function later(a: AlarmActor, b: AlarmActor): boolean {
  return a.atMs !== b.atMs ? a.atMs > b.atMs : a.station > b.station;
}

function supersededNote(action: AlarmActor, standing: AlarmActor): string {
  return `${who(action)} at ${new Date(action.atMs).toISOString()} not applied: ${who(standing)} acted later`;
}
