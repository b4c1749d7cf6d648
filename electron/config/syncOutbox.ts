import type { Database, Statement } from 'better-sqlite3';
import { SiteIdSchema } from '../../shared/alarmSync.js';
import {
  MAX_BATCH_RAW_BYTES,
  MAX_BATCH_RECORDS,
  SYNC_STREAM_NAMES,
  laneOf,
  type DropBacklogRequest,
  type SyncSettings,
  type SyncStream,
} from '../../shared/sync.js';
import { WorkerError } from '../platform/workerProtocol.js';
import type {
  AppendOutcome,
  OutboxBacklog,
  OutboxRecord,
  SaveSettingsOutcome,
  SealedBatch,
} from '../sync/ports.js';
import { writeOrExplain } from './storageFailure.js';
import { SyncBatchTable } from './syncBatchTable.js';
import { DROPPABLE_AT_LIMIT, OutboxDrops, type DropOutcome } from './syncDrops.js';
import { SyncPendingTable } from './syncPendingTable.js';
import { backlogStats } from './syncBacklogStats.js';
import {
  byStream,
  changeRecord,
  describeSettings,
  recordProblem,
  type AuditChange,
  type OutboxJournal,
} from './syncRecords.js';
import { OutboxRetention } from './syncRetention.js';
import { appendSealing, sealStream, type OutboxIdentity } from './syncSealing.js';
import { SyncSettingsTable } from './syncSettingsTable.js';
import { TrustedClock } from './syncTrustedClock.js';

export type { AuditChange, OutboxJournal } from './syncRecords.js';

export interface SyncOutboxOptions {
  /** Wall clock (event times, audit records); default Date.now. */
  now?: () => number;
  /** Monotonic clock (the age limit's reference, see syncTrustedClock.ts); default performance.now. */
  mono?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface NextBatchesRequest {
  streams: SyncStream[];
  after: Partial<Record<SyncStream, number>>;
  maxBatches: number;
  maxBytes: number;
}

/**
 * Cloud sync's outbox in config.db (migration 0008; protocol in README "Cloud sync"). Records
 * are committed as pending rows, then sealed into numbered gzip batches per stream (syncSealing):
 * live-lane streams in the very transaction that appends them, so an alarm is on the wire as
 * soon as the drain asks; backfill streams once a batch is full, when the drain asks for them,
 * or by the worker's periodic tick. A batch leaves only when the broker acknowledged it or by a
 * journaled drop (syncDrops.ts, syncRetention.ts).
 *
 * Nothing is appended while sync is off (not enabled, or no cloud broker): an outbox nobody
 * drains must not fill the disk. The journals (alarm, command) and configuration saves call
 * `appendInTransaction` inside their own transactions, so a record and what it records are
 * committed together or not at all.
 */
export class SyncOutbox implements OutboxJournal {
  readonly settings: SyncSettingsTable;
  private readonly pending: SyncPendingTable;
  private readonly batches: SyncBatchTable;
  private readonly drops: OutboxDrops;
  private readonly retention: OutboxRetention;
  private readonly id: string;
  private identity: OutboxIdentity | null = null;
  /** Records appended to each backfill stream since it was last sealed (an upper estimate). */
  private readonly unsealed = new Map<SyncStream, { records: number; bytes: number }>();
  private readonly appendTx: (records: OutboxRecord[]) => void;
  private readonly sealTx: (streams: readonly SyncStream[], partial: boolean) => void;
  private readonly ackTx: (acks: { stream: SyncStream; seq: number }[]) => void;
  private readonly saveTx: (settings: unknown, baseVersion: number, by: string) => SaveSettingsOutcome;
  private readonly now: () => number;
  private readonly log: NonNullable<SyncOutboxOptions['log']>;

