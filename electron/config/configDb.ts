import type { Alarm, AlarmKpiReport, AlarmSettings } from '../../shared/alarms.js';
import type { TrendView } from '../../shared/trendViews.js';
import type { AlarmStore, AlarmWriteBatch } from '../alarms/ports.js';
import type { AlarmCsvPage, AlarmCsvPageQuery, AlarmCsvSource } from '../export/alarmJournalCsv.js';
import type { JournalPage, JournalQuery } from './alarmJournalTable.js';
import type { AlarmSettingsVersion } from './alarmSettingsTable.js';
import type { Logger } from '../platform/logger.js';
import { WorkerClient } from '../platform/workerClient.js';
import type { CommandRecord } from '../../shared/commands.js';
import type { MappingRule, UnmatchedFallback } from '../../shared/jsonMapping.js';
import type { ModelBindingVersion } from '../../shared/modelBindings.js';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import type { ConfigResultRecord, DropBacklogRequest, SyncSettings, SyncStream } from '../../shared/sync.js';
import type {
  AppendOutcome,
  OutboxBacklog,
  OutboxPort,
  OutboxRecord,
  SaveSettingsOutcome,
  SealedBatch,
} from '../sync/ports.js';
import type { NextBatchesRequest } from './syncOutbox.js';
import type {
  CommandOutcomeUpdate,
  ConfigKind,
  ConfigVersionRow,
  ConfigWorkerApi,
  DeleteBindingRequest,
  DeleteMappingOutcome,
  DeleteViewOutcome,
  ItemConfig,
  NewCommandRecord,
  ReplaceMappingsRequest,
  SaveBindingOutcome,
  SaveBindingRequest,
  SaveItemConfigOutcome,
  SaveItemConfigRequest,
  SaveMappingOutcome,
  SaveMappingRequest,
  SaveViewOutcome,
  SaveViewRequest,
  StoredBinding,
  StoredMappings,
} from './types.js';

export interface ConfigDbOptions {
  /** config.db, next to historian.db in the data folder. */
  path: string;
  log: Logger;
  /** better-sqlite3's native module for this runtime's ABI, when not the one in node_modules. */
  sqliteBinding?: string;
  /** How long one worker call may take before it fails with TIMEOUT (default 30 s). */
  callTimeoutMs?: number;
}

/**
 * The site's configuration store (config.db) on the main thread: every call goes to its worker
 * thread (config.worker.ts), and resolves once the change is durably on disk. Holds saved trend
 * views, JSON mapping rules, the versioned tag and device configuration, the site's brokers,
 * the command journal, the alarms' states, journal and settings (the engine's AlarmStore) and
 * the model bindings, and cloud sync's outbox and settings (OutboxPort).
 */
export class ConfigDb implements AlarmStore, AlarmCsvSource, OutboxPort {
  private readonly worker: WorkerClient<ConfigWorkerApi>;

  constructor(options: ConfigDbOptions) {
    this.worker = new WorkerClient({
      callerUrl: import.meta.url,
      stem: 'config.worker',
      workerData: { path: options.path, nativeBinding: options.sqliteBinding },
      log: options.log,
      callTimeoutMs: options.callTimeoutMs,
    });
  }

  start(): Promise<void> {
    return this.worker.start();
  }

  /** Waits for calls in flight, then closes the file. */
  stop(): Promise<void> {
    return this.worker.stop();
  }

  listViews(): Promise<TrendView[]> {
    return this.worker.call('listViews', null);
  }

  saveView(request: SaveViewRequest): Promise<SaveViewOutcome> {
    return this.worker.call('saveView', request);
  }

  deleteView(id: string): Promise<DeleteViewOutcome> {
    return this.worker.call('deleteView', { id });
  }

  listMappings(): Promise<StoredMappings> {
    return this.worker.call('listMappings', null);
  }

  seedShippedMappings(rules: MappingRule[]): Promise<StoredMappings> {
    return this.worker.call('seedShippedMappings', { rules });
  }

  saveMapping(request: SaveMappingRequest): Promise<SaveMappingOutcome> {
    return this.worker.call('saveMapping', request);
  }

  deleteMapping(id: string): Promise<DeleteMappingOutcome> {
    return this.worker.call('deleteMapping', { id });
  }

  setMappingFallback(fallback: UnmatchedFallback): Promise<UnmatchedFallback> {
    return this.worker.call('setMappingFallback', { fallback });
  }

  listItemConfigs(kind: ConfigKind): Promise<ItemConfig[]> {
    return this.worker.call('listItemConfigs', { kind });
  }

  saveItemConfig(request: SaveItemConfigRequest): Promise<SaveItemConfigOutcome> {
    return this.worker.call('saveItemConfig', request);
  }

  listItemConfigVersions(kind: ConfigKind, id: string, limit: number): Promise<ConfigVersionRow[]> {
    return this.worker.call('listItemConfigVersions', { kind, id, limit });
  }

  /** Journals a command; resolves once the row is on disk, so it is there before the publish. */
  addCommand(record: NewCommandRecord): Promise<CommandRecord> {
    return this.worker.call('addCommand', record);
  }

  setCommandOutcome(update: CommandOutcomeUpdate): Promise<CommandRecord | null> {
    return this.worker.call('setCommandOutcome', update);
  }

