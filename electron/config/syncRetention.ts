import type { Database, Statement } from 'better-sqlite3';
import type { StreamBacklog, SyncSettings } from '../../shared/sync.js';
import type { OutboxRecord } from '../sync/ports.js';
import { DROPPABLE_AT_LIMIT, LIMIT_DROPPER, type OutboxDrops } from './syncDrops.js';
import type { TrustedClock } from './syncTrustedClock.js';

const DAY_MS = 86_400_000;
/** How long a size estimate is trusted before it is counted again. */
const ESTIMATE_MS = 5_000;

export interface RetentionDeps {
  clock: TrustedClock;
  limits: () => SyncSettings['outbox'];
  stats: () => { streams: StreamBacklog[]; bytes: number; oldestAtMs: number | null };
  drops: OutboxDrops;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** How full the outbox is, for the backlog (and so /api/health, the Sync screen and the alarm). */
export interface OutboxFill {
  maxBytes: number;
  maxAgeDays: number;
  /** The larger of size and age against their limits, in percent (may pass 100 briefly). */
  fillPercent: number;
  /** From `warnPercent` on: what will happen and what to do. Null below it. */
  warning: string | null;
}

/**
 * The outbox's limits (SyncSettings.outbox): size (bytes of pending lines and sealed batches)
 * and age (event time of the oldest record, against the trusted clock of syncTrustedClock.ts, so
 * a clock set a year ahead does not make the backlog look a year old). From `warnPercent` of
 * either limit on, the backlog carries `warning` (the sync service raises the outbox alarm from
 * it, and the worker logs it when it appears). At a limit the oldest BACKFILL batches are dropped
 * (not `audit`'s, see DROPPABLE_AT_LIMIT), journaled as an operator's drop is, by "outbox limit".
 * The live lane (alarms, commands, config
 * results, heartbeat) is never dropped automatically: if only live records (or records not yet
 * sealed) remain at the size limit, new backfill records are refused with the reason instead.
 */
export class OutboxRetention {
  private estimate: number | null = null;
  private estimatedAt = 0;
  private refusing: string | null = null;
  private warned: string | null = null;
  private readonly saveClock: Statement<[number]>;

  constructor(
    db: Database,
    private readonly deps: RetentionDeps,
  ) {
    this.saveClock = db.prepare('UPDATE sync_outbox_meta SET clock_ms = ? WHERE one = 1');
  }

  /**
   * Before backfill records are appended: drops the oldest backfill if they would pass the size
   * limit. Answers null when they fit, else why they are refused.
   */
  makeRoom(incoming: number): string | null {
    const { maxBytes } = this.deps.limits();
    if (this.estimate === null || performance.now() - this.estimatedAt > ESTIMATE_MS) this.count();
    if (this.estimate! + incoming <= maxBytes) {
      this.refusing = null;
      return null;
    }
    this.count();
    const excess = this.estimate! + incoming - maxBytes;
    if (excess > 0) {
      // A little more than needed, so the next appends do not each drop one batch.
      const freed = this.deps.drops.freeBackfill(excess + maxBytes / 100, 'outbox size limit reached');
      if (freed.records > 0)
        this.deps.log(
          'warn',
          `sync outbox at its size limit: dropped ${freed.records} oldest backfill records`,
        );
      this.count();
    }
    if (this.estimate! + incoming <= maxBytes) {
      this.refusing = null;
      return null;
    }
    this.refusing = `the outbox is at its size limit (${mb(this.estimate!)} of ${mb(maxBytes)}) with only live records and unsealed records left to drop`;
    return this.refusing;
  }

  /** Records were appended (or attempted: a rollback only makes the estimate high, and safe). */
  added(records: readonly OutboxRecord[]): void {
    if (this.estimate === null) return;
    for (const record of records) this.estimate += record.line.length;
  }

  /** Batches left (acknowledged, dropped): count again next time. */
  forgetEstimate(): void {
    this.estimate = null;
  }

  /** The periodic step: age limit, size limit, warning. Call inside writeOrExplain. */
  enforce(): void {
    const now = this.deps.clock.now();
    this.saveClock.run(Math.round(now));
    const { maxBytes, maxAgeDays } = this.deps.limits();
    const cutoff = now - maxAgeDays * DAY_MS;
    const aged = this.deps.drops.drop(
      DROPPABLE_AT_LIMIT.map((stream) => ({ stream, before: cutoff })),
      LIMIT_DROPPER,
      `outbox age limit reached (older than ${maxAgeDays} days)`,
    );
    if (aged.records > 0)
      this.deps.log(
        'warn',
        `sync outbox age limit: dropped ${aged.records} backfill records older than ${maxAgeDays} days`,
      );
    const { bytes, oldestAtMs } = this.deps.stats();
    this.estimate = bytes;
    this.estimatedAt = performance.now();
    if (bytes > maxBytes) this.makeRoom(0);
    const { warning } = this.fill(this.estimate, oldestAtMs);
    if (warning !== null && this.warned === null) this.deps.log('warn', `sync outbox: ${warning}`);
    if (warning === null && this.warned !== null)
      this.deps.log('info', 'sync outbox: back below its warning level');
    this.warned = warning;
  }

  fill(bytes: number, oldestAtMs: number | null): OutboxFill {
    const { maxBytes, maxAgeDays, warnPercent } = this.deps.limits();
    const ageDays = oldestAtMs === null ? 0 : Math.max(0, this.deps.clock.now() - oldestAtMs) / DAY_MS;
    const sizePercent = (bytes / maxBytes) * 100;
    const agePercent = (ageDays / maxAgeDays) * 100;
    const fillPercent = Math.round(Math.max(sizePercent, agePercent) * 10) / 10;
    let warning: string | null = null;
    if (this.refusing)
      warning = `${this.refusing}: new backfill records (rollups, samples, model outputs, device changes) are refused until the cloud link drains the outbox. The historian keeps them.`;
    else if (fillPercent >= warnPercent)
      warning =
        sizePercent >= agePercent
          ? `the outbox is ${Math.floor(sizePercent)}% full (${mb(bytes)} of ${mb(maxBytes)}): at the limit its oldest backfill batches are dropped (journaled). Restore the cloud link, raise the size limit, or drop backlog by hand.`
          : `the oldest record waiting is ${Math.floor(ageDays)} days old: at ${maxAgeDays} days the oldest backfill batches are dropped (journaled). Restore the cloud link, raise the age limit, or drop backlog by hand.`;
    return { maxBytes, maxAgeDays, fillPercent, warning };
  }

  private count(): void {
    this.estimate = this.deps.stats().bytes;
    this.estimatedAt = performance.now();
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