  constructor(db: Database, onBadRow: (message: string) => void, options: SyncOutboxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    const meta: Statement<[], { outbox_id: string; clock_ms: number | null }> = db.prepare(
      'SELECT outbox_id, clock_ms FROM sync_outbox_meta WHERE one = 1',
    );
    const row = meta.get();
    if (!row) throw new Error('config.db has no sync outbox row (migration 0008)');
    this.id = row.outbox_id;
    this.settings = new SyncSettingsTable(db, onBadRow);
    this.pending = new SyncPendingTable(db);
    this.batches = new SyncBatchTable(db);
    const clock = new TrustedClock(this.now, options.mono ?? (() => performance.now()), row.clock_ms);
    this.drops = new OutboxDrops(db, this.batches, this.now, (records) => this.addInternal(records));
    this.retention = new OutboxRetention(db, {
      clock,
      limits: () => this.settings.current().settings.outbox,
      stats: () => backlogStats(this.pending, this.batches),
      drops: this.drops,
      log: this.log,
    });
    this.appendTx = db.transaction((records: OutboxRecord[]) => this.addInternal(records));
    this.sealTx = db.transaction((streams: readonly SyncStream[], partial: boolean) => {
      for (const stream of streams) this.seal(stream, partial);
    });
    this.ackTx = db.transaction((acks: { stream: SyncStream; seq: number }[]) => {
      const touched = new Set<SyncStream>();
      for (const { stream, seq } of acks) if (this.batches.delete(stream, seq)) touched.add(stream);
      for (const stream of touched) this.batches.settle(stream);
    });
    this.saveTx = db.transaction((settings: unknown, baseVersion: number, by: string) => {
      const wasActive = this.active;
      const now = this.now();
      const change = this.settings.save(settings, baseVersion, by, now);
      if ('ok' in change) return change;
      // Switching sync on or off is recorded too, so the cloud sees where a gap in time began.
      if (wasActive || this.active)
        this.addInternal([
          changeRecord('sync', null, change.version, by, now, describeSettings(change.after)),
        ]);
      return { ok: true as const, version: change.version };
    });
  }

  /** Sync is on: enabled and a cloud broker given. Only then is anything appended. */
  get active(): boolean {
    const { settings } = this.settings.current();
    return settings.enabled && settings.cloud !== null;
  }

  outboxId(): string {
    return this.id;
  }

  /** The site and station written into batch headers; until given, records stay pending. */
  setIdentity({ site, station }: { site: string; station: string }): void {
    if (!SiteIdSchema.safeParse(site).success || station.length < 1 || station.length > 64)
      throw new WorkerError('INVALID', `not a usable sync identity: site "${site}", station "${station}"`);
    this.identity = { site, station, outbox: this.id };
    this.sealQuietly(
      SYNC_STREAM_NAMES.filter((stream) => laneOf(stream) === 'live'),
      true,
    );
  }

  /**
   * Producers' records (rollups, samples, devices, heartbeat, config results). Refused whole, with
   * the reason, when sync is off or the disk refuses the write; backfill records are refused when
   * the outbox is at its size limit with nothing left to drop but live records. A record that is
   * malformed (unknown stream, bad time, a line over 64 KiB) is left out and said so.
   */
  append(records: OutboxRecord[]): AppendOutcome {
    if (!this.active)
      return {
        appended: 0,
        refused: 'cloud sync is off (not enabled or no cloud broker): nothing was queued',
      };
    const problems: string[] = [];
    let accepted = records.filter((record) => {
      const problem = recordProblem(record);
      if (problem) problems.push(problem);
      return problem === null;
    });
    try {
      const backfillBytes = accepted
        .filter((record) => laneOf(record.stream) === 'backfill')
        .reduce((sum, record) => sum + record.line.length, 0);
      const full = backfillBytes > 0 ? this.retention.makeRoom(backfillBytes) : null;
      if (full) {
        const before = accepted.length;
        accepted = accepted.filter((record) => laneOf(record.stream) === 'live');
        problems.push(`${before - accepted.length} backfill records refused: ${full}`);
      }
      if (accepted.length > 0) writeOrExplain('the sync outbox', () => this.appendTx(accepted));
      this.retention.added(accepted);
    } catch (error) {
      if (error instanceof WorkerError && error.code === 'UNAVAILABLE') {
        this.forgetUnsealed();
        return { appended: 0, refused: error.message };
      }
      throw error;
    }
    return { appended: accepted.length, refused: problems.length > 0 ? problems.join('; ') : null };
  }

  /**
   * The journals' and configuration saves' records, inside the caller's transaction: nothing is
   * done while sync is off, and a failure (full disk) throws so the caller's write rolls back
   * with it. No size limit applies: these records are few, and the journal must not fail for it.
   */
  appendInTransaction(records: OutboxRecord[]): void {
    if (records.length === 0 || !this.active) return;
    this.addInternal(records);
    this.retention.added(records);
  }

  /** An audit record of a configuration change, inside the caller's transaction (see above). */
  audit({ what, id, version, by, summary, at }: AuditChange): void {
    if (!this.active) return;
    this.appendInTransaction([changeRecord(what, id, version, by, at ?? this.now(), summary)]);
  }

  /** Sealed batches above `after`, streams in the order asked (live first), sealing pending first. */
  nextBatches({ streams, after, maxBatches, maxBytes }: NextBatchesRequest): SealedBatch[] {
    // A seal refused by a full disk must not stop the drain: draining is what frees the disk.
    this.sealQuietly(streams, true);
    const out: SealedBatch[] = [];
    let bytes = 0;
    for (const stream of streams) {
      for (const batch of this.batches.batchesAfter(stream, after[stream] ?? 0, maxBatches - out.length)) {
        if (out.length > 0 && bytes + batch.payload.length > maxBytes) return out;
        out.push(batch);
        bytes += batch.payload.length;
      }
      if (out.length >= maxBatches) return out;
    }
    return out;
  }

