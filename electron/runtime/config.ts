import { createHash } from 'node:crypto';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SiteIdSchema, StationIdSchema } from '../../shared/alarmSync.js';
import { HistorianSettingsSchema } from '../../shared/historianSettings.js';
import type { Role } from '../../shared/roles.js';
import { BrokerListSchema, BrokerUrlSchema, type BrokerConfig } from '../../shared/siteConfig.js';
import { SiteConfigFileSchema } from '../../shared/siteConfigFile.js';
import { SyncSettingsSchema } from '../../shared/sync.js';

/**
 * How a runtime is set up. Brokers: those given here (`--broker`, `--brokers`, `--config`) win,
 * else those config.db stored at the last import, else the embedded broker; the demo plant runs
 * by default exactly then, so a fresh install shows a live control room without any setup.
 */
export const RuntimeConfigSchema = z
  .object({
    dataDir: z.string().min(1),
    /** One site broker by URL alone (`--broker`): the shorthand for a one-entry `brokers`. */
    brokerUrl: BrokerUrlSchema.nullable().default(null),
    /** The site's brokers (`--brokers FILE.json`); passwords are in the credential store. */
    brokers: BrokerListSchema.default([]),
    /** Unset: the demo plant runs when the site is on the embedded broker. */
    demo: z.boolean().optional(),
    /** A whole-site configuration file (`--config`), checked already, applied at start as an import. */
    siteConfig: SiteConfigFileSchema.optional(),
    demoDevices: z.number().int().min(1).max(5_000).default(12),
    /** Tags per demo device; unset: each kind of device's natural signals. */
    demoTagsPerDevice: z.number().int().min(1).max(200).optional(),
    demoRateHz: z.number().min(0.01).max(100).default(1),
    demoFormat: z.enum(['sparkplug', 'json']).default('sparkplug'),
    jsonPrefix: z.string().min(1).default('factory'),
    clientId: z.string().min(1).default(`watchkeeper-${process.pid}`),
    staleAfterMs: z.number().int().min(1_000).default(15_000),
    embeddedBrokerPort: z.number().int().min(0).max(65_535).default(1883),
    /** An Electron build of better-sqlite3 (see nativeForElectron.ts); unset: the one in node_modules. */
    sqliteBinding: z.string().optional(),
    /** Retention per tag class and the size cap (defaults: raw 90 days, 1 min 2 years, 1 h forever, no cap). */
    historian: HistorianSettingsSchema.prefault({}),
    /** Edge inference: how long one model run may take, and the module loaded as onnxruntime. */
    inference: z
      .object({
        runTimeoutMs: z.number().int().min(10).max(600_000).default(1_000),
        runtimeModule: z.string().min(1).default('onnxruntime-node'),
      })
      .prefault({}),
    /** Until sign-in exists, the local user holds every role (issue #2). */
    localUser: z.string().default('local operator'),
    /** This station's name in journal lines and to the site's other stations (`--station`); default: stationIdOf. */
    station: StationIdSchema.optional(),
    /** The site's name: the namespace of its stations' alarm sync topics (`--site-id`). */
    siteId: SiteIdSchema.default('site'),
    /** Cloud sync settings given to this run (`--cloud FILE.json`): saved at start as a new version. */
    cloud: SyncSettingsSchema.optional(),
  })
  .refine(
    (config) =>
      [
        config.brokerUrl !== null,
        config.brokers.length > 0,
        (config.siteConfig?.brokers.length ?? 0) > 0,
      ].filter(Boolean).length <= 1,
    {
      message: 'give the brokers one way: one broker URL, a list of brokers, or a site file with brokers',
      path: ['brokers'],
    },
  );
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;

/**
 * The station's name: as configured, else the host name and a short hash of the data folder —
 * the same across restarts (journal lines keep one name) and different for two runtimes on one
 * host (each has its own data folder), which alarm sync needs to tell their actions apart.
 */
export function stationIdOf(config: Pick<RuntimeConfig, 'station' | 'dataDir'>): string {
  if (config.station) return config.station;
  const host =
    hostname()
      .replace(/[^A-Za-z0-9._-]/g, '')
      .slice(0, 48) || 'station';
  const folder = createHash('sha256').update(resolve(config.dataDir)).digest('hex').slice(0, 6);
  return `${host}-${folder}`;
}

/** The id of the broker given by `brokerUrl`, and of the embedded one. */
export const SHORTHAND_BROKER_ID = 'site';
export const EMBEDDED_BROKER_ID = 'embedded';

/** The site brokers this run was given: `brokers`, a site file's, or the one `brokerUrl` names. */
export function siteBrokers(config: RuntimeConfig): BrokerConfig[] {
  if (config.brokers.length > 0) return config.brokers;
  if (config.siteConfig && config.siteConfig.brokers.length > 0)
    return config.siteConfig.brokers.map(({ password: _password, ...broker }) => broker);
  if (config.brokerUrl === null) return [];
  return [shorthandBroker(SHORTHAND_BROKER_ID, 'Site broker', config.brokerUrl, config.clientId)];
}

/** A broker known only by its URL, with every other setting at its default. */
export function shorthandBroker(id: string, name: string, url: string, clientId: string): BrokerConfig {
  return BrokerListSchema.parse([{ id, name, url, clientId }])[0]!;
}
export type RuntimeConfigInput = z.input<typeof RuntimeConfigSchema>;

export const LOCAL_ROLES: readonly Role[] = ['viewer', 'operator', 'engineer', 'admin'];

/** Where data lives when nothing says otherwise: the XDG data folder on Linux. */
export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'watchkeeper');
}
