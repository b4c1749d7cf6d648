import type {
  DropBacklogRequest,
  StreamBacklog,
  SyncSettings,
  SyncStatus,
  SyncStream,
} from '../../shared/sync.js';

/**
 * The seams between the parts of cloud sync (see README "Cloud sync"):
 * - the outbox lives in config.db's worker (electron/config/sync*): records are committed there,
 *   sealed into numbered gzip batches per stream, handed out, and deleted once acknowledged;
 * - the drain (electron/sync/) publishes batches to the cloud broker, live lane first;
 * - producers (electron/sync/producers/) turn samples, devices and health into records;
 * - the downward path (electron/sync/down/) checks and applies configuration documents;
 * - the API and the Sync screen read status and change settings through SyncControl.
 */

/** One record for the outbox: its stream, event time and its JSON line (shared/sync.ts schemas). */
export interface OutboxRecord {
  stream: SyncStream;
  at: number;
  /** The record as one line of JSON, `at` included; serialised by the producer, stored as is. */
  line: string;
}

/** A sealed batch as stored: the exact bytes go on the wire, and again if they must be resent. */
export interface SealedBatch {
  stream: SyncStream;
  seq: number;
  count: number;
  firstAtMs: number;
  lastAtMs: number;
  payload: Uint8Array;
}

export interface OutboxBacklog {
  streams: StreamBacklog[];
  /** Bytes the outbox holds (pending records and sealed batches). */
  bytes: number;
  oldestAtMs: number | null;
  droppedRecords: number;
  /** The limits in force (SyncSettings.outbox) and how full the outbox is against them. */
  maxBytes: number;
  maxAgeDays: number;
  /** The larger of size and age against their limits, in percent. */
  fillPercent: number;
  /**
   * Set from `warnPercent` on (and while backfill is refused at the size limit): what will
   * happen and what to do. The sync service raises the outbox alarm while it is set.
   */
  warning: string | null;
}

export interface AppendOutcome {
  /** Records committed. Fewer than given only when `refused` says why (outbox full, disk full). */
  appended: number;
  refused: string | null;
}

/** The outbox as the main thread sees it (implemented by ConfigDb over the config worker). */
export interface OutboxPort {
  /**
   * The site and station written into every batch header; batches are sealed only once it is
   * known. Given once at start.
   */
  setIdentity(identity: { site: string; station: string }): Promise<void>;
  /** Commits records (producers' streams; the journals append their own in their transactions). */
  append(records: OutboxRecord[]): Promise<AppendOutcome>;
  /**
   * Sealed batches of these streams with seq above `after` (what is in flight already), oldest
   * first per stream, at most `maxBatches` and about `maxBytes` in all. Pending records of those
   * streams are sealed first.
   */
  nextBatches(request: {
    streams: SyncStream[];
    after: Partial<Record<SyncStream, number>>;
    maxBatches: number;
    maxBytes: number;
  }): Promise<SealedBatch[]>;
  /** The broker acknowledged these batches: they leave the outbox. Any order; repeats are no-ops. */
  acknowledge(acks: { stream: SyncStream; seq: number }[]): Promise<void>;
  backlog(): Promise<OutboxBacklog>;
  /** Drops backlog on an operator's word: journaled (audit stream) with what went. */
  drop(request: DropBacklogRequest, by: string): Promise<{ batches: number; records: number }>;
  /** The id of this outbox's sequence space (16 hex), made when config.db's outbox was created. */
  outboxId(): Promise<string>;
  syncSettings(): Promise<{ settings: SyncSettings; version: number }>;
  saveSyncSettings(settings: SyncSettings, baseVersion: number, by: string): Promise<SaveSettingsOutcome>;
}

export type SaveSettingsOutcome =
  { ok: true; version: number } | { ok: false; code: 'CONFLICT' | 'INVALID'; message: string };

/** What the API and the Sync screen use. */
export interface SyncControl {
  status(): Promise<SyncStatus>;
  settings(): Promise<{ settings: SyncSettings; version: number }>;
  saveSettings(settings: SyncSettings, baseVersion: number, by: string): Promise<SaveSettingsOutcome>;
  dropBacklog(request: DropBacklogRequest, by: string): Promise<{ batches: number; records: number }>;
  /** Connect now instead of waiting out the backoff. */
  reconnect(): void;
  /** Status whenever it changes in a way the operator sees (at most once a second). */
  onStatus(listener: (status: SyncStatus) => void): () => void;
}