  listCommands(limit: number): Promise<CommandRecord[]> {
    return this.worker.call('listCommands', { limit });
  }

  replaceMappings(request: ReplaceMappingsRequest): Promise<StoredMappings> {
    return this.worker.call('replaceMappings', request);
  }

  /** All saved in one transaction, or none (answered as the one refusal). */
  saveItemConfigs(requests: SaveItemConfigRequest[]): Promise<SaveItemConfigOutcome[]> {
    return this.worker.call('saveItemConfigs', { requests });
  }

  /** The site's brokers as last imported; null when none were ever stored. */
  siteBrokers(): Promise<BrokerConfig[] | null> {
    return this.worker.call('siteBrokers', null);
  }

  setSiteBrokers(brokers: BrokerConfig[], by: string, now: number): Promise<void> {
    return this.worker.call('setSiteBrokers', { brokers, by, now });
  }

  loadAlarmStates(): Promise<Alarm[]> {
    return this.worker.call('loadAlarmStates', null);
  }

  /**
   * States, removals and journal lines in one transaction, resolved once on disk. A disk that
   * refuses the write (full, read-only) fails the call with UNAVAILABLE and stores nothing of it.
   */
  writeAlarmBatch(batch: AlarmWriteBatch): Promise<void> {
    return this.worker.call('writeAlarmBatch', batch);
  }

  alarmSettings(): Promise<AlarmSettings | null> {
    return this.worker.call('alarmSettings', null);
  }

  /** Stores the settings as a new version (who, when, before, after); see alarmSettingsVersions. */
  async setAlarmSettings(
    settings: AlarmSettings,
    changedBy: string,
    now: number,
    baseVersion?: number,
  ): Promise<void> {
    await this.worker.call('setAlarmSettings', { settings, by: changedBy, now, baseVersion });
  }

  /** The alarm settings' changes, newest first. */
  alarmSettingsVersions(limit: number): Promise<AlarmSettingsVersion[]> {
    return this.worker.call('alarmSettingsVersions', { limit });
  }

  /** Journal lines matching the filter, newest first (by time, then order of writing). */
  queryAlarmJournal(query: JournalQuery): Promise<JournalPage> {
    return this.worker.call('queryAlarmJournal', query);
  }

  /** A page of the journal's CSV export, oldest first (see export/alarmJournalCsv.ts). */
  alarmJournalCsv(query: AlarmCsvPageQuery): Promise<AlarmCsvPage> {
    return this.worker.call('alarmJournalCsv', query);
  }

  /** The ISA-18.2 / EEMUA 191 performance report over [from, to], computed in the worker. */
  alarmKpiReport(from: number, to: number): Promise<AlarmKpiReport> {
    return this.worker.call('alarmKpiReport', { from, to });
  }

  listBindings(): Promise<StoredBinding[]> {
    return this.worker.call('listBindings', null);
  }

  /** Stores a model binding as a new version; refused (CONFLICT) unless made from the stored one. */
  saveBinding(request: SaveBindingRequest): Promise<SaveBindingOutcome> {
    return this.worker.call('saveBinding', request);
  }

  deleteBinding(request: DeleteBindingRequest): Promise<SaveBindingOutcome> {
    return this.worker.call('deleteBinding', request);
  }

  listBindingVersions(id: string, limit: number): Promise<ModelBindingVersion[]> {
    return this.worker.call('listBindingVersions', { id, limit });
  }

  /** The site and station written into sync batch headers; batches are sealed once it is given. */
  setIdentity(identity: { site: string; station: string }): Promise<void> {
    return this.worker.call('syncSetIdentity', identity);
  }

  /** Commits producers' records to the outbox (refused, with the reason, while sync is off). */
  append(records: OutboxRecord[]): Promise<AppendOutcome> {
    return this.worker.call('syncAppend', { records });
  }

  /** Sealed batches to publish, live streams first as asked; payloads are moved, not copied. */
  nextBatches(request: NextBatchesRequest): Promise<SealedBatch[]> {
    return this.worker.call('syncNextBatches', request);
  }

  acknowledge(acks: { stream: SyncStream; seq: number }[]): Promise<void> {
    return this.worker.call('syncAcknowledge', { acks });
  }

  backlog(): Promise<OutboxBacklog> {
    return this.worker.call('syncBacklog', null);
  }

  drop(request: DropBacklogRequest, by: string): Promise<{ batches: number; records: number }> {
    return this.worker.call('syncDrop', { request, by });
  }

  /** How a downward configuration document was handled, or null if it never was (DownDocumentLog). */
  downDocumentSeen(id: string): Promise<ConfigResultRecord['outcome'] | null> {
    return this.worker.call('syncDownSeen', { id });
  }

  rememberDownDocument(entry: {
    id: string;
    outcome: ConfigResultRecord['outcome'];
    atMs: number;
  }): Promise<void> {
    return this.worker.call('syncRememberDown', entry);
  }

  outboxId(): Promise<string> {
    return this.worker.call('syncOutboxId', null);
  }

  syncSettings(): Promise<{ settings: SyncSettings; version: number }> {
    return this.worker.call('syncSettings', null);
  }

  saveSyncSettings(settings: SyncSettings, baseVersion: number, by: string): Promise<SaveSettingsOutcome> {
    return this.worker.call('saveSyncSettings', { settings, baseVersion, by });
  }
}
