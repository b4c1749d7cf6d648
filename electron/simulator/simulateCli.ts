import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeZodError } from '../../shared/errors.js';
import { createLogger, errorMessage } from '../platform/logger.js';
import { DemoPlantSimulator } from './simulator.js';

const BROKER_PROTOCOLS = new Set(['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:']);

/** `watchkeeper simulate` flags; strings from parseArgs are coerced and range-checked here. */
const SimulateArgsSchema = z.object({
  broker: z
    .string({ error: 'required, e.g. --broker mqtt://127.0.0.1:1883' })
    .refine((value) => URL.canParse(value) && BROKER_PROTOCOLS.has(new URL(value).protocol), {
      message: 'must be a URL like mqtt://host:1883 (mqtt, mqtts, ws or wss)',
    }),
  devices: z.coerce.number().int().min(1).max(5000).default(12),
  'tags-per-device': z.coerce.number().int().min(1).max(500).optional(),
  rate: z.coerce.number().positive().max(100).default(1),
  format: z.enum(['sparkplug', 'json']).default('sparkplug'),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(1),
});

export type SimulateArgs = z.infer<typeof SimulateArgsSchema>;

/** Parses and validates the flags; returns a one-line error message instead of throwing. */
export function parseSimulateArgs(
  argv: readonly string[],
): { ok: true; args: SimulateArgs } | { ok: false; error: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        broker: { type: 'string' },
        devices: { type: 'string' },
        'tags-per-device': { type: 'string' },
        rate: { type: 'string' },
        format: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, error: errorMessage(error).replace(/\s*\n\s*/g, ' ') };
  }
  const parsed = SimulateArgsSchema.safeParse(values);
  return parsed.success
    ? { ok: true, args: parsed.data }
    : { ok: false, error: describeZodError(parsed.error) };
}

/**
 * `watchkeeper simulate`: runs the demo plant against a broker until SIGINT/SIGTERM, then
 * stops cleanly (Sparkplug NDEATH, DISCONNECT). A line `silence AREA/DEVICE` on standard input
 * cuts one device off as a power cut would (for demos of staleness, and for tests). Bad flags print one line and set exit code 2;
 * the process is left to exit on its own so buffered output is never cut off.
 */
export async function runSimulateCommand(argv: string[]): Promise<void> {
  const parsed = parseSimulateArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`watchkeeper simulate: ${parsed.error}\n`);
    process.exitCode = 2;
    return;
  }
  const { args } = parsed;
  const log = createLogger('simulate');
  const simulator = new DemoPlantSimulator({
    brokerUrl: args.broker,
    devices: args.devices,
    rateHz: args.rate,
    format: args.format,
    seed: args.seed,
    log: (line) => log.info(line),
    ...(args['tags-per-device'] === undefined ? {} : { tagsPerDevice: args['tags-per-device'] }),
  });
  await simulator.start();
  process.stdout.write(
    `Simulating ${args.devices} devices at ${args.rate} Hz as ${args.format} to ${args.broker} ` +
      `(seed ${args.seed}). Ctrl-C stops.\n`,
  );
  const commands = createInterface({ input: process.stdin, terminal: false });
  commands.on('line', (line) => process.stdout.write(`${runCommand(simulator, line)}\n`));
  const signal = await nextStopSignal();
  commands.close();
  process.stdin.destroy(); // an open pipe would keep the process from exiting
  await simulator.stop();
  const { published, samples } = simulator.stats();
  log.info(`${signal}: stopped after ${published} messages, ${samples} samples`);
}

/** One line of standard input: `silence AREA/DEVICE`; anything else is answered, not obeyed. */
export function runCommand(simulator: Pick<DemoPlantSimulator, 'silence'>, line: string): string {
  const [verb, device, ...rest] = line.trim().split(/\s+/);
  if (verb === '' || verb === undefined) return '';
  if (verb !== 'silence' || !device || rest.length > 0)
    return `unknown command: ${line.trim().slice(0, 80)} (try: silence AREA/DEVICE)`;
  return simulator.silence(device) ? `silenced ${device}` : `no such device: ${device.slice(0, 80)}`;
}

/** Resolves on the first SIGINT or SIGTERM and removes its listeners, so nothing stacks up across runs. */
function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}
