import { performance } from 'node:perf_hooks';
import type { EventPayload } from '../../shared/contract.js';

export type AlarmsPush = EventPayload<'onAlarms'>;

export interface AlarmPushDeps {
  /** The alarm as the list shows it, or null when it is not on the list (normal) or gone. */
  listed(id: string): AlarmsPush['alarms'][number] | null;
  counts(): AlarmsPush['counts'];
  send(push: AlarmsPush): void;
  intervalMs?: number;
}

/**
 * `onAlarms`, coalesced: alarms that changed since the last push are sent once with their
 * newest state, at most ten batches a second, with the banner's counts. An alarm that left the
 * list (back to normal, or its definition removed) is named in `removed`. A change after a quiet
 * spell goes out at once (on the next turn of the event loop, with whatever else changed in
 * this one); in a flood, batches follow every `intervalMs`.
 */
export class AlarmPush {
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private lastPushMs = -Infinity;
  private readonly intervalMs: number;

  constructor(private readonly deps: AlarmPushDeps) {
    this.intervalMs = deps.intervalMs ?? 100;
  }

  markDirty(id: string): void {
    this.dirty.add(id);
    if (this.timer) return;
    const wait = Math.max(0, this.lastPushMs + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty.clear();
  }

  flush(): void {
    this.timer = null;
    if (this.dirty.size === 0) return;
    const alarms: AlarmsPush['alarms'] = [];
    const removed: string[] = [];
    for (const id of this.dirty) {
      const alarm = this.deps.listed(id);
      if (alarm) alarms.push(alarm);
      else removed.push(id);
    }
    this.dirty.clear();
    this.lastPushMs = performance.now();
    this.deps.send({ alarms, removed, counts: this.deps.counts() });
  }
}
