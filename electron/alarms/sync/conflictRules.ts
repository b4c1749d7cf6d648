import type { AlarmActor, Alarm, AlarmAction } from '../../../shared/alarms.js';
import { REGISTER_NAMES, type RegisterName, type StampedAction } from '../../../shared/alarmSync.js';
import { SAME_ACTIVATION_MS } from '../model/remoteRules.js';
import type { RemoteDelivery } from '../ports.js';
import { compareStamps } from './hlc.js';

/**
 * The conflict rules of alarm sync, as pure functions (the protocol is described in
 * alarmSync.ts). An alarm's overlay is four registers, each holding the one action that decides
 * it site-wide; every station merges what it hears by the same rules, so all end up holding
 * the same actions whatever the order things arrived in:
 *
 * - shelve / unshelve, out of service / return to service, reset: the latest action by the
 *   site-wide order of stamps (hybrid logical clock, then station id) holds the register.
 * - acknowledge: an ack of a newer activation (activeSinceMs) replaces one of an older; of the
 *   same activation the earliest stays (it is the one credited). An ack of an older activation
 *   never acknowledges a newer one.
 * - notes hold no register: they are only journaled.
 */

export type Overlay = Record<RegisterName, StampedAction | null>;

/** The slice of an alarm the rules look at (the engine's current state of it). */
export type AlarmView = Pick<Alarm, 'activeSinceMs' | 'acknowledged' | 'shelved' | 'outOfService' | 'state'>;

export function emptyOverlay(): Overlay {
  return { ack: null, shelve: null, service: null, reset: null };
}

export function registerOf(type: AlarmAction['type']): RegisterName | null {
  switch (type) {
    case 'acknowledge':
      return 'ack';
    case 'shelve':
    case 'unshelve':
      return 'shelve';
    case 'outOfService':
    case 'returnToService':
      return 'service';
    case 'reset':
      return 'reset';
    case 'note':
      return null;
  }
}

type Ack = Extract<AlarmAction, { type: 'acknowledge' }>;

/**
 * The activation an ack was made for against the one this station shows: 0 the same, negative
 * an earlier one, positive one this station has not raised yet (never active, null, is before
 * any). Stations stamp an activation with the time of the sample that raised it; a JSON sample
 * without a time carries each station's time of receipt, so two stamps within
 * SAME_ACTIVATION_MS are one activation (as the engine takes them) — but only if the ack was
 * made after the one shown here began: a chattering alarm's next activation may follow within
 * that second, and an ack cannot be for an activation that began after it.
 */
export function ackActivation(ack: Ack, shown: number | null): number {
  const made = ack.activeSinceMs;
  if (made === null || shown === null) return made === shown ? 0 : made === null ? -1 : 1;
  if (made === shown) return 0;
  if (Math.abs(made - shown) <= SAME_ACTIVATION_MS && ack.by.atMs >= shown) return 0;
  return made - shown;
}

/** Which activation an ack was made for; never active sorts first. */
function activation(action: AlarmAction): number {
  return action.type === 'acknowledge' ? (action.activeSinceMs ?? -1) : -1;
}

/** Whether `candidate` takes a register from `held` (see the rules above). */
export function takesRegister(
  name: RegisterName,
  candidate: StampedAction,
  held: StampedAction | null,
): boolean {
  if (!held) return true;
  if (name === 'ack') {
    const newer = activation(candidate.action) - activation(held.action);
    if (newer !== 0) return newer > 0;
    return compareStamps(candidate.stamp, held.stamp) < 0;
  }
  return compareStamps(candidate.stamp, held.stamp) > 0;
}

/** Merges one action into an overlay; true if it took its register. */
export function mergeAction(overlay: Overlay, stamped: StampedAction): boolean {
  const name = registerOf(stamped.action.type);
  if (!name || !takesRegister(name, stamped, overlay[name])) return false;
  overlay[name] = stamped;
  return true;
}

/**
 * Merges another station's copy of an overlay into ours. `taken`: the registers that changed
 * here; `oursNewer`: we hold something the copy lacks, so the retained copy should be replaced
 * by ours (the merge is commutative and idempotent, so this settles after one round).
 */
export function mergeOverlay(into: Overlay, from: Overlay): { taken: StampedAction[]; oursNewer: boolean } {
  const taken: StampedAction[] = [];
  let oursNewer = false;
  for (const name of REGISTER_NAMES) {
    const theirs = from[name];
    const ours = into[name];
    if (theirs && takesRegister(name, theirs, ours) && !sameStamp(theirs, ours)) {
      into[name] = theirs;
      taken.push(theirs);
    } else if (ours && !sameStamp(theirs, ours)) {
      oursNewer = true;
    }
  }
  return { taken, oursNewer };
}

function sameStamp(a: StampedAction | null, b: StampedAction | null): boolean {
  return a !== null && b !== null && compareStamps(a.stamp, b.stamp) === 0;
}

/**
 * A live action of another station: apply it, journal it only, or hold it until this station's
 * engine knows the alarm (or has raised the activation an ack was made for). `holdsRegister`:
 * after merging, the action is the one that decides its register (see mergeAction).
 */
export function decideLive(
  action: AlarmAction,
  holdsRegister: boolean,
  alarm: AlarmView | undefined,
): RemoteDelivery | 'hold' {
  if (!alarm) return 'hold';
  if (action.type === 'note') return 'apply';
  if (action.type === 'acknowledge') {
    const activation = ackActivation(action, alarm.activeSinceMs);
    return activation === 0 ? 'apply' : activation < 0 ? 'journal' : 'hold';
  }
  return holdsRegister ? 'apply' : 'journal';
}

/** Whether an action is the one holding its register in an overlay. */
export function holdsRegister(overlay: Overlay, stamped: StampedAction): boolean {
  const name = registerOf(stamped.action.type);
  return name !== null && sameStamp(overlay[name], stamped);
}

/**
 * Catching up (a start, a reconnect, an alarm that appeared late): whether the action holding a
 * register is not yet in force on this station's alarm and should be applied. Actions whose
 * effect has passed are not (a timed shelve that expired, a one-shot shelve of an alarm that is
 * back to normal, a reset of an earlier latch), nor those this station already shows.
 */
export function needsCatchUp(stamped: StampedAction, alarm: AlarmView, now: number): boolean {
  const { action } = stamped;
  switch (action.type) {
    case 'acknowledge':
      return !alarm.acknowledged && ackActivation(action, alarm.activeSinceMs) === 0;
    case 'shelve':
      if (sameActor(alarm.shelved, action.by)) return false;
      return action.untilMs === null ? alarm.state !== 'normal' : action.untilMs > now;
    case 'unshelve':
      return alarm.shelved !== null;
    case 'outOfService':
      return !sameActor(alarm.outOfService, action.by);
    case 'returnToService':
      return alarm.outOfService !== null;
    case 'reset':
      return alarm.state === 'latched' && action.by.atMs >= (alarm.activeSinceMs ?? 0);
    case 'note':
      return false;
  }
}

function sameActor(shown: AlarmActor | null, by: AlarmActor): boolean {
  return shown !== null && shown.station === by.station && shown.atMs === by.atMs && shown.user === by.user;
}
