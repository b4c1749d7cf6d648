/**
 * Time as the alarm engine sees it. Two clocks, because they answer different questions:
 * delays, re-alarm times and the granted length of a shelve are durations and run on a
 * monotonic clock, so that a jump of the wall clock (NTP, an operator setting the time) neither
 * fires nor stretches them; what the operator and the journal read (when an alarm began, when a
 * shelve ends) is wall-clock time, which is what a person can compare with a watch.
 */
export interface AlarmClock {
  /** Wall-clock epoch milliseconds. */
  wallMs(): number;
  /** Milliseconds on a clock that never goes back and does not follow the wall clock's jumps. */
  monoMs(): number;
}

export type TimerHandle = unknown;

/** Runs callbacks after a delay measured on the monotonic clock. */
export interface AlarmScheduler {
  schedule(run: () => void, delayMs: number): TimerHandle;
  cancel(handle: TimerHandle): void;
}
