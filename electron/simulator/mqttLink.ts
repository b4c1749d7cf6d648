import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { DeviceReading } from './plantModel.js';

/** One MQTT publish, built by a pure formatter and sent by a publisher. */
export interface MqttMessage {
  topic: string;
  payload: Uint8Array | string;
  qos: 0 | 1;
  /** Tag values carried, for the simulator's statistics. */
  samples: number;
}

/** Totals since start: MQTT messages handed to the client and the tag values inside them. */
export interface PublishCount {
  messages: number;
  samples: number;
}

/**
 * What the simulator needs from a wire format: connect, publish a tick, leave cleanly. Each
 * format owns its MQTT connections because Sparkplug needs one per edge node (each with its own
 * Will), while JSON needs just one.
 */
export interface PlantPublisher {
  start(): void;
  publish(readings: readonly DeviceReading[], nowMs: number): void;
  counts(): PublishCount;
  stop(): Promise<void>;
}

export interface LinkOptions {
  brokerUrl: string;
  clientId: string;
  /** Prefix for log lines, e.g. `sparkplug line1`. */
  label: string;
  log: (line: string) => void;
  will?: MqttMessage;
  onConnect?: () => void;
  onMessage?: (topic: string, payload: Buffer) => void;
}

/**
 * Samples are shed (QoS 0 allows it) once this much is queued on the socket, so a slow broker
 * costs data, not memory. Sparkplug hosts see the gap in seq and ask for a rebirth.
 */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** How long a clean stop waits for the broker to acknowledge the last QoS 1 message. */
const STOP_TIMEOUT_MS = 2000;

/**
 * One MQTT connection of the simulator. mqtt.js keeps reconnecting on its own; this wrapper
 * only adds what a demo needs: QoS 0 samples are dropped while the link is down (never queued,
 * so memory stays flat when the broker is away), and each cause of trouble is logged once
 * instead of every two seconds.
 */
export class MqttLink {
  readonly client: MqttClient;
  private lastProblem = '';
  private closing = false;

  constructor(private readonly options: LinkOptions) {
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 2000,
      connectTimeout: 5000,
      queueQoSZero: false,
    };
    if (options.will) clientOptions.will = toWill(options.will);
    this.client = mqtt.connect(options.brokerUrl, clientOptions);
    this.client.on('connect', () => {
      this.lastProblem = '';
      options.log(`${options.label}: connected to ${options.brokerUrl}`);
      options.onConnect?.();
    });
    this.client.on('error', (error) => this.problem(describe(error)));
    this.client.on('close', () => this.problem('connection closed'));
    if (options.onMessage) this.client.on('message', options.onMessage);
  }

  get connected(): boolean {
    return this.client.connected && !this.closing;
  }

  /** Publishes if connected and not backed up; returns false when the message was dropped. */
  send(message: MqttMessage): boolean {
    if (!this.connected || this.client.stream.writableLength > MAX_BUFFERED_BYTES) return false;
    // No callback: mqtt.js then adds no 'drain' listener per message while the socket is
    // backed up, which at 10,000 JSON messages a tick would trip MaxListenersExceededWarning.
    this.client.publish(message.topic, toBuffer(message.payload), { qos: message.qos });
    return true;
  }

  /** mqtt.js reads the Will from its options on every CONNECT, so this sets the next connection's Will. */
  setWill(message: MqttMessage): void {
    this.client.options.will = toWill(message);
  }

  subscribe(topic: string, onDone: () => void): void {
    this.client.subscribe(topic, { qos: 0 }, (error) => {
      if (error) this.problem(`subscribe ${topic} failed: ${error.message}`);
      else onDone();
    });
  }

  /** Sends `last` (if connected), waits briefly for its acknowledgement, then disconnects cleanly. */
  async close(last?: MqttMessage): Promise<void> {
    let clean = this.connected;
    if (last && clean) {
      const sent = this.client.publishAsync(last.topic, toBuffer(last.payload), { qos: last.qos });
      clean = await Promise.race([
        sent.then(
          () => true,
          () => false,
        ),
        delay(STOP_TIMEOUT_MS, false),
      ]);
    }
    this.closing = true;
    await this.client.endAsync(!clean);
  }

  private problem(cause: string): void {
    if (this.closing || cause === this.lastProblem) return;
    if (cause === 'connection closed' && this.lastProblem !== '') return;
    this.lastProblem = cause;
    this.options.log(`${this.options.label}: ${cause}; mqtt.js keeps retrying`);
  }
}

function toWill(message: MqttMessage): NonNullable<IClientOptions['will']> {
  return { topic: message.topic, payload: toBuffer(message.payload), qos: message.qos, retain: false };
}

function toBuffer(payload: Uint8Array | string): Buffer {
  return typeof payload === 'string'
    ? Buffer.from(payload, 'utf8')
    : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
}

function describe(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code} ${error.message}`
    : error.message;
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}
