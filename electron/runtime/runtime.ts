import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Health } from '../../shared/domain.js';
import { AlarmEngine } from '../alarms/alarmEngine.js';
import { AlarmSync } from '../alarms/sync/alarmSync.js';
import { createDispatcher, type Dispatch } from '../api/dispatcher.js';
import { createHandlers } from '../api/handlers.js';
import { withCloudCredential } from '../api/cloudCredential.js';
import { pushSyncStatus } from '../api/syncHandlers.js';
import { EmbeddedBroker } from '../broker/embeddedBroker.js';
import { CommandService, type CommandLinks } from '../commands/commandService.js';
import { ConfigDb } from '../config/configDb.js';
import { InputErrors } from '../connectivity/inputErrors.js';
import { JsonMappings } from '../connectivity/json/jsonMappings.js';
import { shippedRules } from '../connectivity/json/shippedRules.js';
import { SiteConnections } from '../connectivity/siteConnections.js';
import { CredentialFile } from '../credentials/credentialFile.js';
import type { CredentialStore } from '../credentials/credentialStore.js';
import { Historian } from '../historian/historian.js';
import { Inference } from '../inference/inference.js';
import { demoPlantBindings } from '../inference/shipped/demoBindings.js';
import { Ingest } from '../ingest/ingest.js';
import { LiveHub } from '../live/liveHub.js';
import type { Logger } from '../platform/logger.js';
import type { ProcessLauncher } from '../platform/processLauncher.js';
import { createPlant } from '../simulator/plantModel.js';
import { DemoPlantSimulator } from '../simulator/simulator.js';
import { DeviceRegistry } from '../tags/deviceRegistry.js';
import { TagRegistry } from '../tags/tagRegistry.js';
import { TagSettings } from '../tags/tagSettings.js';
import { SiteConfigService } from '../siteConfig/siteConfigService.js';
import { heartbeatOf } from '../sync/heartbeat.js';
import { SyncProducers } from '../sync/producers/syncProducers.js';
import { DownConfig } from '../sync/down/downConfig.js';
import { SyncService } from '../sync/syncService.js';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import {
  EMBEDDED_BROKER_ID,
  RuntimeConfigSchema,
  shorthandBroker,
  siteBrokers,
  stationIdOf,
  type RuntimeConfigInput,
  type RuntimeConfig,
} from './config.js';
import { composeHealth } from './health.js';
import { appVersion } from './version.js';

interface Service {
  name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

const HEALTH_PUSH_MS = 2_000;

export interface RuntimeServices {
  /** Where broker passwords are kept; default: `<dataDir>/credentials.json` (plain text, 0600). */
  credentials?: CredentialStore;
  /** How the inference process starts: `child_process.fork` unless the Electron shell passes `utilityProcess`. */
  processLauncher?: ProcessLauncher;
}

/**
 * The one object that owns every service: it builds and wires them, starts them in order and
 * stops them in reverse. Transports (HTTP/WebSocket, Electron IPC) reach the services only
 * through `dispatch` and `live`, plus the historian for streamed exports.
 */
export class Runtime {
  readonly config: RuntimeConfig;
  readonly historian: Historian;
  readonly configDb: ConfigDb;
  readonly tags: TagRegistry;
  readonly devices: DeviceRegistry;
  private readonly settings: TagSettings;
  private readonly commands: CommandService;
  /** This station's name in alarm journal lines and to the site's other stations. */
  readonly station: string;
  readonly alarms: AlarmEngine;
  /** Operator actions shared with the site's other stations through the first site broker. */
  private readonly alarmSync: AlarmSync;
  /** The broker alarm sync publishes on: the first site broker, or the embedded one. */
  private syncBroker = EMBEDDED_BROKER_ID;
  readonly live: LiveHub;
  readonly dispatch: Dispatch;
  private readonly errors: InputErrors;
  private readonly ingest: Ingest;
  private readonly inference: Inference;
  private readonly jsonMappings: JsonMappings;
  private readonly site: SiteConfigService;
  /** Cloud sync: the outbox's drain to the cloud broker, its settings and status. */
  readonly sync: SyncService;
  /** Cloud sync's records of plant data: rollups, raw samples, model outputs, device changes. */
  private readonly syncProducers: SyncProducers;
  /** Site configuration documents from the cloud: checked, applied, answered on the `config` stream. */
  private readonly down: DownConfig;
  private embeddedBroker: EmbeddedBroker | null = null;
  /** The brokers the links use, as configured; empty: the embedded broker (chosen at start). */
  private brokers: BrokerConfig[] = [];
  private demoRunning = false;
  private connections: SiteConnections | null = null;
  private readonly credentials: CredentialStore;
  private readonly started: Service[] = [];
  private readonly startedAt = Date.now();
  private readonly version = appVersion();
  private healthTimer: NodeJS.Timeout | null = null;

