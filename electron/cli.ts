import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';
import { SiteIdSchema, StationIdSchema } from '../shared/alarmSync.js';
import { describeZodError } from '../shared/errors.js';
import { HistorianSettingsSchema, type HistorianSettings } from '../shared/historianSettings.js';
import { BrokerUrlSchema, type BrokerConfig } from '../shared/siteConfig.js';
import { createLogger, errorMessage } from './platform/logger.js';
import { readBrokersFile } from './runtime/brokersFile.js';
import { readCloudFile } from './runtime/cloudFile.js';
import { SiteConfigRefused } from './runtime/runtime.js';
import { readSiteConfigFile } from './runtime/siteConfigFile.js';
import type { SiteConfigFile } from '../shared/siteConfigFile.js';
import type { SyncSettings } from '../shared/sync.js';
import { defaultDataDir } from './runtime/config.js';
import { redact } from './connectivity/brokerLink.js';
import { startServing } from './serve.js';
import { runSimulateCommand } from './simulator/simulateCli.js';
import { RECEIVE_USAGE, runReceiveCommand } from './sync/receiver/receiveCli.js';

export const DEFAULT_PORT = 8410;

const USAGE = `usage:
  watchkeeper serve [--port N] [--data-dir DIR] [--broker mqtt://host:port | --brokers FILE.json] [--config SITE.json]
                    [--demo | --no-demo]
                    [--history-settings FILE.json] [--history-max-mb N]
                    [--station NAME] [--site-id NAME]   (alarm sync between the site's stations)
                    [--cloud SYNC.json]   (cloud sync settings, saved at start; see README "Cloud sync")
  watchkeeper simulate --broker mqtt://host:port [--devices N] [--tags-per-device M] [--rate HZ] [--format sparkplug|json]
                       (then type "silence AREA/DEVICE" to cut one device off)
${RECEIVE_USAGE}`;

const ServeArgsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  'data-dir': z.string().min(1).optional(),
  broker: BrokerUrlSchema.optional(),
  brokers: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
  demo: z.boolean().optional(),
  'no-demo': z.boolean().optional(),
  'history-settings': z.string().min(1).optional(),
  'history-max-mb': z.coerce.number().int().min(16).optional(),
  station: StationIdSchema.optional(),
  'site-id': SiteIdSchema.optional(),
  cloud: z.string().min(1).optional(),
});

/** `watchkeeper serve`: the runtime headless, UI and API on 127.0.0.1, until Ctrl-C. */
export async function runServeCommand(argv: string[], note?: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      broker: { type: 'string' },
      brokers: { type: 'string' },
      config: { type: 'string' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      'history-settings': { type: 'string' },
      'history-max-mb': { type: 'string' },
      station: { type: 'string' },
      'site-id': { type: 'string' },
      cloud: { type: 'string' },
    },
    strict: true,
  });
  const args = ServeArgsSchema.safeParse(values);
  if (!args.success) throw new UsageError(describeZodError(args.error));
  const broker = args.data.broker ?? null;
  if (broker !== null && args.data.brokers !== undefined)
    throw new UsageError('give either --broker or --brokers, not both');
  const brokers = readBrokers(args.data.brokers);
  const siteConfig = readSiteConfig(args.data.config);
  if ((siteConfig?.brokers.length ?? 0) > 0 && (broker !== null || brokers.length > 0))
    throw new UsageError('the --config file names brokers: give no --broker or --brokers with it');
  const historian = readHistorianSettings(args.data['history-settings']);
  if (args.data['history-max-mb'] !== undefined) historian.maxBytes = args.data['history-max-mb'] * 2 ** 20;
  const log = createLogger('watchkeeper');
  const serving = await startServing({
    runtime: {
      dataDir: resolve(args.data['data-dir'] ?? defaultDataDir()),
      brokerUrl: broker,
      brokers,
      siteConfig,
      // Unset: the runtime runs it when it ends up on the embedded broker.
      demo: args.data['no-demo'] ? false : args.data.demo,
      historian,
      station: args.data.station,
      siteId: args.data['site-id'],
      cloud: readCloud(args.data.cloud),
    },
    port: args.data.port ?? DEFAULT_PORT,
    anyPortIfTaken: args.data.port === undefined,
    log,
  }).catch((error: unknown) => {
    if (error instanceof SiteConfigRefused) throw new UsageError(error.message);
    throw error;
  });
  const { config } = serving.runtime;
  process.stdout.write(
    `${note ? `${note}\n` : ''}Watchkeeper is serving on ${serving.url} ` +
      `(data: ${config.dataDir}; ${describeBrokers(serving.runtime)}` +
      `${serving.runtime.health().demo ? '; demo plant running' : ''}). Ctrl-C stops it.\n`,
  );
  await new Promise<void>((resolveStop) => {
    const shutdown = (signal: string) => {
      log.info(`${signal}: shutting down`);
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      serving.stop().then(resolveStop, (error: unknown) => {
        log.error(`shutdown failed: ${errorMessage(error)}`);
        resolveStop();
      });
    };
    const onInt = () => shutdown('SIGINT');
    const onTerm = () => shutdown('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
  });
}

/** Retention classes and the size cap from a JSON file (see the README), checked before anything starts. */
function readHistorianSettings(file: string | undefined): HistorianSettings {
  if (file === undefined) return HistorianSettingsSchema.parse({});
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read history settings ${file}: ${errorMessage(error)}`);
  }
  const settings = HistorianSettingsSchema.safeParse(json);
  if (!settings.success)
    throw new UsageError(`history settings ${file}: ${describeZodError(settings.error)}`);
  return settings.data;
}

/** The site's brokers from a JSON file (see the README), checked before anything starts. */
function readBrokers(file: string | undefined): BrokerConfig[] {
  if (file === undefined) return [];
  const read = readBrokersFile(file);
  if (!read.ok) throw new UsageError(read.message);
  return read.brokers;
}

/** A whole-site file (see the README), checked before anything starts: every problem, exit code 2. */
function readSiteConfig(file: string | undefined): SiteConfigFile | undefined {
  if (file === undefined) return undefined;
  const read = readSiteConfigFile(file);
  if (!read.ok) throw new UsageError(read.message);
  return read.file;
}

/** Cloud sync settings (see the README), checked before anything starts. */
function readCloud(file: string | undefined): SyncSettings | undefined {
  if (file === undefined) return undefined;
  const read = readCloudFile(file);
  if (!read.ok) throw new UsageError(read.message);
  return read.settings;
}

function describeBrokers(runtime: {
  brokerUrl: string;
  embedded: boolean;
  configuredBrokers: readonly BrokerConfig[];
  config: { brokerUrl: string | null };
}): string {
  if (runtime.embedded) return `broker: ${redact(runtime.brokerUrl)} (embedded)`;
  if (runtime.config.brokerUrl !== null) return `broker: ${redact(runtime.brokerUrl)}`;
  return `brokers: ${runtime.configuredBrokers.map((b) => `${b.id} ${redact(b.url)}`).join(', ')}`;
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (rest.includes('--help') || rest.includes('-h')) process.stdout.write(`${USAGE}\n`);
    else if (command === 'serve') await runServeCommand(rest);
    else if (command === 'simulate') await runSimulateCommand(rest);
    else if (command === 'receive') await runReceiveCommand(rest);
    else if (command === undefined || command === '--help' || command === '-h')
      process.stdout.write(`${USAGE}\n`);
    else throw new UsageError(`unknown command "${command}"`);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`watchkeeper: ${errorMessage(error)}\n${usage ? `${USAGE}\n` : ''}`);
    return usage ? 2 : 1;
  }
}
