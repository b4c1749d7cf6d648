/** A binding that is due, and the end of the window it should evaluate. */
export interface Due<K> {
  key: K;
  end: number;
}

interface IntervalEntry {
  everyMs: number;
  next: number;
}

/**
 * When interval bindings run: aligned to the clock (every 1 s runs at whole seconds), so the
 * many bindings of one model fall due together and share one batched run; a tick that comes
 * late runs once, not once per missed interval. (Sample triggers need no timer: liveRunner.ts.)
 */
export class TriggerScheduler<K> {
  private readonly intervals = new Map<K, IntervalEntry>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;

  constructor(
    private readonly onDue: (due: Due<K>[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

  addInterval(key: K, everyMs: number): void {
    const now = this.now();
    this.intervals.set(key, { everyMs, next: (Math.floor(now / everyMs) + 1) * everyMs });
    this.arm();
  }

  remove(key: K): void {
    this.intervals.delete(key);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.intervals.clear();
  }

  private arm(): void {
    if (this.stopped) return;
    let earliest = Infinity;
    for (const entry of this.intervals.values()) earliest = Math.min(earliest, entry.next);
    if (earliest === Infinity || earliest >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = earliest;
    this.timer = setTimeout(() => this.fire(), Math.max(0, earliest - this.now()));
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.now();
    const due: Due<K>[] = [];
    for (const [key, entry] of this.intervals) {
      if (entry.next > now) continue;
      // The latest slot that has passed: a late tick runs once, for the present.
      const slot = Math.floor(now / entry.everyMs) * entry.everyMs;
      due.push({ key, end: slot });
      entry.next = slot + entry.everyMs;
    }
    this.arm();
    if (due.length > 0) this.onDue(due);
  }
}