  constructor(
    config: RuntimeConfigInput,
    private readonly log: Logger,
    services: RuntimeServices = {},
  ) {
    this.config = RuntimeConfigSchema.parse(config);
    this.errors = new InputErrors(log.child('ingest'));
    this.credentials =
      services.credentials ??
      new CredentialFile({
        path: join(this.config.dataDir, 'credentials.json'),
        protection: 'plain-text file, mode 0600 (no OS keyring under serve)',
      });
    this.historian = new Historian({
      path: join(this.config.dataDir, 'historian.db'),
      sqliteBinding: this.config.sqliteBinding,
      maxBytes: this.config.historian.maxBytes ?? undefined,
      retention: this.config.historian,
      log: log.child('historian'),
      onStateChange: () => this.pushHealth(),
    });
    this.configDb = new ConfigDb({
      path: join(this.config.dataDir, 'config.db'),
      sqliteBinding: this.config.sqliteBinding,
      log: log.child('config'),
    });
    this.jsonMappings = new JsonMappings({
      store: this.configDb,
      errors: this.errors,
      log: log.child('mappings'),
      shipped: () => shippedRules(this.config.jsonPrefix),
    });
    this.jsonMappings.onTopicFiltersChanged((filters) => this.connections?.setJsonTopicFilters(filters));
    this.live = new LiveHub((id) => this.tags.value(id));
    this.devices = new DeviceRegistry({ siteStaleAfterMs: this.config.staleAfterMs });
    this.tags = new TagRegistry(this.historian, (tags) => {
      this.live.broadcast('onTagsDiscovered', { tags });
      this.alarms.tagsChanged(tags.map((tag) => tag.id));
    });
    this.syncProducers = new SyncProducers({
      outbox: this.configDb,
      tagDevice: (id) => this.tags.get(id)?.device,
      log: log.child('sync-producers'),
    });
    this.ingest = new Ingest({
      tags: this.tags,
      devices: this.devices,
      errors: this.errors,
      historian: this.historian,
      alarms: { observe: (id, value, quality, ts) => this.alarms.observe(id, value, quality, ts) },
      sync: this.syncProducers,
      onValueChanged: (id) => {
        this.live.markChanged(id);
        this.commands.observe(id);
        this.inference.observe(id);
      },
      onDevicesChanged: (devices) => {
        this.live.broadcast('onDevices', { devices });
        this.syncProducers.devicesChanged(devices);
        // A tag is described before its device is first seen: its alarms learn their area now.
        this.alarms.tagsChanged(devices.flatMap((device) => this.devices.tagIds(device.id)));
      },
    });
    this.inference = new Inference({
      dataDir: this.config.dataDir,
      store: this.configDb,
      ingest: this.ingest,
      tags: this.tags,
      history: this.historian,
      demoBindings: () => (this.demoRunning ? demoPlantBindings(this.demoDevices()) : []),
      log: log.child('inference'),
      runTimeoutMs: this.config.inference.runTimeoutMs,
      runtimeModule: this.config.inference.runtimeModule,
      ...(services.processLauncher ? { launcher: services.processLauncher } : {}),
      onChange: () => this.pushHealth(),
    });
    this.settings = new TagSettings({
      store: this.configDb,
      tags: this.tags,
      devices: this.devices,
      compression: this.historian,
      onDevicesChanged: (devices) => {
        this.live.broadcast('onDevices', { devices });
        // A device's configured area is its alarms' area, also for devices not seen since start.
        const ids = new Set(devices.map((device) => device.id));
        this.alarms.tagsChanged(this.tags.list().flatMap((tag) => (ids.has(tag.device) ? [tag.id] : [])));
      },
      onTagConfigured: (id) => this.alarms.tagsChanged([id]),
    });
    this.station = stationIdOf(this.config);
    this.alarmSync = new AlarmSync({
      site: this.config.siteId,
      station: this.station,
      transport: {
        publish: (topic, payload, options) =>
          this.connections?.publish(this.syncBroker, topic, payload, options) ??
          Promise.resolve({ ok: false, code: 'LINK_DOWN', message: 'broker links are not started yet' }),
      },
      alarm: (id) => this.alarms.get(id),
      errors: this.errors,
      log: log.child('alarm-sync'),
    });
    this.alarms = new AlarmEngine({
      store: this.configDb,
      station: this.station,
      sync: this.alarmSync,
      log: log.child('alarms'),
      tags: {
        list: () => this.tags.list(),
        meta: (id) => this.tags.get(id),
        configuredAlarms: (id) => this.settings.alarmDefinitions(id),
        area: (id) => this.devices.get(this.tags.get(id)?.device ?? '')?.area ?? '',
        currentValue: (id) => this.tags.value(id),
      },
    });
    this.alarms.subscribe((push) => {
      this.live.broadcast('onAlarms', push);
      // An alarm changed: its journal line is (about to be) in the outbox's live lane.
      this.sync.nudge();
    });
    this.commands = new CommandService({
      sources: {
        tag: (id) => this.tags.get(id),
        device: (id) => this.devices.get(id),
        commandDef: (id) => this.settings.commandDef(id),
        sparkplugMetric: (broker, node, device, name) =>
          this.connections?.sparkplugMetric(broker, node, device, name) ?? {
            ok: false,
            reason: 'broker links are not started yet',
          },
      },
      links: this.commandLinks(),
      journal: this.configDb,
      currentValue: (id) => this.tags.value(id),
      onRecord: (record) => {
        this.live.broadcast('onCommand', record);
        this.sync.nudge();
      },
      log: log.child('commands'),
    });
    this.sync = new SyncService({
      outbox: this.configDb,
      credentials: this.credentials,
      site: this.config.siteId,
      station: this.station,
      version: this.version,
      startedAt: this.startedAt,
      health: () => {
        const brief = heartbeatOf(this.health());
        return { ...brief, figures: { ...brief.figures, ...this.syncProducers.figures() } };
      },
      ingest: this.ingest,
      given: this.config.cloud
        ? { settings: this.config.cloud, by: `${this.config.localUser} (--cloud)` }
        : null,
      onSettings: (settings) => this.syncProducers.applySettings(settings),
      downward: (topic, payload) => void this.down.handle(topic, payload),
      log: log.child('sync'),
    });
    this.site = new SiteConfigService({
      brokers: { configured: () => this.brokers, replace: (brokers, by) => this.replaceBrokers(brokers, by) },
      mappings: this.jsonMappings,
      settings: this.settings,
      models: {
        stored: () => this.inference.stored(),
        hasFile: (file) => this.inference.hasFile(file),
        apply: (changes, by) => this.inference.importChanges(changes, by),
      },
      tag: (id) => this.tags.get(id),
      log: log.child('site-config'),
    });
    this.down = new DownConfig({
      site: this.site,
      history: this.configDb,
      documents: this.configDb,
      outbox: this.configDb,
      acceptConfig: async () => (await this.configDb.syncSettings()).settings.acceptConfig,
      errors: this.errors,
      log: log.child('sync-down'),
      onResult: () => this.sync.nudge(),
    });
    this.dispatch = createDispatcher(
      createHandlers({
        health: () => this.health(),
        tags: this.tags,
        devices: this.devices,
        historian: this.historian,
        views: this.configDb,
        mappings: this.jsonMappings,
        brokers: {
          // One path for every broker password, the cloud broker's included.
          setCredential: withCloudCredential(
            (broker, password) =>
              this.connections?.setCredential(broker, password) ??
              Promise.resolve({
                ok: false,
                code: 'UNAVAILABLE',
                message: 'broker links are not started yet',
              }),
            { sync: this.sync, credentials: this.credentials, log: log.child('sync') },
          ),
        },
        settings: this.settings,
        commands: this.commands,
        site: this.site,
        alarms: this.alarms,
        alarmJournal: this.configDb,
        models: this.inference,
        sync: this.sync,
      }),
      log.child('api'),
    );
  }

