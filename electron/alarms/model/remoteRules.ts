import type { AlarmAction, AlarmActor } from '../../../shared/alarms.js';
import type { RemoteDelivery } from '../ports.js';
import type { AlarmRecord } from './alarmRecord.js';

/**
 * How another station's action applies here. Alarm sync (sync/conflictRules.ts) decides which
 * action holds site-wide — the later of two shelves, an unshelve against a shelve — and
 * delivers each with `apply` or `journal`; the engine then keeps to its own rules for what an
 * action means to the alarm as this station sees it:
 * - An acknowledgement applies only to the activation it was made for: the one that began at
 *   its `activeSinceMs` (stations stamp an activation with the sample's time, so they agree,
 *   within SAME_ACTIVATION_MS), or an older one still standing here. It never reaches forward
 *   to a newer activation, nor to a level the alarm escalated to after it was made. One for an
 *   alarm already acknowledged is journaled as "also acknowledged by …", and every station
 *   shows the earlier of the two (by time, then station) as `acknowledgedBy`.
 * - Shelve and out of service apply (a later one replaces the one standing); unshelve, return
 *   to service and reset apply when there is something to undo and, for a reset, the condition
 *   has cleared here too.
 * Every action delivered leaves a journal line: what is not applied becomes a note saying why.
 */
export type RemoteDecision =
  | { apply: true }
  | { apply: false; note: string }
  /** Already acknowledged here; the other station's ack was the earlier one and is credited. */
  | { apply: false; note: string; earlierAck: true };

/** Stations' clocks and sample paths differ a little: an activation within this is the same one. */
export const SAME_ACTIVATION_MS = 1_000;

const apply: RemoteDecision = { apply: true };
const skip = (note: string): RemoteDecision => ({ apply: false, note });
const who = (actor: AlarmActor) => `${actor.user} at ${actor.station}`;

const VERBS: Readonly<Record<AlarmAction['type'], string>> = {
  acknowledge: 'acknowledged',
  shelve: 'shelved',
  unshelve: 'unshelved',
  outOfService: 'taken out of service',
  returnToService: 'returned to service',
  reset: 'reset',
  note: 'noted',
};

export function remoteDecision(
  alarm: AlarmRecord,
  action: AlarmAction,
  delivery: RemoteDelivery,
): RemoteDecision {
  const did = `${VERBS[action.type]} by ${who(action.by)}`;
  const said = action.by.comment ? ` (“${action.by.comment}”)` : '';
  if (delivery === 'journal') return skip(`${did}${said}: not applied, another action decides it site-wide`);
  switch (action.type) {
    case 'acknowledge':
      return ackDecision(alarm, action, `${did}${said}`); // the ack's comment kept in every note
    case 'shelve':
    case 'outOfService':
    case 'note':
      return apply;
    case 'unshelve':
      return alarm.shelved ? apply : skip(`${did}${said}: it was not shelved here`);
    case 'returnToService':
      return alarm.outOfService ? apply : skip(`${did}${said}: it was in service here`);
    case 'reset':
      if (!alarm.latched) return skip(`${did}${said}: it was not latched here`);
      if (alarm.active) return skip(`${did}${said}: not applied here, the condition is still active`);
      return apply;
  }
}

function ackDecision(
  alarm: AlarmRecord,
  action: Extract<AlarmAction, { type: 'acknowledge' }>,
  did: string,
): RemoteDecision {
  const made = action.activeSinceMs;
  if (made === null || alarm.activeSinceMs === null)
    return skip(`${did}: for an activation this station did not see`);
  if (alarm.activeSinceMs > made + SAME_ACTIVATION_MS)
    return skip(`${did}: for the earlier activation at ${new Date(made).toISOString()}, not this one`);
  if (alarm.active && action.level && alarm.level && escalatedFrom(alarm, action.level))
    return skip(`${did}: at level ${action.level}, before it escalated to ${alarm.level}`);
  if (alarm.acknowledged) {
    const note = `also ${did}`;
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

/** Whether `a` was made after `b` (ties broken by station name, so every station agrees). */
function later(a: AlarmActor, b: AlarmActor): boolean {
  return a.atMs !== b.atMs ? a.atMs > b.atMs : a.station > b.station;
}
