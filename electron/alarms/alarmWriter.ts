import type { Alarm } from '../../shared/alarms.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { AlarmStore, NewJournalEntry } from './ports.js';

export interface AlarmWriterDeps {
  store: Pick<AlarmStore, 'writeAlarmBatch'>;
  /** The alarm's state now; null when it no longer exists. */
  snapshot(id: string): Alarm | null;
  log: Logger;
  /** How long changes gather before one batch is written. */
  intervalMs?: number;
}

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The engine's durable writes: changed states and journal lines gather for `intervalMs` and go
 * to config.db as one batch (one transaction, synchronous=FULL), one batch in flight at a time.
 * A failed write (a full disk) is logged and kept, merged with what came since, and retried
 * with backoff — never dropped; those waiting on it learn that it failed.
 */
export class AlarmWriter {
  private dirty = new Set<string>();
  private lines: NewJournalEntry[] = [];
  private waiters: Array<{ resolve(): void; reject(error: Error): void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private failures = 0;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(private readonly deps: AlarmWriterDeps) {
    this.intervalMs = deps.intervalMs ?? 50;
  }

  markDirty(id: string): void {
    this.dirty.add(id);
    this.arm(this.intervalMs);
  }

  journal(line: NewJournalEntry): void {
    this.lines.push(line);
    this.arm(this.intervalMs);
  }

  get pendingLines(): number {
    return this.lines.length;
  }

  /** Resolves once everything handed over so far is on disk; rejects if that write failed. */
  flushed(): Promise<void> {
    if (this.dirty.size === 0 && this.lines.length === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.arm(this.intervalMs);
    });
  }

  /** Writes what is left, waiting for a write in flight first; one attempt, then it is logged. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.writing?.catch(() => {});
    if (this.dirty.size > 0 || this.lines.length > 0) await this.flush().catch(() => {});
    const left = this.lines.length;
    if (left > 0) this.deps.log.error(`stopping with ${left} alarm journal lines not written`);
  }

  private arm(delayMs: number): void {
    if (this.timer || this.writing || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => {});
    }, delayMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    const ids = this.dirty;
    const lines = this.lines;
    const waiters = this.waiters;
    this.dirty = new Set();
    this.lines = [];
    this.waiters = [];
    const states: Alarm[] = [];
    const removed: string[] = [];
    for (const id of ids) {
      const state = this.deps.snapshot(id);
      if (state) states.push(state);
      else removed.push(id);
    }
    if (states.length === 0 && removed.length === 0 && lines.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    const write = this.deps.store.writeAlarmBatch({ states, removed, journal: lines });
    this.writing = write;
    try {
      await write;
      this.failures = 0;
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      this.failures++;
      for (const id of ids) this.dirty.add(id);
      this.lines = lines.concat(this.lines);
      this.deps.log.error(
        `alarm states and ${lines.length} journal lines could not be written (attempt ${this.failures}), kept to retry: ${errorMessage(error)}`,
      );
      const failure = new Error(errorMessage(error));
      for (const waiter of waiters) waiter.reject(failure);
      throw error;
    } finally {
      this.writing = null;
      if (this.dirty.size > 0 || this.lines.length > 0 || this.waiters.length > 0)
        this.arm(
          this.failures === 0
            ? this.intervalMs
            : Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1)),
        );
    }
  }
}