  /** The broker acknowledged these batches: they leave. Any order; repeats are no-ops. */
  acknowledge(acks: { stream: SyncStream; seq: number }[]): void {
    writeOrExplain('the sync outbox', () => this.ackTx(acks));
    this.retention.forgetEstimate();
  }

  /** Drops backlog on an operator's word, journaled as an audit record per stream. */
  drop(request: DropBacklogRequest, by: string): { batches: number; records: number } {
    // "All backfill" leaves `audit` be, as the limits do: it is small and holds the drop journal.
    const streams: SyncStream[] = request.stream === null ? [...DROPPABLE_AT_LIMIT] : [request.stream];
    // Pending records get their seqs first, so what goes is journaled as seq ranges.
    if (this.identity) writeOrExplain('the sync outbox', () => this.sealTx(streams, true));
    const outcome: DropOutcome = writeOrExplain('the sync outbox', () =>
      this.drops.drop(
        streams.map((stream) => ({ stream, before: request.beforeMs ?? Number.POSITIVE_INFINITY })),
        by,
        `dropped on request: ${request.reason}`,
      ),
    );
    this.retention.forgetEstimate();
    return { batches: outcome.batches, records: outcome.records };
  }

  backlog(): OutboxBacklog {
    const { streams, bytes, oldestAtMs } = backlogStats(this.pending, this.batches);
    return {
      streams,
      bytes,
      oldestAtMs,
      droppedRecords: this.drops.droppedRecords(),
      ...this.retention.fill(bytes, oldestAtMs),
    };
  }

  syncSettings(): { settings: SyncSettings; version: number } {
    return this.settings.current();
  }

  saveSyncSettings(settings: unknown, baseVersion: number, by: string): SaveSettingsOutcome {
    try {
      return writeOrExplain('the sync settings', () => this.saveTx(settings, baseVersion, by));
    } catch (error) {
      this.settings.forget();
      throw error;
    }
  }

  /**
   * The worker's periodic step: seal full backfill batches and streams that went quiet, then
   * apply the size and age limits. Failures are logged, never thrown: the next tick tries again.
   */
  tick(): void {
    try {
      const quiet = SYNC_STREAM_NAMES.filter((stream) => (this.unsealed.get(stream)?.records ?? 0) === 0);
      this.sealQuietly(SYNC_STREAM_NAMES, false);
      this.sealQuietly(quiet, true);
      this.unsealed.clear();
      writeOrExplain('the sync outbox', () => this.retention.enforce());
    } catch (error) {
      this.log('warn', `sync outbox upkeep failed: ${(error as Error).message}`);
    }
  }

  /**
   * Inserts and seals as appends do: a live stream at once, a backfill stream as its batches
   * fill. No check of `active` here (drops are journaled even while sync is off).
   */
  private addInternal(records: readonly OutboxRecord[]): void {
    const identity = this.identity;
    if (!identity) {
      this.pending.add(records);
      return;
    }
    for (const [stream, group] of byStream(records)) {
      if (laneOf(stream) === 'live') {
        appendSealing(this.pending, this.batches, identity, stream, group, true);
        continue;
      }
      const counted = this.unsealed.get(stream) ?? { records: 0, bytes: 0 };
      counted.records += group.length;
      for (const record of group) counted.bytes += record.line.length + 1;
      this.unsealed.set(stream, counted);
      if (counted.records < MAX_BATCH_RECORDS && counted.bytes < MAX_BATCH_RAW_BYTES) this.pending.add(group);
      else {
        appendSealing(this.pending, this.batches, identity, stream, group, false);
        this.unsealed.delete(stream);
      }
    }
  }

  private seal(stream: SyncStream, partial: boolean): void {
    if (!this.identity) return;
    sealStream(this.pending, this.batches, this.identity, stream, partial);
    this.unsealed.delete(stream);
  }

  private sealQuietly(streams: readonly SyncStream[], partial: boolean): void {
    if (!this.identity) return;
    try {
      writeOrExplain('the sync outbox', () => this.sealTx(streams, partial));
    } catch (error) {
      if (!(error instanceof WorkerError)) throw error;
      this.log('warn', `sealing sync batches failed: ${error.message}`);
    }
  }

  /** After a rolled-back append the counts are unknown: the next append or tick seals what is full. */
  private forgetUnsealed(): void {
    for (const stream of SYNC_STREAM_NAMES)
      this.unsealed.set(stream, { records: MAX_BATCH_RECORDS, bytes: 0 });
  }
}
