import {
  SyncSettingsSchema,
  type DropBacklogRequest,
  type HeartbeatRecord,
  type SyncSettings,
  type SyncStatus,
} from '../../shared/sync.js';
import type { IngestSink } from '../connectivity/ingestEvents.js';
import type { CredentialStore } from '../credentials/credentialStore.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { CloudLink, type CloudLinkStatus, type DownwardHandler } from './cloudLink.js';
import { Drain, type DrainOptions } from './drain.js';
import { OutboxFillTag } from './outboxFill.js';
import type { OutboxPort, SaveSettingsOutcome, SyncControl } from './ports.js';
import { composeStatus } from './status.js';
import { Throughput } from './throughput.js';
import { downTopic } from './wire.js';

/** How often status is looked at (outbox fill for its tag, changes for listeners). */
const STATUS_EVERY_MS = 1_000;
const FILL_TAG_EVERY_MS = 5_000;

export interface SyncServiceOptions {
  outbox: OutboxPort;
  credentials: CredentialStore;
  site: string;
  station: string;
  version: string;
  startedAt: number;
  /** The site's health in brief, for the heartbeat record. */
  health(): { status: HeartbeatRecord['status']; figures: Record<string, number> };
  /** Where the outbox fill tag enters (system/sync/outbox_fill_percent). */
  ingest: IngestSink;
  /** Downward documents (electron/sync/down/); without one the downward topic is not subscribed. */
  downward?: DownwardHandler;
  /** Settings given to this run (`--cloud FILE.json`): saved at start as a new version, by `by`. */
  given?: { settings: SyncSettings; by: string } | null;
  log: Logger;
  /** Tuning for tests and the bench. */
  drain?: Pick<DrainOptions, 'window' | 'ackTimeoutMs'>;
}

/**
 * Cloud sync on the main thread: the link to the cloud broker, the drain of the outbox, the
 * heartbeat, and status for the API. Settings live in config.db; a save applies at once (a new
 * connection only when the broker or the topics changed). While sync is disabled or no cloud
 * broker is set, nothing connects and the link is `off`.
 */
