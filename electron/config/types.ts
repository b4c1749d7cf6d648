import type { Alarm, AlarmKpiReport, AlarmSettings } from '../../shared/alarms.js';
import type { CommandOutcome, CommandRecord } from '../../shared/commands.js';
import type { AlarmWriteBatch } from '../alarms/ports.js';
import type { AlarmCsvPage, AlarmCsvPageQuery } from '../export/alarmJournalCsv.js';
import type { JournalPage, JournalQuery } from './alarmJournalTable.js';
import type { AlarmSettingsVersion } from './alarmSettingsTable.js';
import type {
  MappingRule,
  MappingRuleDraft,
  MappingRuleEntry,
  UnmatchedFallback,
} from '../../shared/jsonMapping.js';
import type { ModelBinding, ModelBindingVersion } from '../../shared/modelBindings.js';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import type { DeviceConfig } from '../../shared/deviceConfig.js';
import type { TagConfig } from '../../shared/tagConfig.js';
import type { TrendView, TrendViewDraft } from '../../shared/trendViews.js';
import type { ConfigResultRecord, DropBacklogRequest, SyncSettings } from '../../shared/sync.js';
import type {
  AppendOutcome,
  OutboxBacklog,
  OutboxRecord,
  SaveSettingsOutcome,
  SealedBatch,
} from '../sync/ports.js';
import type { NextBatchesRequest } from './syncOutbox.js';

/** A failure the operator caused and can fix: a value, not an exception (STYLE.md rule 8). */
export interface ConfigRefusal {
  ok: false;
  code: 'NOT_FOUND' | 'CONFLICT';
  message: string;
}

export type SaveViewOutcome = { ok: true; view: TrendView } | ConfigRefusal;
export type DeleteViewOutcome = { ok: true; id: string } | ConfigRefusal;

export interface SaveViewRequest {
  draft: TrendViewDraft;
  savedBy: string;
  now: number;
}

export interface StoredMappings {
  rules: MappingRule[];
  fallback: UnmatchedFallback;
}

export interface SaveMappingRequest {
  draft: MappingRuleDraft;
  /** Where in the order of rules it goes (0: tried first); absent: where it was, or last. */
  position?: number;
  savedBy: string;
  now: number;
}

/** A site file's rules and fallback, replacing what is stored. */
export interface ReplaceMappingsRequest {
  rules: MappingRuleEntry[];
  fallback: UnmatchedFallback;
  savedBy: string;
  now: number;
}

export type SaveMappingOutcome = { ok: true; rule: MappingRule } | ConfigRefusal;
export type DeleteMappingOutcome = { ok: true; id: string } | ConfigRefusal;
/** What engineers configure: tags and devices, kept apart by `kind`. */
export type ConfigKind = 'tag' | 'device';
export type AnyItemConfig = TagConfig | DeviceConfig;

/** A tag's or device's configuration in force, with its version (1 for the first save). */
export interface ItemConfig<C extends AnyItemConfig = AnyItemConfig> {
  id: string;
  version: number;
  config: C;
}

export interface SaveItemConfigRequest {
  kind: ConfigKind;
  id: string;
  config: AnyItemConfig;
  /** The version the edit was made from (0: never configured). */
  baseVersion: number;
  changedBy: string;
  now: number;
}

export type SaveItemConfigOutcome =
  { ok: true; version: number; config: AnyItemConfig } | { ok: false; code: 'CONFLICT'; message: string };

export interface ConfigVersionRow<C extends AnyItemConfig = AnyItemConfig> {
  version: number;
  changedMs: number;
  changedBy: string;
  before: C | null;
  after: C;
}

/** A journal record before it has an id. */
export type NewCommandRecord = Omit<CommandRecord, 'id'>;

export interface CommandOutcomeUpdate {
  id: number;
  outcome: CommandOutcome;
  outcomeAt: number;
  detail: string;
}

/** A model binding as stored, with its version (1 for the first save). */
export interface StoredBinding {
  version: number;
  binding: ModelBinding;
}

