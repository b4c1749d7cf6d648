import { errorMessage, type Logger } from '../platform/logger.js';
import type { InputErrors } from './inputErrors.js';
import type { IngestEvent, IngestSink } from './ingestEvents.js';
import { encodeSparkplug } from './sparkplug/codec.js';
import { SparkplugHost, type MetricLookup } from './sparkplug/host.js';

/** Longest stretch of decoding before the main thread is given back to other work. */
const SLICE_MS = 4;
/** Messages waiting for decoding beyond which new ones are refused (and counted). */
const MAX_QUEUED = 500_000;

/** The plain-JSON side (json/jsonMappings.ts): the topics it reads, and how it reads them. */
export interface JsonTopicDecoder {
  topicFilters(): string[];
  handle(topic: string, payload: Uint8Array): IngestEvent[];
}

export interface SiteDecoderOptions {
  /** The broker the messages come from: every device event is stamped with it. */
  brokerId: string;
  /** The site's JSON mappings, shared by every link. */
  json: JsonTopicDecoder;
  log: Logger;
  errors: InputErrors;
  sink: IngestSink;
  /** Sends a message on the same broker; false when the link is down (the request is dropped). */
  publish(topic: string, payload: Buffer): boolean;
  /** Minimum time between two rebirth requests to one edge node. */
  rebirthIntervalMs?: number;
  /** Told of each rebirth request sent, with the edge node's name. */
  onRebirthRequested?: (node: string) => void;
  /** How long an early Sparkplug message waits for the ones before it (2 s by default). */
  reorderTimeoutMs?: number;
}

/**
 * The decoding half of one broker link: hands every message to its decoder (Sparkplug host or
 * the JSON mapping) and the decoded events to ingest. A bad message is counted and dropped;
 * nothing a device sends can throw past this class.
 *
 * Devices tend to publish on the same scan cycle, so messages arrive in bursts. They are queued
 * and decoded in slices of a few milliseconds, so a burst never holds the main thread — the one
 * that answers the window — for longer than that.
 */
export class SiteDecoder {
  private readonly sparkplug: SparkplugHost;
  private readonly json: JsonTopicDecoder;
  private readonly lastRebirth = new Map<string, number>();
  private messages = 0;
  private readonly queue: { topic: string; payload: Buffer }[] = [];
  private queueHead = 0;
  private draining = false;

  constructor(private readonly options: SiteDecoderOptions) {
    this.sparkplug = new SparkplugHost({
      errors: options.errors,
      requestRebirth: (group, node, reason) => this.requestRebirth(group, node, reason),
      deliver: (events) => this.accept(events),
      reorderTimeoutMs: options.reorderTimeoutMs,
    });
    this.json = options.json;
  }

  get messageCount(): number {
    return this.messages;
  }

  /** A Sparkplug metric of this broker's current sessions, for commands (see SparkplugHost.metric). */
  sparkplugMetric(node: string, device: string | null, name: string): MetricLookup {
    return this.sparkplug.metric(node, device, name);
  }

  /** What the JSON mappings read now; they say when it changes (SiteConnections.setJsonTopicFilters). */
  jsonTopicFilters(): string[] {
    return this.json.topicFilters();
  }

  /**
   * A new session with the broker: anything may have happened while we were away, so node
   * sessions are forgotten and the next message from each edge node asks it for fresh births.
   */
  newSession(): void {
    this.sparkplug.reset();
  }

  /**
   * Delivers the Sparkplug messages held for reordering, then drops what still waits for
   * decoding: after stop, nothing reaches ingest.
   */
  stop(): void {
    this.sparkplug.stop();
    this.queue.length = 0;
    this.queueHead = 0;
  }

  enqueue(topic: string, payload: Buffer): void {
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
      // Checked after every message: one Sparkplug DDATA may carry hundreds of metrics.
      if (performance.now() > deadline) break;
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
      this.accept(events);
    } catch (error) {
      this.options.errors.record('ingest.internal', `${topic.slice(0, 120)}: ${errorMessage(error)}`);
    }
  }

  private accept(events: IngestEvent[]): void {
    for (const event of events) this.options.sink.accept(this.fromThisBroker(event));
  }

  /** Which broker a device came from, so losing one link turns only that link's devices stale. */
  private fromThisBroker(event: IngestEvent): IngestEvent {
    if (event.kind === 'linkLost') return { ...event, broker: this.options.brokerId };
    return { ...event, device: { ...event.device, broker: this.options.brokerId } };
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
    if (!this.options.publish(`spBv1.0/${group}/NCMD/${node}`, Buffer.from(payload)))
      this.lastRebirth.delete(key); // not sent: ask again at the next chance
    else this.options.onRebirthRequested?.(node);
  }
}
