import mqtt, { type IClientPublishOptions, type MqttClient } from 'mqtt';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import { MAX_DOWN_MESSAGE_BYTES, type SyncLinkState } from '../../shared/sync.js';
import { Backoff } from '../connectivity/backoff.js';
import { redact } from '../connectivity/brokerLink.js';
import { describeLinkError } from '../connectivity/linkErrors.js';
import { connectOptions, defaultClientId, LinkSetupError } from '../connectivity/mqttOptions.js';
import type { CredentialStore } from '../credentials/credentialStore.js';
import { errorMessage, type Logger } from '../platform/logger.js';

/** A connection that held this long was a real session: the next failure backs off from the start. */
const STABLE_AFTER_MS = 10_000;
const STOP_TIMEOUT_MS = 2_000;

/** Takes the downward messages (configuration documents); electron/sync/down/ implements it. */
export type DownwardHandler = (topic: string, payload: Buffer) => void;

/** One connection to the cloud broker: publishes in call order, `done` on the broker's PUBACK. */
export interface CloudSession {
  /** Counts connections; a PUBACK of an older one does not belong to the current window. */
  readonly id: number;
  publish(topic: string, payload: Buffer, done: (error?: Error) => void): void;
}

export interface CloudLinkStatus {
  state: SyncLinkState;
  detail: string | null;
  broker: string;
  since: number;
}

export interface CloudLinkOptions {
  broker: BrokerConfig;
  /** Subscribed QoS 1 whenever the broker has no session for us (when `subscribeDown`). */
  downTopic: string;
  /** Whether downward documents are taken (a handler exists and the settings accept them). */
  subscribeDown: boolean;
  credentials: CredentialStore;
  log: Logger;
  onDownward: DownwardHandler;
  /** A session began (null: it ended). The drain starts again from the oldest unacknowledged batch. */
  onSession(session: CloudSession | null): void;
  onStatus(status: CloudLinkStatus): void;
  random?: () => number;
}

/**
 * The link to the cloud broker (mqtt.js, MQTT 3.1.1 or 5, TLS and client certificates or a
 * username and password from the credential store, as for site brokers: mqttOptions.ts).
 * A persistent session (clean false, stable client id), so downward documents sent while the
 * site was offline wait at the broker; the downward topic is subscribed again on every CONNACK
 * without sessionPresent. Each attempt is a new client, reconnected with backoff by this class
 * (mqtt.js's own reconnect would keep its in-flight store, which the outbox already is).
 */
export class CloudLink {
  private readonly backoff: Backoff;
  private client: MqttClient | null = null;
  private generation = 0;
  private sessions = 0;
  private stopped = true;
  private connected = false;
  private connectedAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Why the link is degraded (a broker that does not acknowledge); cleared by the next PUBACK. */
  private degradedDetail: string | null = null;
  private status: CloudLinkStatus;

  constructor(private readonly options: CloudLinkOptions) {
    this.backoff = new Backoff(
      options.broker.reconnect.initialMs,
      options.broker.reconnect.maxMs,
      options.random,
    );
    this.status = { state: 'off', detail: null, broker: redact(options.broker.url), since: Date.now() };
    if (options.broker.tls?.rejectUnauthorized === false)
      options.log.warn(`cloud broker: TLS certificate checks are OFF (rejectUnauthorized false)`);
  }

  current(): CloudLinkStatus {
    return { ...this.status };
  }

