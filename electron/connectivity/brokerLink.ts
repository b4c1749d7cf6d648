import mqtt, { type MqttClient } from 'mqtt';
import type { LinkHealth, LinkState } from '../../shared/domain.js';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import type { CredentialStore } from '../credentials/credentialStore.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { Backoff } from './backoff.js';
import { hostStatePayload, hostStateTopic, parseHostState } from './hostState.js';
import type { InputErrors } from './inputErrors.js';
import type { IngestSink } from './ingestEvents.js';
import { describeLinkError } from './linkErrors.js';
import { connectOptions, LinkSetupError } from './mqttOptions.js';
import { SiteDecoder, type JsonTopicDecoder } from './siteDecoder.js';
import type { MetricLookup } from './sparkplug/host.js';
import { routeFor, type TopicRoute } from './topicRoutes.js';

/** A connection that held this long was a real session: the next failure backs off from the start. */
const STABLE_AFTER_MS = 10_000;
/** How long a clean stop waits for the broker to take the offline STATE. */
const STOP_STATE_TIMEOUT_MS = 2_000;

export interface BrokerLinkOptions {
  broker: BrokerConfig;
  /** The broker is the embedded one this app started. */
  embedded?: boolean;
  json: JsonTopicDecoder;
  credentials: CredentialStore;
  log: Logger;
  errors: InputErrors;
  sink: IngestSink;
  onChange?: (health: LinkHealth) => void;
  onRebirthRequested?: (node: string) => void;
  random?: () => number;
}

export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
  /** MQTT 5 only: the broker drops the message if it cannot deliver it within this time. */
  messageExpirySeconds?: number;
}

/** A publish is refused, not queued, when the link is down: a late command is worse than none. */
export type PublishOutcome =
  | { ok: true }
  | { ok: false; code: 'LINK_DOWN' | 'BAD_TOPIC' | 'PUBLISH_FAILED' | 'UNKNOWN_BROKER'; message: string };

/**
 * One connection to one site broker (mqtt.js), kept up by this class rather than mqtt.js: each
 * attempt is a new client with a fresh Sparkplug STATE Will, because mqtt.js would reconnect
 * with the Will it was built with and its timestamp must be that of the CONNECT
 * (sparkplug-host.md, "Host session"). Attempts back off exponentially with full jitter.
 * Messages go to this link's own SiteDecoder, so each broker keeps its own Sparkplug sessions.
 */
export class BrokerLink {
  readonly id: string;
  private readonly decoder: SiteDecoder;
  private readonly backoff: Backoff;
  private client: MqttClient | null = null;
  /** Counts attempts; a callback from an older one finds a different number and does nothing. */
  private generation = 0;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private status: Omit<LinkHealth, 'messages'>;
  /** The CONNECT time of the current session: the STATE timestamp of its Will and birth. */
  private sessionTs = 0;
  private connectedAt = 0;
  private readonly pending = new Set<(outcome: PublishOutcome) => void>();
  /** The JSON topic filters this link is subscribed to (or will be, on connecting). */
  private jsonFilters: string[];
  /** Topics read by other services than ingest (alarm sync): see setTopicRoutes. */
  private routes: TopicRoute[] = [];

  constructor(private readonly options: BrokerLinkOptions) {
    const { broker } = options;
    this.id = broker.id;
    this.backoff = new Backoff(broker.reconnect.initialMs, broker.reconnect.maxMs, options.random);
    this.decoder = new SiteDecoder({
      brokerId: broker.id,
      json: options.json,
      log: options.log,
      errors: options.errors,
      sink: options.sink,
      publish: (topic, payload) => this.publishNow(topic, payload, { qos: 0 }),
      onRebirthRequested: options.onRebirthRequested,
    });
    this.status = {
      id: broker.id,
      name: broker.name ?? broker.id,
      url: redact(broker.url),
      embedded: options.embedded ?? false,
      mqttVersion: broker.mqttVersion,
      tls: broker.tls !== undefined || /^(mqtts|wss|ssl):/.test(broker.url),
      state: 'connecting',
      since: Date.now(),
      lastError: null,
      failures: 0,
      nextAttemptAt: null,
      hostId: broker.sparkplug.hostId ?? null,
    };
    this.jsonFilters = broker.json ? this.decoder.jsonTopicFilters() : [];
    if (broker.tls?.rejectUnauthorized === false)
      options.log.warn(`broker ${broker.id}: TLS certificate checks are OFF (rejectUnauthorized false)`);
  }

