import type { AlarmRecord } from './alarmRecord.js';
import type { AlarmClock, AlarmScheduler, TimerHandle } from './clock.js';

const SWEEP_MS = 1_000;

/**
 * Ends timed shelves. A shelve ends at the EARLIER of its `untilMs` on the wall clock (what the
 * operator was shown, persisted, the only thing known after a restart) and its granted duration
 * on the monotonic clock (`shelveMonoDeadline`). So when the wall clock jumps BACKWARDS while
 * the app runs, a shelve does not last longer than it was granted; when it jumps forward past
 * `untilMs`, the shelve ends then, as the operator's clock says. After a restart the deadline is
 * taken from `untilMs` against the wall clock of that moment; one that passed while the app was
 * down ends at start. Checked once a second: a shelve lasts minutes to days.
 */
export class ShelveTimer {
  private readonly timed = new Set<AlarmRecord>();
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: AlarmClock,
    private readonly scheduler: AlarmScheduler,
    private readonly expire: (alarm: AlarmRecord) => void,
  ) {}

  /** Watches a timed shelve (others are ignored); `shelveMonoDeadline` is derived if unset. */
  track(alarm: AlarmRecord): void {
    const until = alarm.shelved?.mode === 'timed' ? alarm.shelved.untilMs : null;
    if (until === null) return this.untrack(alarm);
    alarm.shelveMonoDeadline ??= this.clock.monoMs() + Math.max(0, until - this.clock.wallMs());
    this.timed.add(alarm);
    this.arm();
  }

  untrack(alarm: AlarmRecord): void {
    this.timed.delete(alarm);
  }

  sweep(): void {
    const wall = this.clock.wallMs();
    const mono = this.clock.monoMs();
    for (const alarm of [...this.timed]) {
      const until = alarm.shelved?.untilMs ?? null;
      if (until === null) {
        this.timed.delete(alarm);
        continue;
      }
      if (wall >= until || mono >= (alarm.shelveMonoDeadline ?? Infinity)) {
        this.timed.delete(alarm);
        this.expire(alarm);
      }
    }
    this.arm();
  }

  stop(): void {
    if (this.timer !== null) this.scheduler.cancel(this.timer);
    this.timer = null;
    this.timed.clear();
  }

  private arm(): void {
    if (this.timer !== null || this.timed.size === 0) return;
    this.timer = this.scheduler.schedule(() => {
      this.timer = null;
      this.sweep();
    }, SWEEP_MS);
  }
}
