import type { Health } from '../../shared/domain.js';
import { ApiError } from '../../shared/errors.js';
import { Quality } from '../../shared/quality.js';
import type { CredentialOutcome } from '../connectivity/siteConnections.js';
import type { DeviceConfigVersion, TagConfigVersion } from '../../shared/tagConfig.js';
import type { CommandService } from '../commands/commandService.js';
import type { Historian } from '../historian/historian.js';
import type { DeviceRegistry } from '../tags/deviceRegistry.js';
import type { TagRegistry } from '../tags/tagRegistry.js';
import type { TagSettings } from '../tags/tagSettings.js';
import { alarmHandlers, type AlarmService } from './alarmHandlers.js';
import { alarmJournalHandlers, type AlarmJournalStore } from './alarmJournalHandlers.js';
import type { Handlers } from './dispatcher.js';
import { mappingHandlers, type MappingService } from './mappingHandlers.js';
import { modelHandlers, type ModelService } from './modelHandlers.js';
import { siteHandlers } from './siteHandlers.js';
import { syncHandlers } from './syncHandlers.js';
import type { SyncControl } from '../sync/ports.js';
import type { SiteConfigService } from '../siteConfig/siteConfigService.js';
import { viewHandlers, type ViewStore } from './viewHandlers.js';

export interface HandlerDeps {
  health(): Health;
  tags: TagRegistry;
  devices: DeviceRegistry;
  historian: Pick<Historian, 'queryRange' | 'queryRanges' | 'aggregates' | 'valueAt' | 'queryEvents'>;
  views: ViewStore;
  mappings: MappingService;
  brokers: { setCredential(broker: string, password: string): Promise<CredentialOutcome> };
  settings: Pick<TagSettings, 'tagConfig' | 'configureTag' | 'configureDevice' | 'versions'>;
  commands: Pick<CommandService, 'prepare' | 'send' | 'list'>;
  site: Pick<SiteConfigService, 'exportConfig' | 'importConfig'>;
  alarms: AlarmService;
  alarmJournal: AlarmJournalStore;
  models: ModelService;
  sync: SyncControl;
}

/** The contract's methods, implemented over the runtime's services. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'system.getHealth': () => deps.health(),
    'system.getCaller': (_params, { caller }) => ({ user: caller.user, roles: [...caller.roles] }),
    'tags.list': () => ({ tags: deps.tags.list() }),
    'devices.list': () => ({ devices: deps.devices.list() }),
    'devices.configure': ({ device, config, baseVersion }, { caller }) =>
      deps.settings.configureDevice({ id: device, config, baseVersion, user: caller.user }),
    'devices.listConfigVersions': async ({ device, limit }) => ({
      device,
      versions: (await deps.settings.versions('device', device, limit)) as DeviceConfigVersion[],
    }),
    'tags.getConfig': ({ tag }) => deps.settings.tagConfig(tag),
    'tags.configure': ({ tag, config, baseVersion }, { caller }) =>
      deps.settings.configureTag({ id: tag, config, baseVersion, user: caller.user }),
    'tags.listConfigVersions': async ({ tag, limit }) => ({
      tag,
      versions: (await deps.settings.versions('tag', tag, limit)) as TagConfigVersion[],
    }),
    'history.queryRange': ({ tag, from, to, maxPoints }) =>
      deps.historian.queryRange({ key: sampledKeyOf(deps.tags, tag), tag, from, to, maxPoints }),
    'history.queryRanges': async ({ tags, from, to, maxPoints }) => {
      const queries = tags.map((tag) => ({ key: sampledKeyOf(deps.tags, tag), tag, from, to, maxPoints }));
      return { results: await deps.historian.queryRanges(queries) };
    },
    'history.queryAggregates': async ({ tags, from, to, interval, aggregates }) => {
      const keys = tags.map((tag) => ({ tag, key: sampledKeyOf(deps.tags, tag) }));
      const series = [];
      // One tag at a time: a long query yields the worker to ingest between tags.
      for (const { tag, key } of keys)
        series.push(await deps.historian.aggregates({ key, tag, from, to, interval, aggregates }));
      return { from, to, interval, series };
    },
    'history.valueAt': async ({ tag, at }) => {
      const last = await deps.historian.valueAt(keyOf(deps.tags, tag), at);
      return last
        ? { tag, at, ts: last.ts, value: last.value, quality: last.quality }
        : { tag, at, ts: null, value: null, quality: Quality.BadWaitingForInitialData };
    },
    'history.queryEvents': ({ tag, from, to, limit, order }) => {
      const state = deps.tags.get(tag);
      if (!state) throw new ApiError('NOT_FOUND', `unknown tag: ${tag}`);
      if (state.dataType !== 'string') {
        throw new ApiError(
          'BAD_REQUEST',
          `${tag} is a ${state.dataType} tag: events are kept for string tags; use history.queryRange`,
        );
      }
      return deps.historian.queryEvents({ key: state.key, tag, from, to, limit, order });
    },
    'live.subscribe': ({ tags }, { session }) => ({ subscribed: session.subscribe(tags) }),
    ...viewHandlers(deps.views),
    'commands.prepare': ({ tag, value }, { caller }) => deps.commands.prepare(tag, value, caller.user),
    'commands.send': ({ token }, { caller }) => deps.commands.send(token, caller.user),
    'commands.list': async ({ limit }) => ({ commands: await deps.commands.list(limit) }),
    ...mappingHandlers(deps.mappings),
    ...siteHandlers(deps.site),
    ...alarmHandlers(deps.alarms),
    ...alarmJournalHandlers(deps.alarmJournal),
    ...modelHandlers(deps.models),
    ...syncHandlers(deps.sync),
    'brokers.setCredential': async ({ broker, password }) => {
      const outcome = await deps.brokers.setCredential(broker, password);
      if (!outcome.ok) throw new ApiError(outcome.code, outcome.message);
      return { broker, secret: outcome.secret, protection: outcome.protection };
    },
  };
}

function keyOf(tags: TagRegistry, id: string): number {
  const state = tags.get(id);
  if (!state) throw new ApiError('NOT_FOUND', `unknown tag: ${id}`);
  return state.key;
}

/** A tag with samples to chart or aggregate: a string tag has events instead, and says so. */
function sampledKeyOf(tags: TagRegistry, id: string): number {
  const key = keyOf(tags, id);
  if (tags.get(id)?.dataType === 'string') {
    throw new ApiError('BAD_REQUEST', `${id} is a string tag: its texts are events; use history.queryEvents`);
  }
  return key;
}