  get url(): string {
    return this.options.broker.url;
  }

  get mqttVersion(): 4 | 5 {
    return this.options.broker.mqttVersion;
  }

  sparkplugMetric(node: string, device: string | null, name: string): MetricLookup {
    return this.decoder.sparkplugMetric(node, device, name);
  }

  health(): LinkHealth {
    return { ...this.status, messages: this.decoder.messageCount };
  }

  /** Starts connecting and returns at once: a broker that is down must not hold up start-up. */
  start(): Promise<void> {
    this.stopped = false;
    void this.attempt();
    return Promise.resolve();
  }

  /** Clean shutdown: STATE offline (retained) before DISCONNECT, so no Will is published. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    this.clearRetry();
    const client = this.client;
    this.client = null;
    this.failPending('the link is stopping');
    if (client) {
      client.removeAllListeners('close').removeAllListeners('message');
      client.removeAllListeners('error').on('error', () => {});
      const hostId = this.options.broker.sparkplug.hostId;
      if (client.connected && hostId) {
        const offline = client.publishAsync(hostStateTopic(hostId), hostStatePayload(false, Date.now()), {
          qos: 1,
          retain: true,
        });
        await withTimeout(offline, STOP_STATE_TIMEOUT_MS).catch((error: unknown) =>
          this.options.log.warn(`offline STATE not confirmed: ${errorMessage(error)}`),
        );
      }
      await withTimeout(client.endAsync(!client.connected), STOP_STATE_TIMEOUT_MS).catch(() =>
        client.end(true),
      );
    }
    this.decoder.stop();
    // From here on nobody watches these devices: history records their values as stale.
    if (this.status.state === 'connected')
      this.options.sink.accept({ kind: 'linkLost', ts: Date.now(), broker: this.id });
    this.setState('disconnected', this.status.lastError);
  }

  /** Tries again now rather than at the end of the backoff (e.g. after a new password was set). */
  retryNow(): void {
    if (this.stopped || this.status.state === 'connected' || this.status.state === 'connecting') return;
    this.clearRetry();
    this.backoff.reset();
    void this.attempt();
  }

  /**
   * Follows a change of the JSON mappings' topics: subscribes to the new filters and drops the
   * old ones, at once when connected, else on the next connect. A link with `json: false`
   * reads no JSON and ignores this.
   */
  setJsonTopicFilters(filters: readonly string[]): void {
    if (!this.options.broker.json) return;
    const added = filters.filter((filter) => !this.jsonFilters.includes(filter));
    const removed = this.jsonFilters.filter((filter) => !filters.includes(filter));
    this.jsonFilters = [...filters];
    const client = this.client;
    if (!client || this.status.state !== 'connected') return;
    const log = (what: string) => (error?: Error | null) => {
      if (error) this.options.log.error(`broker ${this.id}: ${what} failed: ${errorMessage(error)}`);
    };
    if (added.length > 0) client.subscribe(added, { qos: 0 }, log('subscribe'));
    if (removed.length > 0) client.unsubscribe(removed, log('unsubscribe'));
  }

  /**
   * Topics that services other than ingest read on this link (alarm sync): subscribed on every
   * connect with their own QoS, their messages handed to the route and never to the decoders.
   * Follows a change at once when connected, as setJsonTopicFilters does.
   */
  setTopicRoutes(routes: readonly TopicRoute[]): void {
    const filters = (list: readonly TopicRoute[]) => list.map((route) => route.filter);
    const added = routes.filter((route) => !filters(this.routes).includes(route.filter));
    const removed = filters(this.routes).filter(
      (filter) => !filters(routes).includes(filter) && !this.jsonFilters.includes(filter),
    );
    this.routes = [...routes];
    const client = this.client;
    if (!client || this.status.state !== 'connected') return;
    for (const route of added) this.subscribeRoute(client, route);
    if (removed.length > 0)
      client.unsubscribe(removed, (error) => {
        if (error) this.options.log.error(`broker ${this.id}: unsubscribe failed: ${errorMessage(error)}`);
      });
  }

