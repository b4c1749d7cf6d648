import type { StampedAction } from '../../../shared/alarmSync.js';
import { compareStamps } from './hlc.js';

/** Most actions held at once; past it the oldest held is given up (counted). */
export const MAX_HELD = 10_000;

export interface Held {
  stamped: StampedAction;
  /** When it was first held (local wall clock), to give up on an ack whose activation never comes. */
  sinceMs: number;
}

/**
 * Other stations' actions that this station cannot place yet: on an alarm its engine does not
 * know (yet: a definition still to come, a tag not seen yet), or an ack of an activation its
 * engine has not raised yet (its ingest lags). Kept per alarm, bounded, and handed back in
 * stamp order when the alarm is looked at again.
 */
export class HeldActions {
  private readonly byAlarm = new Map<string, Held[]>();
  private count = 0;

  constructor(private readonly onDropped: (held: Held) => void) {}

  get size(): number {
    return this.count;
  }

  alarms(): string[] {
    return [...this.byAlarm.keys()];
  }

  hold(stamped: StampedAction, sinceMs: number): void {
    const alarm = stamped.action.alarm;
    const list = this.byAlarm.get(alarm) ?? [];
    list.push({ stamped, sinceMs });
    this.byAlarm.set(alarm, list);
    this.count++;
    if (this.count > MAX_HELD) this.dropOldest();
  }

  /** Takes every action held for an alarm, oldest stamp first. */
  take(alarm: string): Held[] {
    const list = this.byAlarm.get(alarm) ?? [];
    this.byAlarm.delete(alarm);
    this.count -= list.length;
    return list.sort((a, b) => compareStamps(a.stamped.stamp, b.stamped.stamp));
  }

  /** Map iteration order is insertion order: the first alarm's first action waited longest. */
  private dropOldest(): void {
    const [alarm, list] = this.byAlarm.entries().next().value as [string, Held[]];
    const dropped = list.shift()!;
    this.count--;
    if (list.length === 0) this.byAlarm.delete(alarm);
    this.onDropped(dropped);
  }
}
