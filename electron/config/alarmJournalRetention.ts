/** Lines deleted per step: a short write, so calls waiting on the worker are answered between. */
export const RETENTION_CHUNK = 5_000;
const DAY_MS = 86_400_000;

export interface JournalRetentionOptions {
  /** Deletes at most `chunk` lines older than `cutoff`; answers how many it deleted. */
  deleteOlderThan(cutoff: number, chunk: number): number;
  /** The settings' journalRetentionDays, read at each pass so a change applies at the next. */
  retentionDays(): number;
  now(): number;
  log(level: 'info' | 'warn', message: string): void;
  /** Default: daily. */
  everyMs?: number;
  chunk?: number;
}

/**
 * Deletes alarm journal lines older than the settings' retention, once at start and then daily,
 * in the config worker. A pass deletes in chunks with a turn of the event loop between them, so
 * a first pass over years of lines never holds up the calls the worker answers (an engine batch
 * waits for at most one chunk). A failed chunk (a full disk cannot even grow the WAL) ends the
 * pass with a warning; the next pass tries again.
 */
export class JournalRetention {
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private stopped = false;

  constructor(private readonly options: JournalRetentionOptions) {}

  start(): void {
    const first = setTimeout(() => this.runNow(), 0);
    const daily = setInterval(() => this.runNow(), this.options.everyMs ?? DAY_MS);
    // The worker exits when its work is done; retention alone must not keep it alive.
    first.unref();
    daily.unref();
    this.timers = [first, daily];
  }

  /** Starts a pass now unless one is running (e.g. after the retention setting changed). */
  runNow(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    let cutoff: number;
    try {
      cutoff = this.options.now() - this.options.retentionDays() * DAY_MS;
    } catch (error) {
      return this.fail(0, error);
    }
    this.step(cutoff, 0);
  }

  private step(cutoff: number, total: number): void {
    if (this.stopped) return void (this.running = false);
    const chunk = this.options.chunk ?? RETENTION_CHUNK;
    let deleted: number;
    try {
      deleted = this.options.deleteOlderThan(cutoff, chunk);
    } catch (error) {
      return this.fail(total, error);
    }
    if (deleted >= chunk) return void setImmediate(() => this.step(cutoff, total + deleted));
    this.running = false;
    if (total + deleted > 0) {
      const before = new Date(cutoff).toISOString();
      this.options.log(
        'info',
        `alarm journal retention deleted ${total + deleted} lines older than ${before}`,
      );
    }
  }

  private fail(total: number, error: unknown): void {
    this.running = false;
    const why = error instanceof Error ? error.message : String(error);
    this.options.log('warn', `alarm journal retention stopped after ${total} lines: ${why}`);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}