  /** Publishes on this link if it is up; otherwise refuses at once. Never throws. */
  publish(topic: string, payload: Buffer, options: PublishOptions): Promise<PublishOutcome> {
    const refused = this.refusal(topic);
    if (refused) return Promise.resolve(refused);
    const client = this.client!;
    const expiry = options.messageExpirySeconds;
    return new Promise((resolve) => {
      const settle = (outcome: PublishOutcome) => {
        if (this.pending.delete(settle)) resolve(outcome);
      };
      this.pending.add(settle);
      const failed = (error: unknown) =>
        settle({ ok: false, code: 'PUBLISH_FAILED', message: errorMessage(error) });
      try {
        client.publish(
          topic,
          payload,
          {
            qos: options.qos,
            retain: options.retain,
            ...(this.options.broker.mqttVersion === 5 && expiry !== undefined
              ? { properties: { messageExpiryInterval: expiry } }
              : {}),
          },
          (error) => (error ? failed(error) : settle({ ok: true })),
        );
      } catch (error) {
        failed(error); // mqtt.js throws on some bad options rather than calling back
      }
    });
  }

  private refusal(topic: string): PublishOutcome | null {
    if (topic === '' || /[+#\0]/.test(topic))
      return { ok: false, code: 'BAD_TOPIC', message: `not a topic to publish on: ${topic.slice(0, 120)}` };
    if (!this.client || this.status.state !== 'connected')
      return {
        ok: false,
        code: 'LINK_DOWN',
        message: `broker "${this.id}" is ${this.status.state}: not sent (nothing is queued while a link is down)`,
      };
    return null;
  }

  /** For rebirth requests: fire and forget, false when the link is down. */
  private publishNow(topic: string, payload: Buffer, options: { qos: 0 }): boolean {
    if (this.refusal(topic)) return false;
    this.client!.publish(topic, payload, options);
    return true;
  }

  private async attempt(): Promise<void> {
    const generation = ++this.generation;
    this.retryTimer = null;
    this.status.nextAttemptAt = null;
    this.setState('connecting', this.status.lastError);
    const { broker } = this.options;
    const hostId = broker.sparkplug.hostId;
    const sessionTs = Date.now();
    const will = hostId
      ? {
          topic: hostStateTopic(hostId),
          payload: hostStatePayload(false, sessionTs),
          qos: 1 as const,
          retain: true,
        }
      : undefined;
    let client: MqttClient;
    try {
      const options = await connectOptions(broker, this.options.credentials, will);
      if (generation !== this.generation) return;
      client = mqtt.connect(broker.url, options);
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof LinkSetupError ? error.message : describeLinkError(error);
      this.options.log.once(`setup:${message}`, 'warn', `broker ${this.id}: ${message}`);
      this.status.failures++;
      this.scheduleRetry(message);
      return;
    }
    this.client = client;
    client.on('connect', () => {
      if (this.client === client) this.onConnect(client, sessionTs);
    });
    client.on('message', (topic, payload, packet) => {
      if (this.client === client) this.onMessage(topic, payload, packet.retain);
    });
    client.on('error', (error) => this.onEnd(client, error));
    client.on('close', () => this.onEnd(client, null));
  }

  private onConnect(client: MqttClient, sessionTs: number): void {
    const { broker } = this.options;
    const hostId = broker.sparkplug.hostId;
    this.sessionTs = sessionTs;
    this.connectedAt = Date.now();
    this.decoder.newSession();
    const filters: Record<string, { qos: 0 | 1 }> = {};
    for (const group of broker.sparkplug.groups ?? ['#'])
      filters[group === '#' ? 'spBv1.0/#' : `spBv1.0/${group}/#`] = { qos: 0 };
    for (const filter of this.jsonFilters) filters[filter] ??= { qos: 0 };
    if (hostId) filters[hostStateTopic(hostId)] = { qos: 1 };
    client.subscribe(filters, (error) => {
      if (error) this.options.log.error(`broker ${this.id}: subscribe failed: ${errorMessage(error)}`);
    });
    for (const route of this.routes) this.subscribeRoute(client, route);
    // The first publish of every session, with the Will's timestamp (Sparkplug 3.0 host rules).
    if (hostId) this.publishOnline(client, hostId);
    this.setState('connected', null);
  }

  /** A route's own subscription, so that its session starts once the broker granted it. */
  private subscribeRoute(client: MqttClient, route: TopicRoute): void {
    client.subscribe(route.filter, { qos: route.qos }, (error) => {
      if (error) {
        this.options.log.error(
          `broker ${this.id}: subscribe to ${route.filter} failed: ${errorMessage(error)}`,
        );
        return;
      }
      if (this.client === client && this.routes.includes(route)) route.onSession?.();
    });
  }

  private publishOnline(client: MqttClient, hostId: string): void {
    client.publish(hostStateTopic(hostId), hostStatePayload(true, this.sessionTs), { qos: 1, retain: true });
  }

  private onMessage(topic: string, payload: Buffer, retained: boolean): void {
    const route = this.routes.length > 0 ? routeFor(this.routes, topic) : undefined;
    if (route) {
      try {
        route.onMessage(topic, payload, retained);
      } catch (error) {
        this.options.errors.record('route.internal', `${topic.slice(0, 120)}: ${errorMessage(error)}`);
      }
      return;
    }
    const hostId = this.options.broker.sparkplug.hostId;
    if (hostId && topic === hostStateTopic(hostId)) {
      // Someone (a late Will, an operator's tool) said we are offline while we are not: say
      // otherwise at once, as the Sparkplug host rules ask. A retained offline is the last
      // session's, which our online (sent right after subscribing) already replaces.
      const state = parseHostState(payload);
      if (state && !state.online && !retained && this.client && this.status.state === 'connected')
        this.publishOnline(this.client, hostId);
      return;
    }
    this.decoder.enqueue(topic, payload);
  }

  /** An attempt failed or a session ended: release the client and try again after a backoff. */
  private onEnd(client: MqttClient, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => {}); // a late socket error of a dropped client is not ours to report
    client.end(true);
    this.failPending('the link went down before the broker confirmed');
    const message = error ? describeLinkError(error) : null;
    if (message) this.options.log.once(`link:${message}`, 'warn', `broker ${this.id}: ${message}`);
    if (this.status.state === 'connected') {
      this.options.log.warn(`broker ${this.id}: link lost${message ? ` (${message})` : ''}`);
      this.options.sink.accept({ kind: 'linkLost', ts: Date.now(), broker: this.id });
      if (Date.now() - this.connectedAt >= STABLE_AFTER_MS) this.backoff.reset();
    }
    this.status.failures++;
    this.scheduleRetry(message ?? this.status.lastError, message ? 'error' : 'disconnected');
  }

  private scheduleRetry(lastError: string | null, state: LinkState = 'error'): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.status.nextAttemptAt = Date.now() + delay;
    this.setState(state, lastError, true);
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.status.nextAttemptAt = null;
  }

  private failPending(reason: string): void {
    for (const settle of [...this.pending])
      settle({ ok: false, code: 'LINK_DOWN', message: `broker "${this.id}": ${reason}` });
  }

  private setState(state: LinkState, lastError: string | null, force = false): void {
    if (!force && state === this.status.state && lastError === this.status.lastError) return;
    this.status = {
      ...this.status,
      state,
      since: state === this.status.state ? this.status.since : Date.now(),
      lastError,
    };
    this.options.onChange?.(this.health());
  }
}

/** Never show a password that was given in the broker URL. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