export class SyncService implements SyncControl {
  private current: SyncSettings = SyncSettingsSchema.parse({});
  private link: CloudLink | null = null;
  private drain: Drain | null = null;
  /** The cloud broker and topics the current link was made for. */
  private linkKey = '';
  private offSince = Date.now();
  private lastSyncMs: number | null = null;
  private readonly throughput = new Throughput();
  private readonly fillTag: OutboxFillTag;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private statusTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private lastEmitted = '';
  private latest: SyncStatus | null = null;
  private lastFillTagAt = 0;
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly options: SyncServiceOptions) {
    this.fillTag = new OutboxFillTag(options.ingest);
  }

  async start(): Promise<void> {
    const { outbox, site, station } = this.options;
    await outbox.setIdentity({ site, station });
    const stored = await outbox.syncSettings();
    let settings = stored.settings;
    const given = this.options.given;
    // The same settings again (a restart with the same --cloud) make no new version.
    if (given && JSON.stringify(given.settings) !== JSON.stringify(settings)) {
      const saved = await outbox.saveSyncSettings(given.settings, stored.version, given.by);
      if (!saved.ok) throw new Error(`the --cloud settings cannot be saved: ${saved.message}`);
      settings = given.settings;
    }
    await this.apply(settings);
    this.statusTimer = setInterval(() => void this.tick(), STATUS_EVERY_MS);
  }

  async stop(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    await this.applying;
    await this.disconnect();
  }

  /** Something was committed to the live lane: the drain looks now rather than at its next wake. */
  nudge(): void {
    this.drain?.nudge();
  }

  async status(): Promise<SyncStatus> {
    return composeStatus({
      settings: this.current,
      link: this.link?.current() ?? null,
      offSince: this.offSince,
      backlog: await this.options.outbox.backlog(),
      lastSyncMs: this.lastSyncMs,
      rates: this.throughput.rates(),
      inFlight: this.drain?.inFlightCount ?? 0,
    });
  }

  /** The status as last looked at (at most a second old), for /api/health; null before start. */
  lastStatus(): SyncStatus | null {
    return this.latest;
  }

  // SyncControl
  settings(): Promise<{ settings: SyncSettings; version: number }> {
    return this.options.outbox.syncSettings();
  }

  async saveSettings(settings: SyncSettings, baseVersion: number, by: string): Promise<SaveSettingsOutcome> {
    const outcome = await this.options.outbox.saveSyncSettings(settings, baseVersion, by);
    if (outcome.ok) await this.apply(settings);
    return outcome;
  }

  async dropBacklog(request: DropBacklogRequest, by: string): Promise<{ batches: number; records: number }> {
    const outcome = await this.options.outbox.drop(request, by);
    // What the drain read ahead of the dropped backlog must not go out after its drop record.
    this.drain?.forgetPrefetched();
    return outcome;
  }

  reconnect(): void {
    this.link?.reconnect();
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies settings in order: a save during another save waits for it. */
  apply(settings: SyncSettings): Promise<void> {
    this.applying = this.applying
      .then(() => this.applyNow(settings))
      .catch((error: unknown) => {
        this.options.log.error(`applying sync settings failed: ${errorMessage(error)}`);
      });
    return this.applying;
  }

  private async applyNow(settings: SyncSettings): Promise<void> {
    this.current = settings;
    const key =
      settings.enabled && settings.cloud ? JSON.stringify([settings.cloud, settings.topicPrefix]) : '';
    if (key !== this.linkKey) {
      await this.disconnect();
      this.linkKey = key;
      if (key !== '') this.connect(settings);
    } else this.drain?.configure(settings);
    this.scheduleHeartbeat();
    this.lastFillTagAt = 0; // the fill tag follows a change of settings (warning share) at once
    void this.tick();
  }

  private connect(settings: SyncSettings): void {
    const cloud = settings.cloud!;
    const { site, log } = this.options;
    const drain = new Drain({
      ...this.options.drain,
      outbox: this.options.outbox,
      site,
      topicPrefix: settings.topicPrefix,
      metered: settings.metered,
      backfillBytesPerSecond: settings.backfillBytesPerSecond,
      log: log.child('drain'),
      onAcked: (records, bytes) => {
        this.lastSyncMs = Date.now();
        this.throughput.add(records, bytes);
      },
      onProgress: () => this.link?.healthy(),
      onStalled: (detail) => this.link?.degrade(detail),
    });
    const downward = this.options.downward;
    const link = new CloudLink({
      broker: cloud,
      downTopic: downTopic(settings.topicPrefix, site, 'config'),
      subscribeDown: downward !== undefined && settings.acceptConfig,
      credentials: this.options.credentials,
      log: log.child('cloud'),
      onDownward: (topic, payload) => downward?.(topic, payload),
      onSession: (session) => drain.setSession(session),
      onStatus: (status) => this.linkChanged(status),
    });
    this.drain = drain;
    this.link = link;
    drain.start();
    link.start();
  }

  private async disconnect(): Promise<void> {
    const { link, drain } = this;
    this.link = null;
    this.drain = null;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    await link?.stop();
    await drain?.stop();
    this.offSince = Date.now();
  }

  private linkChanged(status: CloudLinkStatus): void {
    this.options.log.debug(`cloud link ${status.state}${status.detail ? `: ${status.detail}` : ''}`);
  }

  /** The heartbeat goes on the live lane while sync runs, every `heartbeatSeconds`. */
  private scheduleHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (!this.link) return;
    void this.heartbeat();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.current.heartbeatSeconds * 1000);
  }

  private async heartbeat(): Promise<void> {
    const { station, version, startedAt } = this.options;
    const at = Date.now();
    const health = this.options.health();
    const record: HeartbeatRecord = { at, station, version, uptimeMs: at - startedAt, ...health };
    try {
      const outcome = await this.options.outbox.append([
        { stream: 'heartbeat', at, line: JSON.stringify(record) },
      ]);
      if (outcome.refused)
        this.options.log.once(
          `heartbeat:${outcome.refused}`,
          'warn',
          `heartbeat not queued: ${outcome.refused}`,
        );
      this.nudge();
    } catch (error) {
      this.options.log.once(`heartbeat:${errorMessage(error)}`, 'warn', `heartbeat: ${errorMessage(error)}`);
    }
  }

  /** Status looked at: the outbox fill to its tag (every few seconds), to listeners when it changed. */
  private async tick(): Promise<void> {
    const now = Date.now();
    const fillDue = now - this.lastFillTagAt >= FILL_TAG_EVERY_MS || now < this.lastFillTagAt;
    let status: SyncStatus;
    try {
      status = await this.status();
    } catch (error) {
      this.options.log.once(`status:${errorMessage(error)}`, 'warn', `sync status: ${errorMessage(error)}`);
      return;
    }
    this.latest = status;
    if (fillDue) {
      this.lastFillTagAt = now;
      // Only where sync is in use: a site that never enabled it has no outbox tag.
      if (status.enabled || status.outbox.bytes > 0)
        this.fillTag.write(status.outbox.fillPercent, this.current.outbox.warnPercent, now);
    }
    const { since: _since, ...seen } = status;
    const text = JSON.stringify(seen);
    if (text === this.lastEmitted) return;
    this.lastEmitted = text;
    for (const listener of this.listeners) listener(status);
  }
}
