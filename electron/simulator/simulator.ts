import { randomBytes } from 'node:crypto';
import { JsonPublisher } from './jsonPublisher.js';
import type { PlantPublisher } from './mqttLink.js';
import { createPlant, type Plant, type PlantEvent } from './plantModel.js';
import { SparkplugPublisher } from './sparkplugPublisher.js';

export type SimulatorFormat = 'sparkplug' | 'json';

export interface DemoPlantSimulatorOptions {
  brokerUrl: string;
  devices?: number;
  tagsPerDevice?: number;
  /** Samples per tag per second (default 1). */
  rateHz?: number;
  format?: SimulatorFormat;
  seed?: number;
  /** Base MQTT client id; Sparkplug appends `-{area}` per edge node. */
  clientId?: string;
  log?: (line: string) => void;
  now?: () => number;
}

export interface SimulatorStats {
  /** MQTT messages published since start. */
  published: number;
  /** Tag values inside them. */
  samples: number;
}

/** Beyond this lag behind schedule (a blocked loop, a sleeping laptop) the clock is rebased instead of bursting. */
const MAX_LAG_MS = 1000;

const EVENT_NAMES: Readonly<Record<PlantEvent['kind'], string>> = {
  bearingWear: 'bearing wearing out',
  sensorFailure: 'sensor failure',
  networkDrop: 'device off the network',
};

/**
 * The demo plant as a service: steps the plant model on a timer and publishes every tick over
 * MQTT as Sparkplug B or plain JSON. Ticks are scheduled against absolute time (t0 + n·period),
 * so timer jitter does not accumulate into a slower rate; a short stall is caught up at once.
 */
export class DemoPlantSimulator {
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly periodMs: number;
  private plant: Plant | undefined;
  private publisher: PlantPublisher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private t0 = 0;
  private tickIndex = 0;
  private activeEvents = new Set<string>();
  private finalStats: SimulatorStats = { published: 0, samples: 0 };
  /** Devices cut off as if their power failed: no more messages, and no death certificate. */
  private readonly silenced = new Set<string>();

  constructor(private readonly options: DemoPlantSimulatorOptions) {
    const rateHz = options.rateHz ?? 1;
    if (!Number.isFinite(rateHz) || rateHz <= 0) throw new RangeError('rateHz must be a positive number');
    this.periodMs = 1000 / rateHz;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  /** Starts publishing; resolves at once even when the broker is down (the MQTT client keeps retrying). */
  async start(): Promise<void> {
    if (this.plant) return;
    const { brokerUrl, format = 'sparkplug', seed = 1 } = this.options;
    const startMs = this.now();
    const plant = createPlant({
      startMs,
      seed,
      ...(this.options.devices === undefined ? {} : { devices: this.options.devices }),
      ...(this.options.tagsPerDevice === undefined ? {} : { tagsPerDevice: this.options.tagsPerDevice }),
    });
    const clientId = this.options.clientId ?? `watchkeeper-sim-${randomBytes(3).toString('hex')}`;
    const common = {
      brokerUrl,
      clientId,
      devices: plant.devices,
      log: this.log,
      // A device cut off the network hears no commands either.
      write: (area: string, device: string, tag: string, value: number | boolean | string) =>
        this.silenced.has(`${area}/${device}`)
          ? { ok: false as const, reason: 'the device is off the network' }
          : plant.write(area, device, tag, value),
    };
    this.publisher =
      format === 'json' ? new JsonPublisher(common) : new SparkplugPublisher({ ...common, now: this.now });
    this.plant = plant;
    const tags = plant.devices.reduce((sum, d) => sum + d.tags.length, 0);
    this.log(
      `demo plant: ${plant.devices.length} devices, ${tags} tags in ${plant.areas.join(', ')}; ` +
        `${1000 / this.periodMs} Hz as ${format} to ${brokerUrl} (seed ${seed})`,
    );
    this.publisher.start();
    this.t0 = startMs;
    this.tickIndex = 0;
    this.schedule();
  }

  /** Stops ticking, then leaves cleanly (Sparkplug: an explicit NDEATH per edge node). */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const publisher = this.publisher;
    this.plant = undefined;
    this.publisher = undefined;
    if (!publisher) return;
    this.finalStats = this.statsOf(publisher);
    await publisher.stop();
  }

  /**
   * Stops one device (`area/device`) as a power cut would: it publishes nothing more, not even a
   * death certificate, so a host only learns of it from the silence. Answers false for a device
   * the plant does not have.
   */
  silence(deviceId: string): boolean {
    if (!this.plant?.devices.some((def) => `${def.area}/${def.id}` === deviceId)) return false;
    this.silenced.add(deviceId);
    return true;
  }

  stats(): SimulatorStats {
    return this.publisher ? this.statsOf(this.publisher) : { ...this.finalStats };
  }

  private statsOf(publisher: PlantPublisher): SimulatorStats {
    const { messages, samples } = publisher.counts();
    return { published: messages, samples };
  }

  private schedule(): void {
    const due = this.t0 + this.tickIndex * this.periodMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - this.now()));
  }

  private tick(): void {
    const { plant, publisher } = this;
    if (!plant || !publisher) return;
    const nowMs = this.now();
    const readings = plant.step(nowMs);
    publisher.publish(
      this.silenced.size === 0
        ? readings
        : readings.filter((r) => !this.silenced.has(`${r.area}/${r.device}`)),
      nowMs,
    );
    this.reportEvents(plant.activeEvents());
    this.tickIndex += 1;
    if (nowMs - (this.t0 + this.tickIndex * this.periodMs) > MAX_LAG_MS) {
      this.t0 = nowMs;
      this.tickIndex = 1;
    }
    this.schedule();
  }

  /** Logs each injected fault when it starts and when it clears, so a demo narrator knows what to point at. */
  private reportEvents(events: readonly PlantEvent[]): void {
    const current = new Map(events.map((e) => [`${EVENT_NAMES[e.kind]} on ${describeTarget(e)}`, e]));
    for (const key of current.keys()) if (!this.activeEvents.has(key)) this.log(`fault: ${key}`);
    for (const key of this.activeEvents) if (!current.has(key)) this.log(`cleared: ${key}`);
    this.activeEvents = new Set(current.keys());
  }
}

function describeTarget(event: PlantEvent): string {
  const path = `${event.area}/${event.device}`;
  return event.tag === undefined ? path : `${path}/${event.tag}`;
}
