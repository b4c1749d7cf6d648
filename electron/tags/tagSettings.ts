import type { AlarmDefinition } from '../../shared/alarmDefinitions.js';
import type { JsonCommandDef } from '../../shared/commands.js';
import type { DeviceConfig } from '../../shared/deviceConfig.js';
import type { Device, TagMeta } from '../../shared/domain.js';
import { ApiError } from '../../shared/errors.js';
import type { StorageCompression } from '../../shared/storageCompression.js';
import type { TagConfig } from '../../shared/tagConfig.js';
import type {
  ConfigKind,
  ConfigVersionRow,
  ItemConfig,
  SaveItemConfigOutcome,
  SaveItemConfigRequest,
} from '../config/types.js';
import { alarmDefinitionProblems, unknownReferences } from '../alarms/definitionChecks.js';
import type { DeviceRegistry } from './deviceRegistry.js';
import type { TagRegistry } from './tagRegistry.js';

export interface ItemConfigStore {
  listItemConfigs(kind: ConfigKind): Promise<ItemConfig[]>;
  saveItemConfig(request: SaveItemConfigRequest): Promise<SaveItemConfigOutcome>;
  saveItemConfigs(requests: SaveItemConfigRequest[]): Promise<SaveItemConfigOutcome[]>;
  listItemConfigVersions(kind: ConfigKind, id: string, limit: number): Promise<ConfigVersionRow[]>;
}

export interface TagSettingsDeps {
  store: ItemConfigStore;
  tags: TagRegistry;
  devices: DeviceRegistry;
  /** Where a tag's storage deadband takes effect (the historian's archive compression). */
  compression: { setTagCompression(id: string, setting: StorageCompression | null): Promise<void> };
  onDevicesChanged(devices: Device[]): void;
  /** A tag's configuration took effect (its alarm definitions among it). */
  onTagConfigured?(id: string): void;
  now?: () => number;
}

export interface ConfigureRequest<C> {
  id: string;
  config: C;
  baseVersion: number;
  user: string;
}

/** Imported configurations applied between two turns of the event loop. */
const IMPORT_SLICE = 200;

/**
 * Fields that mean something for numbers only: a text or a state has no range. Alarms are
 * checked kind by kind (alarms/definitionChecks.ts): discrete and bad-quality apply to any tag.
 */
const NUMERIC_ONLY = ['engRange', 'decimals', 'storageDeadband'] as const;

/**
 * Engineers' configuration of tags and devices: loaded from config.db at start and laid over
 * what the devices describe, and changed through the API with every change stored as a version
 * before it takes effect. Nothing restarts: the tag registry announces the new metadata to every
 * client, the device registry uses the new timeout at its next sweep, and the historian archives
 * with the new deadband from the next sample.
 */
export class TagSettings {
  private readonly tagVersions = new Map<string, number>();
  private readonly tagConfigs = new Map<string, TagConfig>();
  private readonly now: () => number;

  constructor(private readonly deps: TagSettingsDeps) {
    this.now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    for (const { id, version, config } of await this.deps.store.listItemConfigs('tag')) {
      await this.applyTag(id, config as TagConfig, version);
    }
    for (const { id, version, config } of await this.deps.store.listItemConfigs('device')) {
      this.deps.devices.configure(id, config as DeviceConfig, version);
    }
  }

  stop(): void {}

  tagConfig(id: string): { tag: string; version: number; config: TagConfig; discovered: TagMeta } {
    const discovered = this.deps.tags.discoveredMeta(id);
    if (!discovered) throw new ApiError('NOT_FOUND', `unknown tag: ${id}`);
    return {
      tag: id,
      version: this.tagVersions.get(id) ?? 0,
      config: this.tagConfigs.get(id) ?? {},
      discovered,
    };
  }

  /** A tag's configured alarms; undefined when none are configured (its device's limits apply). */
  alarmDefinitions(id: string): AlarmDefinition[] | undefined {
    return this.tagConfigs.get(id)?.alarms;
  }

  /** A JSON tag's command definition, as configured (commands read it when a write is prepared). */
  commandDef(id: string): JsonCommandDef | undefined {
    return this.tagConfigs.get(id)?.command;
  }

  async configureTag({
    id,
    config,
    baseVersion,
    user,
  }: ConfigureRequest<TagConfig>): Promise<{ tag: TagMeta; version: number }> {
    const tag = this.deps.tags.get(id);
    if (!tag) throw new ApiError('NOT_FOUND', `unknown tag: ${id}`);
    if (tag.dataType !== 'number') {
      const refused = NUMERIC_ONLY.filter((field) => config[field] !== undefined);
      if (refused.length > 0)
        throw new ApiError(
          'BAD_REQUEST',
          `${id} is a ${tag.dataType} tag: ${refused.join(', ')} apply to number tags only`,
        );
    }
    this.checkAlarms(id, tag.dataType, config);
    if (config.command !== undefined && this.deps.devices.get(tag.device)?.protocol === 'sparkplug')
      throw new ApiError(
        'BAD_REQUEST',
        `${id} is a Sparkplug metric: it is written by NCMD/DCMD from its birth and takes no command definition`,
      );
    const version = await this.save('tag', id, config, baseVersion, user);
    return { tag: (await this.applyTag(id, config, version))!, version };
  }

