import type { Database } from 'better-sqlite3';
import type { ChunkStore } from './chunkStore.js';
import type { EventStore } from './eventStore.js';
import { capWarning, EVICT_AT, EVICT_UNTIL, horizonOf, type RetentionPlan } from './retention.js';
import type { RollupStore } from './rollups/rollupStore.js';
import type { RetentionSweep, StorageStatus } from './types.js';
import type { WarmRows } from './warmRows.js';

/** Longest stretch of retention work in one pass. */
const RETENTION_BUDGET_MS = 50;
const DAY_MS = 86_400_000;

/** What the keeper may delete from, and how it knows the tags. */
export interface KeptStores {
  warm: WarmRows;
  chunks: ChunkStore;
  rollups: RollupStore;
  events: EventStore;
  /** Tag ids by key, as the store knows them now. */
  tagIds: ReadonlyMap<number, string>;
  isText(key: number): boolean;
}

/**
 * Retention and the size cap of the historian file: drops what each tag class no longer keeps,
 * and the oldest raw samples when the file nears its cap, in short passes that never stall
 * ingest for long; and says where the file stands.
 */
export class StorageKeeper {
  private sweepCursor = 0;

  constructor(
    private readonly db: Database,
    private readonly stores: KeptStores,
    private readonly options: { plan: RetentionPlan; maxBytes: number | null; warnAt: number },
  ) {}

  /**
   * Drops what retention no longer keeps, tag by tag from where the last pass stopped, within a
   * time budget: years of expired history go over several passes, never in one long stall.
   */
  sweepRetention(now: number, budgetMs = RETENTION_BUDGET_MS): RetentionSweep {
    const deadline = performance.now() + budgetMs;
    const keys = [...this.stores.tagIds.keys()];
    const result: RetentionSweep = { samples: 0, buckets: 0, events: 0, done: true };
    for (let visited = 0; visited < keys.length; visited++) {
      if (performance.now() >= deadline) {
        result.done = false;
        break;
      }
      const key = keys[this.sweepCursor++ % keys.length]!;
      const retention = this.options.plan.forTag(this.stores.tagIds.get(key)!);
      this.db.transaction(() => {
        const raw = horizonOf(retention.rawDays, now);
        if (raw !== null && this.stores.isText(key)) result.events += this.stores.events.dropBefore(key, raw);
        if (raw !== null) {
          result.samples += this.stores.warm.dropBefore(key, raw);
          for (let n = 1; n > 0 && performance.now() < deadline;) {
            n = this.stores.chunks.dropBefore(key, raw, 64);
            result.samples += n;
          }
        }
        for (const [level, days] of [
          [60_000, retention.minuteDays],
          [600_000, retention.minuteDays], // kept as long as the minutes they summarise
          [3_600_000, retention.hourDays],
        ] as const) {
          const horizon = horizonOf(days, now);
          if (horizon !== null) result.buckets += this.stores.rollups.dropBefore(key, level, horizon);
        }
      })();
    }
    return result;
  }

  /**
   * Keeps the file under its cap: from EVICT_AT of it, drops the oldest raw samples of every
   * tag a day at a time until it is back under EVICT_UNTIL (rollups stay, so long trends keep
   * their shape). Returns the time before which raw samples are gone, or null if none went.
   */
  enforceCap(budgetMs = RETENTION_BUDGET_MS): { droppedBefore: number; samples: number } | null {
    const { maxBytes } = this.options;
    if (maxBytes === null || this.usedBytes() < maxBytes * EVICT_AT) return null;
    const deadline = performance.now() + budgetMs;
    let horizon = this.stores.chunks.oldestTs();
    if (horizon === null) return null;
    let samples = 0;
    while (this.usedBytes() > maxBytes * EVICT_UNTIL && performance.now() < deadline) {
      horizon += DAY_MS;
      const before = horizon;
      this.db.transaction(() => {
        for (const key of this.stores.tagIds.keys())
          samples += this.stores.chunks.dropBefore(key, before, 1_000_000);
      })();
      if (this.stores.chunks.oldestTs() === null) break;
    }
    return samples > 0 ? { droppedBefore: horizon, samples } : null;
  }

  /** Size, cap and the oldest raw sample, for health and the status bar. */
  status(): StorageStatus {
    const usedBytes = this.usedBytes();
    return {
      usedBytes,
      maxBytes: this.options.maxBytes,
      oldestRawTs: this.stores.chunks.oldestTs(),
      warning: capWarning(usedBytes, this.options.maxBytes, this.options.warnAt),
    };
  }

  /** Pages in use (free pages left out), in bytes. */
  usedBytes(): number {
    const pages =
      (this.db.pragma('page_count', { simple: true }) as number) -
      (this.db.pragma('freelist_count', { simple: true }) as number);
    return pages * (this.db.pragma('page_size', { simple: true }) as number);
  }
}