  /** The first site broker (the demo plant publishes there): the configured one, or the embedded one once started. */
  get brokerUrl(): string {
    return this.brokers[0]?.url ?? this.embeddedBroker?.url ?? '';
  }

  /** The brokers the links use, as configured; empty on the embedded broker. */
  get configuredBrokers(): readonly BrokerConfig[] {
    return this.brokers;
  }

  /** Whether the links read the embedded broker (no site broker configured anywhere). */
  get embedded(): boolean {
    return this.embeddedBroker !== null && this.brokers.length === 0;
  }

  /** Broker links: publish on one, read their state. Null before start. */
  get links(): SiteConnections | null {
    return this.connections;
  }

  async start(): Promise<void> {
    mkdirSync(this.config.dataDir, { recursive: true });
    const steps: Service[] = [];
    steps.push(
      // Each opens its own file in its own worker: no reason to wait for one before the other.
      together(named('config store', this.configDb), named('historian', this.historian)),
      named('tag registry', { start: () => this.tags.start(), stop: () => {} }),
      named('JSON mappings', this.jsonMappings),
      named('tag and device settings', this.settings),
      named('site configuration', this.site),
    );
    if (this.config.siteConfig) {
      const file = this.config.siteConfig;
      steps.push({ name: 'site configuration file', start: () => this.importAtStart(file), stop: () => {} });
    }
    // After the tags and their configuration are known, before any sample can arrive.
    steps.push(named('alarms', this.alarms), named('alarm sync', this.alarmSync));
    steps.push({
      name: 'site brokers',
      start: async () => {
        await this.chooseBrokers();
        this.demoRunning = this.config.demo ?? this.embedded;
      },
      stop: () => this.embeddedBroker?.stop(),
    });
    steps.push(
      named('live pushes', this.live),
      named('commands', this.commands),
      // Before ingest, so the first samples are rolled up; stopped after it, appending what is open.
      named('cloud sync producers', this.syncProducers),
      named('ingest', this.ingest),
      named('inference', this.inference),
    );
    steps.push({
      name: 'broker links',
      start: () => this.startConnections(),
      stop: () => this.connections?.stop(),
    });
    // Stopped after the link: a document already taken is finished before config.db closes.
    steps.push({ name: 'downward configuration', start: () => {}, stop: () => this.down.stop() });
    // After ingest (the outbox fill tag) and the journals; stopped before them and the config store.
    steps.push(named('cloud sync', this.sync));
    let stopSyncPushes = () => {};
    steps.push({
      name: 'cloud sync pushes',
      start: () => {
        stopSyncPushes = pushSyncStatus(this.sync, (status) => this.live.broadcast('onSync', status));
      },
      stop: () => stopSyncPushes(),
    });
    steps.push({ name: 'demo plant', ...this.demoPlant() });
    // Stopped first: a station shutting down is not the plant going silent (AlarmEngine.pauseJudging).
    steps.push({
      name: 'alarm evaluation',
      start: () => this.alarms.resumeJudging(),
      stop: () => this.alarms.pauseJudging(),
    });
    for (const service of steps) {
      try {
        await service.start();
      } catch (error) {
        // What did start stops again, so a failed start leaves no worker or socket behind.
        await this.stop();
        throw error;
      }
      this.started.push(service);
      this.log.debug(`started ${service.name}`);
    }
    this.healthTimer = setInterval(() => this.pushHealth(), HEALTH_PUSH_MS);
  }

