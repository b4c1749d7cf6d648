import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { SYNC_STREAM_NAMES, type SyncStream } from '../../../shared/sync.js';
import type { Logger } from '../../platform/logger.js';
import { decodeBatch, WireError } from '../wire.js';
import type { ReceiverStore } from './receiverStore.js';

export interface ReceiverOptions {
  /** `mqtt://` or `mqtts://` URL of the cloud broker. */
  url: string;
  /** First topic level(s), as the sites' `topicPrefix`. */
  prefix: string;
  /** One site only; unset: every site under the prefix. */
  site?: string;
  /**
   * Stable across restarts, so the broker keeps the session (clean: false) and queues batches
   * for the receiver while it is away.
   */
  clientId: string;
  /** TLS material and credentials, as mqtt.js takes them. */
  connect?: Pick<IClientOptions, 'ca' | 'cert' | 'key' | 'username' | 'password' | 'rejectUnauthorized'>;
  store: ReceiverStore;
  log: Logger;
  /** After each batch stored (new or duplicate): for a caller that reports progress. */
  onBatch?: (stream: SyncStream, fresh: boolean) => void;
}

const STREAMS = new Set<string>(SYNC_STREAM_NAMES);

/**
 * The reference receiver (README "Reference receiver"): subscribes QoS 1 to
 * `<prefix>/v1/<site or +>/up/#` with a persistent session, decodes each batch, and stores it
 * once per (site, outbox, stream, seq). A payload that is not a batch, or whose header
 * contradicts its topic, is counted and logged once per cause, never fatal.
 */
export class Receiver {
  private client: MqttClient | null = null;
  /** Causes already logged: the rest only count (in the file's `counters`). */
  private readonly logged = new Set<string>();

  constructor(private readonly options: ReceiverOptions) {}

  get filter(): string {
    return `${this.options.prefix}/v1/${this.options.site ?? '+'}/up/#`;
  }

  /** Resolves on the first CONNACK with the subscription in place; rejects if that fails. */
  start(): Promise<void> {
    const { options } = this;
    const client = mqtt.connect(options.url, {
      ...options.connect,
      clientId: options.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
    });
    this.client = client;
    client.on('message', (topic, payload) => this.receive(topic, payload));
    client.on('error', (error) => this.warnOnce(`error:${error.message}`, `cloud broker: ${error.message}`));
    // With a session present the broker still has the subscription; subscribing again is harmless.
    client.on('connect', () => {
      client.subscribe(this.filter, { qos: 1 }, (error) => {
        if (error) options.log.error(`subscribe ${this.filter} failed: ${error.message}`);
      });
    });
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        client.off('connect', ready);
        reject(error);
      };
      const ready = () => {
        client.off('error', fail);
        client.subscribe(this.filter, { qos: 1 }, (error) => (error ? reject(error) : resolve()));
      };
      client.once('connect', ready);
      client.once('error', fail);
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
  }

  private warnOnce(cause: string, message: string): void {
    if (this.logged.has(cause)) return;
    this.logged.add(cause);
    this.options.log.warn(message);
  }

  private receive(topic: string, payload: Buffer): void {
    const { store } = this.options;
    const refuse = (cause: string, detail: string) => {
      store.count(cause);
      this.warnOnce(
        cause,
        `refused a message on ${topic} (${cause}): ${detail}; further ones are only counted`,
      );
    };
    const levels = topic.slice(this.options.prefix.length + 1).split('/');
    const [version, site, up, stream] = levels;
    if (levels.length !== 4 || version !== 'v1' || up !== 'up' || !site || !STREAMS.has(stream ?? ''))
      return refuse('bad_topic', 'not <prefix>/v1/<site>/up/<stream>');
    let batch;
    try {
      batch = decodeBatch(payload);
    } catch (error) {
      if (error instanceof WireError) return refuse('invalid_payloads', error.message);
      throw error;
    }
    if (batch.header.site !== site || batch.header.stream !== stream)
      return refuse('topic_mismatch', `header says ${batch.header.site}/${batch.header.stream}`);
    if (batch.invalid.length > 0)
      this.warnOnce(
        'invalid_records',
        `${topic} seq ${batch.header.seq}: ${batch.invalid[0]!.problem}; further ones are only counted`,
      );
    const fresh = store.store(site, batch);
    this.options.onBatch?.(batch.header.stream, fresh);
  }
}
