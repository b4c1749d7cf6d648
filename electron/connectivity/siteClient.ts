import mqtt, { type MqttClient } from 'mqtt';
import type { LinkState } from '../../shared/domain.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { InputErrors } from './inputErrors.js';
import type { IngestEvent, IngestSink } from './ingestEvents.js';
import { encodeSparkplug } from './sparkplugCodec.js';
import { SparkplugHost } from './sparkplugHost.js';

export interface LinkStatus {
  url: string;
  state: LinkState;
  since: number;
  lastError: string | null;
  failures: number;
}

/** Longest stretch of decoding before the main thread is given back to other work. */
const SLICE_MS = 4;
/** Messages waiting for decoding beyond which new ones are refused (and counted). */
const MAX_QUEUED = 500_000;

/** The plain-JSON side (json/jsonMappings.ts): the topics it reads, and how it reads them. */
export interface JsonTopicDecoder {
  topicFilters(): string[];
  handle(topic: string, payload: Uint8Array): IngestEvent[];
}

export interface SiteClientOptions {
  url: string;
  clientId: string;
  json: JsonTopicDecoder;
  log: Logger;
  errors: InputErrors;
  sink: IngestSink;
  onLinkChange?: (status: LinkStatus) => void;
  /** Minimum time between two rebirth requests to one edge node. */
  rebirthIntervalMs?: number;
}

/**
 * The connection to the site broker (mqtt.js): subscribes to Sparkplug and to the JSON
 * mappings' topics (following them when the rules change), hands every message to its decoder and the decoded events to ingest. A bad message
 * is counted and dropped; nothing a device sends can throw past this class.
 *
 * Devices tend to publish on the same scan cycle, so messages arrive in bursts. They are queued
 * and decoded in slices of a few milliseconds, so a burst never holds the main thread — the one
 * that answers the window — for longer than that.
 */
export class SiteClient {
  private client: MqttClient | null = null;
  private readonly sparkplug: SparkplugHost;
  private readonly json: JsonTopicDecoder;
  private jsonFilters: string[];
  private readonly lastRebirth = new Map<string, number>();
  private messages = 0;
  private status: LinkStatus;
  private readonly queue: { topic: string; payload: Buffer }[] = [];
  private queueHead = 0;
  private draining = false;

  constructor(private readonly options: SiteClientOptions) {
    this.status = {
      url: redact(options.url),
      state: 'connecting',
      since: Date.now(),
      lastError: null,
      failures: 0,
    };
    this.sparkplug = new SparkplugHost({
      errors: options.errors,
      requestRebirth: (group, node, reason) => this.requestRebirth(group, node, reason),
    });
    this.json = options.json;
    this.jsonFilters = options.json.topicFilters();
  }

  get messageCount(): number {
    return this.messages;
  }

  link(): LinkStatus {
    return { ...this.status };
  }

  /** Starts connecting and returns at once: a broker that is down must not hold up start-up. */
  start(): Promise<void> {
    const client = mqtt.connect(this.options.url, {
      clientId: this.options.clientId,
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
      clean: true,
    });
    this.client = client;
    client.on('connect', () => {
      // Anything may have happened while we were away: forget node sessions so that the next
      // message from each edge node asks it for fresh births.
      this.sparkplug.reset();
      this.setLink('connected', null);
      this.subscribe(['spBv1.0/#', ...this.jsonFilters]);
    });
    client.on('reconnect', () => this.setLink('connecting', this.status.lastError));
    client.on('close', () => {
      if (this.status.state === 'connected') {
        this.status.failures++;
        this.options.sink.accept({ kind: 'linkLost', ts: Date.now() });
      }
      if (this.status.state !== 'error') this.setLink('disconnected', this.status.lastError);
    });
    client.on('error', (error) => {
      this.status.failures++;
      this.options.log.once(
        `link:${(error as { code?: string }).code ?? error.message}`,
        'warn',
        `site broker: ${error.message}`,
      );
      this.setLink('error', error.message);
    });
    client.on('message', (topic, payload) => this.enqueue(topic, payload));
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
    this.setLink('disconnected', this.status.lastError);
  }

  /**
   * Follows a change of the JSON mappings' topics: subscribes to the new filters and drops the
   * old ones, at once when connected, else on the next connect.
   */
  setJsonTopicFilters(filters: readonly string[]): void {
    const added = filters.filter((filter) => !this.jsonFilters.includes(filter));
    const removed = this.jsonFilters.filter((filter) => !filters.includes(filter));
    this.jsonFilters = [...filters];
    const client = this.client;
    if (!client?.connected) return;
    if (added.length > 0) this.subscribe(added);
    if (removed.length > 0) {
      client.unsubscribe(removed, (error) => {
        if (error) this.options.log.error(`unsubscribe failed: ${errorMessage(error)}`);
      });
    }
  }

  private subscribe(filters: string[]): void {
    this.client?.subscribe(filters, { qos: 0 }, (error) => {
      if (error) this.options.log.error(`subscribe failed: ${errorMessage(error)}`);
    });
  }

  private enqueue(topic: string, payload: Buffer): void {
    if (this.queue.length - this.queueHead >= MAX_QUEUED) {
      this.options.errors.record(
        'ingest.overload',
        `more than ${MAX_QUEUED} messages waiting; dropped one on ${topic.slice(0, 80)}`,
      );
      return;
    }
    this.queue.push({ topic, payload });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    const deadline = performance.now() + SLICE_MS;
    while (this.queueHead < this.queue.length) {
      const message = this.queue[this.queueHead++]!;
      this.decode(message.topic, message.payload);
      if ((this.queueHead & 15) === 0 && performance.now() > deadline) break;
    }
    if (this.queueHead < this.queue.length) {
      setImmediate(() => this.drain());
      return;
    }
    this.queue.length = 0;
    this.queueHead = 0;
    this.draining = false;
  }

  private decode(topic: string, payload: Buffer): void {
    this.messages++;
    try {
      const events = topic.startsWith('spBv1.0/')
        ? this.sparkplug.handle(topic.split('/'), payload)
        : this.json.handle(topic, payload);
      for (const event of events) this.options.sink.accept(event);
    } catch (error) {
      this.options.errors.record('ingest.internal', `${topic.slice(0, 120)}: ${errorMessage(error)}`);
    }
  }

  private requestRebirth(group: string, node: string, reason: string): void {
    const key = `${group}/${node}`;
    const now = Date.now();
    if (now - (this.lastRebirth.get(key) ?? 0) < (this.options.rebirthIntervalMs ?? 5_000)) return;
    this.lastRebirth.set(key, now);
    this.options.log.info(`requesting rebirth of ${key}: ${reason}`);
    const payload = encodeSparkplug({
      timestamp: now,
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true, timestamp: now }],
    });
    this.client?.publish(`spBv1.0/${group}/NCMD/${node}`, Buffer.from(payload), { qos: 0 });
  }

  private setLink(state: LinkState, lastError: string | null): void {
    if (state === this.status.state && lastError === this.status.lastError) return;
    this.status = {
      ...this.status,
      state,
      since: state === this.status.state ? this.status.since : Date.now(),
      lastError,
    };
    this.options.onLinkChange?.(this.link());
  }
}

/** Never show a password that was given in the broker URL. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