  /** Stops services in reverse order of start; the historian flushes what it holds. */
  async stop(): Promise<void> {
    if (this.healthTimer) clearInterval(this.healthTimer);
    while (this.started.length > 0) {
      const service = this.started.pop()!;
      try {
        await service.stop();
        this.log.debug(`stopped ${service.name}`);
      } catch (error) {
        this.log.error(`stopping ${service.name} failed: ${(error as Error).message}`);
      }
    }
  }

  health(): Health {
    return composeHealth({
      version: this.version,
      startedAt: this.startedAt,
      demo: this.demoRunning,
      links: () => this.connections?.health() ?? [],
      historian: () => this.historian.stats(),
      ingest: () => ({
        messages: this.connections?.messageCount ?? 0,
        samples: this.ingest.sampleCount,
        ...this.errors.snapshot(),
      }),
      inference: () => this.inference.health(),
      sync: () => this.sync.lastStatus(),
    });
  }

  /** `--config`: applied through the same path as an API import, before any link starts. */
  private async importAtStart(file: NonNullable<RuntimeConfig['siteConfig']>): Promise<void> {
    const outcome = await this.site.importConfig(file, false, `${this.config.localUser} (--config)`);
    if (!outcome.ok) throw new SiteConfigRefused(outcome.problems);
    // Not refusals (a model file still to be copied in): said once, where the operator looks.
    for (const warning of outcome.warnings ?? []) this.log.warn(`site configuration: ${warning}`);
  }

  /** Brokers given to this run win, else those stored by the last import, else the embedded one. */
  private async chooseBrokers(): Promise<void> {
    const given = siteBrokers(this.config);
    this.brokers = given.length > 0 ? given : ((await this.configDb.siteBrokers()) ?? []);
    if (this.brokers.length > 0) return;
    this.embeddedBroker = new EmbeddedBroker(this.log.child('broker'), this.config.embeddedBrokerPort);
    await this.embeddedBroker.start();
  }

