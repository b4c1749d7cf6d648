import { performance } from 'node:perf_hooks';
import type { AlarmClock, AlarmScheduler } from './model/clock.js';

/** The computer's clocks: Date.now for the wall, performance.now (monotonic) for durations. */
export const systemClock: AlarmClock = {
  wallMs: () => Date.now(),
  monoMs: () => performance.now(),
};

/**
 * Node's timers measure delays on libuv's monotonic clock, so a wall-clock jump neither fires
 * nor stretches them. Unreferenced: pending alarm delays never keep a stopping process alive.
 */
export const systemScheduler: AlarmScheduler = {
  schedule: (run, delayMs) => setTimeout(run, delayMs).unref(),
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