export interface SaveBindingRequest {
  binding: ModelBinding;
  /** The version the edit was made from (0: not stored). */
  baseVersion: number;
  changedBy: string;
  now: number;
}

export interface DeleteBindingRequest {
  id: string;
  baseVersion: number;
  changedBy: string;
  now: number;
}

/** The version now in force (0 after a deletion), or why not. */
export type SaveBindingOutcome = { ok: true; version: number } | ConfigRefusal;

/** What config.worker.ts answers; the facade (configDb.ts) calls it. */
export interface ConfigWorkerApi {
  [method: string]: (args: never) => unknown;
  listViews(args: null): TrendView[];
  saveView(args: SaveViewRequest): SaveViewOutcome;
  deleteView(args: { id: string }): DeleteViewOutcome;
  listMappings(args: null): StoredMappings;
  seedShippedMappings(args: { rules: MappingRule[] }): StoredMappings;
  saveMapping(args: SaveMappingRequest): SaveMappingOutcome;
  deleteMapping(args: { id: string }): DeleteMappingOutcome;
  setMappingFallback(args: { fallback: UnmatchedFallback }): UnmatchedFallback;
  listItemConfigs(args: { kind: ConfigKind }): ItemConfig[];
  saveItemConfig(args: SaveItemConfigRequest): SaveItemConfigOutcome;
  listItemConfigVersions(args: { kind: ConfigKind; id: string; limit: number }): ConfigVersionRow[];
  addCommand(args: NewCommandRecord): CommandRecord;
  setCommandOutcome(args: CommandOutcomeUpdate): CommandRecord | null;
  listCommands(args: { limit: number }): CommandRecord[];
  replaceMappings(args: ReplaceMappingsRequest): StoredMappings;
  saveItemConfigs(args: { requests: SaveItemConfigRequest[] }): SaveItemConfigOutcome[];
  siteBrokers(args: null): BrokerConfig[] | null;
  setSiteBrokers(args: { brokers: BrokerConfig[]; by: string; now: number }): void;
  loadAlarmStates(args: null): Alarm[];
  writeAlarmBatch(args: AlarmWriteBatch): void;
  alarmSettings(args: null): AlarmSettings | null;
  setAlarmSettings(args: {
    settings: AlarmSettings;
    by: string;
    now: number;
    baseVersion: number | undefined;
  }): AlarmSettingsVersion;
  alarmSettingsVersions(args: { limit: number }): AlarmSettingsVersion[];
  queryAlarmJournal(args: JournalQuery): JournalPage;
  alarmJournalCsv(args: AlarmCsvPageQuery): AlarmCsvPage;
  alarmKpiReport(args: { from: number; to: number }): AlarmKpiReport;
  listBindings(args: null): StoredBinding[];
  saveBinding(args: SaveBindingRequest): SaveBindingOutcome;
  deleteBinding(args: DeleteBindingRequest): SaveBindingOutcome;
  listBindingVersions(args: { id: string; limit: number }): ModelBindingVersion[];
  syncSetIdentity(args: { site: string; station: string }): void;
  syncAppend(args: { records: OutboxRecord[] }): AppendOutcome;
  syncNextBatches(args: NextBatchesRequest): SealedBatch[];
  syncAcknowledge(args: { acks: { stream: SealedBatch['stream']; seq: number }[] }): void;
  syncBacklog(args: null): OutboxBacklog;
  syncDrop(args: { request: DropBacklogRequest; by: string }): { batches: number; records: number };
  syncOutboxId(args: null): string;
  syncDownSeen(args: { id: string }): ConfigResultRecord['outcome'] | null;
  syncRememberDown(args: { id: string; outcome: ConfigResultRecord['outcome']; atMs: number }): void;
  syncSettings(args: null): { settings: SyncSettings; version: number };
  saveSyncSettings(args: { settings: SyncSettings; baseVersion: number; by: string }): SaveSettingsOutcome;
}
