import type { AlarmClock, AlarmScheduler } from '../../electron/alarms/model/clock.js';

/**
 * A wall clock and a monotonic clock that move only when the test says so, and a scheduler on
 * the monotonic one: delays, re-alarm times and shelve expiries without waiting. `advance`
 * moves both clocks and runs what falls due in order (timers scheduled on the way included);
 * `jumpWall` moves the wall clock alone, as NTP or an operator setting the time would.
 */
export function fakeAlarmClock(startWallMs = Date.UTC(2026, 0, 5, 8, 0, 0)) {
  let mono = 1_000;
  let wall = startWallMs;
  let next = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: AlarmClock = { wallMs: () => wall, monoMs: () => mono };
  const scheduler: AlarmScheduler = {
    schedule(run, delayMs) {
      timers.set(next, { at: mono + delayMs, run });
      return next++;
    },
    cancel(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    clock,
    scheduler,
    get wall(): number {
      return wall;
    },
    get mono(): number {
      return mono;
    },
    get pending(): number {
      return timers.size;
    },
    advance(ms: number): void {
      const end = mono + ms;
      for (;;) {
        let due: [number, { at: number; run: () => void }] | null = null;
        for (const entry of timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        wall += due[1].at - mono;
        mono = due[1].at;
        due[1].run();
      }
      wall += end - mono;
      mono = end;
    },
    jumpWall(ms: number): void {
      wall += ms;
    },
  };
}

export type FakeAlarmClock = ReturnType<typeof fakeAlarmClock>;