  /**
   * An import brought other brokers: stored first (the next start uses them unless the command
   * line names others), then the links swapped without a restart. Stopping a link reports it
   * lost, so the devices that spoke through a removed broker turn stale as on any link loss.
   */
  private async replaceBrokers(brokers: BrokerConfig[], by: string): Promise<void> {
    await this.configDb.setSiteBrokers(brokers, by, Date.now());
    if (!this.connections) return;
    await this.connections.stop();
    this.brokers = brokers;
    await this.startConnections();
    this.pushHealth();
  }

  private startConnections(): Promise<void> {
    const configured = this.brokers.map((config) => ({ config, embedded: false }));
    const brokers =
      configured.length > 0
        ? configured
        : [
            {
              config: shorthandBroker(
                EMBEDDED_BROKER_ID,
                'Embedded broker',
                this.brokerUrl,
                this.config.clientId,
              ),
              embedded: true,
            },
          ];
    // Alarm sync shares the first site broker: the stations of one site all have it.
    this.syncBroker = brokers[0]!.config.id;
    this.connections = new SiteConnections({
      brokers,
      json: this.jsonMappings,
      credentials: this.credentials,
      log: this.log.child('site'),
      errors: this.errors,
      sink: this.ingest,
      onChange: () => this.pushHealth(),
      onRebirthRequested: (node) => this.devices.rebirthRequested(node),
    });
    this.connections.setTopicRoutes(this.syncBroker, [this.alarmSync.route]);
    return this.connections.start();
  }

  /** Publishing for commands: through the links once they exist, refused before. */
  private commandLinks(): CommandLinks {
    return {
      mqttVersion: (broker) => this.connections?.mqttVersion(broker) ?? null,
      publish: (broker, topic, payload, options) =>
        this.connections?.publish(broker, topic, payload, options) ??
        Promise.resolve({ ok: false, code: 'LINK_DOWN', message: 'broker links are not started yet' }),
    };
  }

  private demoPlant(): Pick<Service, 'start' | 'stop'> {
    let simulator: DemoPlantSimulator | null = null;
    const log = this.log.child('demo');
    return {
      start: () => {
        if (!this.demoRunning) return;
        simulator = new DemoPlantSimulator({
          brokerUrl: this.brokerUrl,
          devices: this.config.demoDevices,
          tagsPerDevice: this.config.demoTagsPerDevice,
          rateHz: this.config.demoRateHz,
          format: this.config.demoFormat,
          clientId: `${this.config.clientId}-demo`,
          log: (line) => log.info(line),
        });
        return simulator.start();
      },
      stop: () => simulator?.stop(),
    };
  }

  /** The demo plant's devices as its simulator lays them out (pure: no timers, no I/O). */
  private demoDevices() {
    return createPlant({
      startMs: this.startedAt,
      devices: this.config.demoDevices,
      ...(this.config.demoTagsPerDevice === undefined
        ? {}
        : { tagsPerDevice: this.config.demoTagsPerDevice }),
    }).devices;
  }

  private pushHealth(): void {
    if (this.live.clientCount > 0) this.live.broadcast('onHealth', this.health());
  }
}

/** A site file that `--config` gave and that cannot be applied here (e.g. limits on a text tag). */
export class SiteConfigRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`the site configuration file cannot be applied:\n  ${problems.join('\n  ')}`);
  }
}

function named(name: string, service: Pick<Service, 'start' | 'stop'>): Service {
  return { name, start: () => service.start(), stop: () => service.stop() };
}

/**
 * Independent services started at the same time and stopped in reverse order. If one fails to
 * start, those that did are stopped again before the failure is passed on.
 */
function together(...services: Service[]): Service {
  return {
    name: services.map((s) => s.name).join(' and '),
    async start() {
      const results = await Promise.allSettled(services.map((s) => s.start()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (!failed) return;
      const started = services.filter((_, i) => results[i]!.status === 'fulfilled');
      for (const service of started.reverse()) await Promise.resolve(service.stop()).catch(() => {});
      throw failed.reason;
    },
    async stop() {
      let failure: unknown = null;
      for (const service of [...services].reverse()) {
        try {
          await service.stop();
        } catch (error) {
          failure ??= error; // the others still stop
        }
      }
      if (failure) throw failure;
    },
  };
}