  start(): void {
    this.stopped = false;
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    this.clearRetry();
    const client = this.client;
    this.client = null;
    if (this.connected) this.options.onSession(null);
    this.connected = false;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      await withTimeout(client.endAsync(!client.connected), STOP_TIMEOUT_MS).catch(() => client.end(true));
    }
    this.setStatus('off', null);
  }

  /** Connects now instead of waiting out the backoff (an operator's word, a new password). */
  reconnect(): void {
    // A link that is up stays up: "connect now" is for one waiting out its backoff.
    if (this.stopped || (this.connected && this.degradedDetail === null)) return;
    this.backoff.reset();
    this.restart(null);
  }

  /**
   * The broker holds the connection but does not do its part (no PUBACK in time): shown as
   * degraded with `detail`, and the connection is made again after a backoff.
   */
  degrade(detail: string): void {
    if (this.stopped) return;
    this.options.log.once(`degraded:${detail}`, 'warn', `cloud broker: ${detail}`);
    this.degradedDetail = detail;
    this.restart(detail);
  }

  /** A PUBACK came: whatever degraded the link is over. */
  healthy(): void {
    if (this.degradedDetail === null) return;
    this.degradedDetail = null;
    if (this.connected) this.setStatus('up', null);
  }

  private restart(detail: string | null): void {
    const client = this.client;
    if (client) this.onEnd(client, null, detail ?? 'reconnecting on request', true);
    else {
      this.clearRetry();
      void this.attempt();
    }
  }

  private async attempt(): Promise<void> {
    const generation = ++this.generation;
    this.retryTimer = null;
    this.setStatus(
      this.degradedDetail ? 'degraded' : 'connecting',
      this.degradedDetail ?? this.status.detail,
    );
    const { broker } = this.options;
    let client: MqttClient;
    try {
      const options = await connectOptions(
        { ...broker, cleanSession: false, clientId: broker.clientId ?? `${defaultClientId(broker.id)}-sync` },
        this.options.credentials,
        undefined,
      );
      if (generation !== this.generation) return;
      // MQTT 5 lets us tell the broker the largest packet we take: an oversized document is
      // refused there rather than buffered here (3.1.1 has no such field; down/ checks size).
      if (broker.mqttVersion === 5)
        options.properties = { maximumPacketSize: MAX_DOWN_MESSAGE_BYTES + 65_536 };
      client = mqtt.connect(broker.url, options);
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof LinkSetupError ? error.message : describeLinkError(error);
      this.options.log.once(`setup:${message}`, 'warn', `cloud broker: ${message}`);
      this.scheduleRetry(message);
      return;
    }
    this.client = client;
    client.on('connect', (connack) => {
      if (this.client === client) this.onConnect(client, connack.sessionPresent);
    });
    client.on('message', (topic, payload) => {
      if (this.client !== client) return;
      try {
        this.options.onDownward(topic, payload);
      } catch (error) {
        this.options.log.error(
          `cloud broker: downward message on ${topic.slice(0, 120)}: ${errorMessage(error)}`,
        );
      }
    });
    client.on('error', (error) => this.onEnd(client, error, null));
    client.on('close', () => this.onEnd(client, null, null));
  }

  private onConnect(client: MqttClient, sessionPresent: boolean): void {
    this.connected = true;
    this.connectedAt = Date.now();
    // Without a session the broker forgot our subscription; with one it still queues for us.
    if (!sessionPresent && this.options.subscribeDown)
      client.subscribe(this.options.downTopic, { qos: 1 }, (error) => {
        if (error) this.options.log.error(`cloud broker: subscribe failed: ${errorMessage(error)}`);
      });
    this.setStatus(this.degradedDetail ? 'degraded' : 'up', this.degradedDetail);
    const id = ++this.sessions;
    this.options.onSession({
      id,
      publish: (topic, payload, done) => {
        if (this.client !== client || !this.connected) return done(new Error('the session ended'));
        const options: IClientPublishOptions = { qos: 1, retain: false };
        client.publish(topic, payload, options, (error) => done(error ?? undefined));
      },
    });
  }

  /** A session ended or an attempt failed: release the client and try again after a backoff. */
  private onEnd(client: MqttClient, error: Error | null, why: string | null, keepDegraded = false): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => {});
    client.end(true);
    const wasConnected = this.connected;
    this.connected = false;
    if (wasConnected) this.options.onSession(null);
    const message = error ? describeLinkError(error) : why;
    if (error) this.options.log.once(`link:${message}`, 'warn', `cloud broker: ${message}`);
    if (wasConnected && Date.now() - this.connectedAt >= STABLE_AFTER_MS) this.backoff.reset();
    if (!keepDegraded) this.degradedDetail = null;
    this.scheduleRetry(message ?? (wasConnected ? 'the broker closed the connection' : 'connection failed'));
  }

  private scheduleRetry(detail: string): void {
    if (this.stopped) return;
    this.clearRetry();
    const delay = this.backoff.next();
    const next = `next attempt in ${Math.ceil(delay / 1000)} s`;
    if (this.degradedDetail) this.setStatus('degraded', `${this.degradedDetail}; ${next}`);
    else this.setStatus('down', `${detail}; ${next}`);
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(state: SyncLinkState, detail: string | null): void {
    if (state === this.status.state && detail === this.status.detail) return;
    this.status = {
      ...this.status,
      state,
      detail,
      since: state === this.status.state ? this.status.since : Date.now(),
    };
    this.options.onStatus(this.current());
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
