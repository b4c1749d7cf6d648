import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeZodError } from '../../../shared/errors.js';
import { BrokerUrlSchema } from '../../../shared/siteConfig.js';
import { SiteIdSchema } from '../../../shared/alarmSync.js';
import { SyncSettingsSchema } from '../../../shared/sync.js';
import { createLogger, errorMessage } from '../../platform/logger.js';
import { Receiver } from './receiver.js';
import { ReceiverStore } from './receiverStore.js';

const PASSWORD_ENV = 'WATCHKEEPER_CLOUD_PASSWORD';
const REPORT_MS = 5_000;

const ReceiveArgsSchema = z.object({
  broker: BrokerUrlSchema,
  out: z.string().min(1),
  site: SiteIdSchema.optional(),
  prefix: SyncSettingsSchema.shape.topicPrefix,
  'client-id': z.string().min(1).max(128).optional(),
  ca: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
});

export const RECEIVE_USAGE = `  watchkeeper receive --broker mqtts://host:8883 --out FILE.db [--site ID] [--prefix watchkeeper]
                      [--client-id ID] [--ca FILE] [--cert FILE --key FILE] [--username U]
                      (the reference receiver; password from $${PASSWORD_ENV})`;

/**
 * `watchkeeper receive`: the reference receiver until Ctrl-C. Prints a line when it is
 * subscribed, a summary every few seconds while batches arrive, and the gaps at the end.
 */
export async function runReceiveCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      Object.keys(ReceiveArgsSchema.shape).map((name) => [name, { type: 'string' as const }]),
    ),
    strict: true,
  });
  const parsed = ReceiveArgsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`watchkeeper receive: ${describeZodError(parsed.error)}\n${RECEIVE_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const args = parsed.data;
  const log = createLogger('receive');
  const store = new ReceiverStore(args.out);
  let changed = false;
  const receiver = new Receiver({
    url: args.broker,
    prefix: args.prefix,
    ...(args.site ? { site: args.site } : {}),
    clientId: args['client-id'] ?? `watchkeeper-receiver-${hostname().replace(/[^A-Za-z0-9_-]/g, '')}`,
    connect: {
      ...(args.ca ? { ca: readFileSync(args.ca) } : {}),
      ...(args.cert ? { cert: readFileSync(args.cert) } : {}),
      ...(args.key ? { key: readFileSync(args.key) } : {}),
      ...(args.username ? { username: args.username, password: process.env[PASSWORD_ENV] ?? '' } : {}),
    },
    store,
    log,
    onBatch: () => (changed = true),
  });
  try {
    await receiver.start();
  } catch (error) {
    store.close();
    await receiver.stop().catch(() => {});
    throw new Error(`cannot subscribe at ${args.broker}: ${errorMessage(error)}`, { cause: error });
  }
  process.stdout.write(
    `Receiving ${receiver.filter} from ${args.broker} into ${args.out}. Ctrl-C stops it.\n`,
  );
  const timer = setInterval(() => {
    if (changed) process.stdout.write(`${summary(store)}\n`);
    changed = false;
  }, REPORT_MS);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
  clearInterval(timer);
  await receiver.stop();
  process.stdout.write(`${summary(store)}\n`);
  for (const gap of store.gaps())
    process.stdout.write(`gap ${gap.site}/${gap.stream} seq ${gap.fromSeq}–${gap.toSeq}: ${gap.kind}\n`);
  store.close();
}

function summary(store: ReceiverStore): string {
  const streams = store
    .streams()
    .map((s) => `${s.site}/${s.stream} ${s.records} records in ${s.batches} batches`);
  const counters = Object.entries(store.counters()).map(([name, count]) => `${name} ${count}`);
  return [...streams, ...counters].join('; ') || 'nothing received yet';
}
