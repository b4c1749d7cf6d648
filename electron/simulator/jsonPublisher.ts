import { MqttLink, type MqttMessage, type PlantPublisher, type PublishCount } from './mqttLink.js';
import { formatStateTable } from '../../shared/stateTable.js';
import type { DeviceDef, DeviceReading, WriteResult } from './plantModel.js';
import { DemoJsonCommandSchema } from '../../shared/sitePayloads.js';

export const DEFAULT_JSON_PREFIX = 'factory';

/** The plain-JSON sample format many small gateways emit: one topic per tag, one value per message. */
export interface JsonSample {
  sensor_id: string;
  /** A text for a string tag. */
  value: number | boolean | string;
  unit: string;
  ts: string;
  seq: number;
  quality?: 'bad';
  /** An enum tag's state table (`0=Stopped;1=Running;2=Tripped`), with every message: JSON has no birth. */
  states?: string;
}

interface DeviceTopics {
  topics: string[];
  sensorIds: string[];
  units: string[];
  /** Per tag: the state table of an enum, or undefined. */
  states: (string | undefined)[];
  /** Per tag: whether it is a string tag, which sends its text as the value. */
  isText: boolean[];
  /** Per tag: the seq of the next message on that topic. */
  seq: Float64Array;
}

/**
 * Builds JSON messages for a tick: topic `{prefix}/{area}/{device}/{tag}`, a per-topic seq so a
 * consumer can count losses, `"quality":"bad"` for a failed sensor, and nothing at all for a
 * device that is off the network (JSON has no death certificate, so silence is the signal).
 * Pure apart from the seq counters; topics are built once because a 10,000-tag plant sends
 * 10,000 of them per tick.
 */
export class JsonFormatter {
  private readonly devices = new Map<string, DeviceTopics>();

  constructor(devices: readonly DeviceDef[], prefix: string = DEFAULT_JSON_PREFIX) {
    for (const def of devices) {
      this.devices.set(`${def.area}/${def.id}`, {
        topics: def.tags.map((tag) => `${prefix}/${def.area}/${def.id}/${tag.name}`),
        sensorIds: def.tags.map((tag) => `${def.id}-${tag.name}`),
        units: def.tags.map((tag) => tag.unit),
        states: def.tags.map((tag) => (tag.states ? formatStateTable(tag.states) : undefined)),
        isText: def.tags.map((tag) => tag.dataType === 'string'),
        seq: new Float64Array(def.tags.length),
      });
    }
  }

  messages(readings: readonly DeviceReading[], nowMs: number): MqttMessage[] {
    const ts = new Date(nowMs).toISOString();
    const messages: MqttMessage[] = [];
    for (const reading of readings) {
      const device = this.devices.get(`${reading.area}/${reading.device}`);
      if (!device || !reading.online) continue;
      reading.values.forEach((sample, t) => {
        const topic = device.topics[t];
        if (topic === undefined) return;
        const seq = device.seq[t] ?? 0;
        device.seq[t] = seq + 1;
        const body: JsonSample = {
          sensor_id: device.sensorIds[t] ?? '',
          value: device.isText[t] ? (sample.text ?? '') : sample.value,
          unit: device.units[t] ?? '',
          ts,
          seq,
        };
        if (sample.bad) body.quality = 'bad';
        const states = device.states[t];
        if (states !== undefined) body.states = states;
        messages.push({ topic, payload: JSON.stringify(body), qos: 0, samples: 1 });
      });
    }
    return messages;
  }
}

export interface JsonPublisherOptions {
  brokerUrl: string;
  clientId: string;
  devices: readonly DeviceDef[];
  prefix?: string;
  log: (line: string) => void;
  /** Applies a write from the command topic to the plant; unset: commands are ignored. */
  write?: (area: string, device: string, tag: string, value: number | boolean | string) => WriteResult;
}

/** Where the demo's JSON devices take writes: `{prefix}-cmd/{area}/{device}`. */
export function jsonCommandTopic(prefix: string, area: string, device: string): string {
  return `${prefix}-cmd/${area}/${device}`;
}

/** Publishes JSON samples over one MQTT connection, QoS 0, dropping them while the link is down. */
export class JsonPublisher implements PlantPublisher {
  private readonly formatter: JsonFormatter;
  private link: MqttLink | undefined;
  private readonly totals: PublishCount = { messages: 0, samples: 0 };

  constructor(private readonly options: JsonPublisherOptions) {
    this.formatter = new JsonFormatter(options.devices, options.prefix);
  }

  start(): void {
    this.link = new MqttLink({
      brokerUrl: this.options.brokerUrl,
      clientId: this.options.clientId,
      label: 'json',
      log: this.options.log,
      onConnect: () => this.link?.subscribe(jsonCommandTopic(this.prefix, '+', '+'), () => {}),
      onMessage: (topic, payload) => this.onCommand(topic, payload),
    });
  }

  private get prefix(): string {
    return this.options.prefix ?? DEFAULT_JSON_PREFIX;
  }

  /** A write to one of our devices: applied (and reported in the next sample) or ignored. */
  private onCommand(topic: string, payload: Buffer): void {
    const [, area, device] = topic.split('/');
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      json = null;
    }
    const command = DemoJsonCommandSchema.safeParse(json);
    if (!area || !device || !command.success) {
      this.options.log(`json: ignored a command on ${topic.slice(0, 80)} that is not {"tag", "value"}`);
      return;
    }
    const { tag, value } = command.data;
    const result = this.options.write?.(area, device, tag, value) ?? { ok: false, reason: 'writes are off' };
    this.options.log(
      `json ${area}/${device}: ${tag} = ${String(value)} ${result.ok ? 'applied' : `ignored (${result.reason})`}`,
    );
  }

  publish(readings: readonly DeviceReading[], nowMs: number): void {
    const link = this.link;
    if (!link?.connected) return;
    for (const message of this.formatter.messages(readings, nowMs)) {
      if (!link.send(message)) break;
      this.totals.messages += 1;
      this.totals.samples += message.samples;
    }
  }

  counts(): PublishCount {
    return { ...this.totals };
  }

  async stop(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    await link?.close();
  }
}
