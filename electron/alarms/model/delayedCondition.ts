import type { AlarmScheduler, TimerHandle } from './clock.js';

/**
 * One condition with its on- and off-delay (ISA-18.2): `raw` is what the latest value says,
 * `inForce` what the alarm acts on. A change of `raw` takes effect after the delay for its
 * direction, unless `raw` changes back first. Delays run on the injected scheduler's monotonic
 * clock; the time stamped on a delayed change is the sample time `raw` changed at plus the
 * delay, so that two stations fed the same samples agree on when an alarm began.
 */
export class DelayedCondition {
  raw = false;
  inForce = false;
  /** Sample time of the last change of `raw`. */
  rawSinceMs = 0;
  private timer: TimerHandle | null = null;

  constructor(
    readonly onDelayMs: number,
    readonly offDelayMs: number,
    private readonly scheduler: AlarmScheduler,
    private readonly onElapsed: (atMs: number) => void,
  ) {}

  /** Starts in a known state without a transition (restore after a restart, a new definition). */
  static settled(condition: DelayedCondition, inForce: boolean): DelayedCondition {
    condition.raw = inForce;
    condition.inForce = inForce;
    return condition;
  }

  /** Feeds the raw condition at sample time `ts`; answers true when `inForce` changed now. */
  update(raw: boolean, ts: number): boolean {
    if (raw === this.raw) return false;
    this.raw = raw;
    this.rawSinceMs = ts;
    this.cancel();
    if (raw === this.inForce) return false;
    const delay = raw ? this.onDelayMs : this.offDelayMs;
    if (delay === 0) {
      this.inForce = raw;
      return true;
    }
    this.timer = this.scheduler.schedule(() => this.elapse(delay), delay);
    return false;
  }

  /** Stops judging (a frozen alarm): a pending change is forgotten, `inForce` is kept. */
  hold(): void {
    this.cancel();
    this.raw = this.inForce;
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  cancel(): void {
    if (this.timer === null) return;
    this.scheduler.cancel(this.timer);
    this.timer = null;
  }

  private elapse(delay: number): void {
    this.timer = null;
    this.inForce = this.raw;
    this.onElapsed(this.rawSinceMs + delay);
  }
}