  async configureDevice({
    id,
    config,
    baseVersion,
    user,
  }: ConfigureRequest<DeviceConfig>): Promise<{ device: Device; version: number }> {
    if (!this.deps.devices.has(id)) throw new ApiError('NOT_FOUND', `unknown device: ${id}`);
    const version = await this.save('device', id, config, baseVersion, user);
    const device = this.deps.devices.configure(id, config, version)!;
    this.deps.onDevicesChanged([device]);
    return { device, version };
  }

  /** What is configured in config.db, tags or devices, seen or not. */
  configured(kind: ConfigKind): Promise<ItemConfig[]> {
    return this.deps.store.listItemConfigs(kind);
  }

  /**
   * Configurations from a site file, saved as new versions in one transaction (none for one that
   * reads as stored) and in force at once; a tag or device not seen yet gets its configuration
   * when it appears. Items the file does not name are left as they are.
   */
  async importConfigs(
    kind: ConfigKind,
    items: readonly { id: string; config: TagConfig | DeviceConfig }[],
    user: string,
  ): Promise<{ configured: number; unchanged: number }> {
    const stored = new Map((await this.configured(kind)).map((item) => [item.id, item]));
    const changed = items.filter((item) => !sameConfig(stored.get(item.id)?.config, item.config));
    const now = this.now();
    const outcomes = await this.deps.store.saveItemConfigs(
      changed.map(({ id, config }) => ({
        kind,
        id,
        config,
        baseVersion: stored.get(id)?.version ?? 0,
        changedBy: user,
        now,
      })),
    );
    const devices: Device[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome.ok) throw new ApiError(outcome.code, outcome.message);
      // A site file may configure many thousands of tags: let the window be answered between slices.
      if (index % IMPORT_SLICE === IMPORT_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
      const { id, config } = changed[index]!;
      if (kind === 'tag') await this.applyTag(id, config as TagConfig, outcome.version);
      else {
        const device = this.deps.devices.configure(id, config as DeviceConfig, outcome.version);
        if (device) devices.push(device);
      }
    }
    if (devices.length > 0) this.deps.onDevicesChanged(devices);
    return { configured: changed.length, unchanged: items.length - changed.length };
  }

  versions(kind: ConfigKind, id: string, limit: number): Promise<ConfigVersionRow[]> {
    return this.deps.store.listItemConfigVersions(kind, id, limit);
  }

  private async save(
    kind: ConfigKind,
    id: string,
    config: TagConfig | DeviceConfig,
    baseVersion: number,
    user: string,
  ): Promise<number> {
    const outcome = await this.deps.store.saveItemConfig({
      kind,
      id,
      config,
      baseVersion,
      changedBy: user,
      now: this.now(),
    });
    if (!outcome.ok) throw new ApiError(outcome.code, outcome.message);
    return outcome.version;
  }

  /** Alarm definitions that could not work here are refused, every problem named. */
  private checkAlarms(id: string, dataType: TagMeta['dataType'], config: TagConfig): void {
    const discovered = this.deps.tags.discoveredMeta(id);
    const range =
      config.engRange ??
      (discovered && discovered.engLow !== null && discovered.engHigh !== null
        ? { low: discovered.engLow, high: discovered.engHigh }
        : undefined);
    const problems = [
      ...alarmDefinitionProblems(id, config.alarms, { dataType, engRange: range }),
      ...unknownReferences(id, config.alarms, (ref) => this.deps.tags.get(ref) !== undefined),
    ];
    if (problems.length > 0) throw new ApiError('BAD_REQUEST', problems.join('; '));
  }

  /** Lays a stored configuration over its tag and hands its deadband to the historian. */
  private async applyTag(id: string, config: TagConfig, version: number): Promise<TagMeta | undefined> {
    const deadbandBefore = this.tagConfigs.get(id)?.storageDeadband;
    this.tagConfigs.set(id, config);
    this.tagVersions.set(id, version);
    const meta = this.deps.tags.configure(id, config);
    this.deps.onTagConfigured?.(id);
    if (config.storageDeadband !== deadbandBefore) {
      const deviation = config.storageDeadband;
      await this.deps.compression.setTagCompression(
        id,
        deviation === undefined ? null : { mode: 'deadband', deviation },
      );
    }
    return meta;
  }
}

/** Both parsed with the same schema, so their keys come in the same order. */
export function sameConfig(
  stored: TagConfig | DeviceConfig | undefined,
  next: TagConfig | DeviceConfig,
): boolean {
  return stored !== undefined && JSON.stringify(stored) === JSON.stringify(next);
}
