import type { LinkHealth } from '../../shared/domain.js';
import { passwordSecretOf, type BrokerConfig } from '../../shared/siteConfig.js';
import { CredentialStoreError, type CredentialStore } from '../credentials/credentialStore.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { BrokerLink, type PublishOptions, type PublishOutcome } from './brokerLink.js';
import type { InputErrors } from './inputErrors.js';
import type { IngestSink } from './ingestEvents.js';
import type { JsonTopicDecoder } from './siteDecoder.js';
import type { MetricLookup } from './sparkplug/host.js';
import type { TopicRoute } from './topicRoutes.js';

export interface SiteConnectionsOptions {
  brokers: { config: BrokerConfig; embedded?: boolean }[];
  /** The site's JSON mappings, shared by every link. */
  json: JsonTopicDecoder;
  credentials: CredentialStore;
  log: Logger;
  errors: InputErrors;
  sink: IngestSink;
  onChange?: (health: LinkHealth) => void;
  /** Told of each rebirth request sent, with the edge node's name. */
  onRebirthRequested?: (node: string) => void;
}

export type CredentialOutcome =
  | { ok: true; secret: string; protection: string }
  | { ok: false; code: 'NOT_FOUND' | 'UNAVAILABLE'; message: string };

/**
 * Every broker the site is wired to (two plant networks, a DMZ broker…), one BrokerLink each.
 * Links live and fail independently: one broker down turns only its own devices stale.
 */
export class SiteConnections {
  private readonly links = new Map<string, BrokerLink>();

  constructor(private readonly options: SiteConnectionsOptions) {
    for (const { config, embedded } of options.brokers) {
      this.links.set(
        config.id,
        new BrokerLink({
          broker: config,
          embedded,
          json: options.json,
          credentials: options.credentials,
          log: options.log.child(config.id),
          errors: options.errors,
          sink: options.sink,
          onChange: options.onChange,
          onRebirthRequested: options.onRebirthRequested,
        }),
      );
    }
  }

  async start(): Promise<void> {
    for (const link of this.links.values()) await link.start();
  }

  /** All links at once: each waits at most a moment for its broker to take the offline STATE. */
  async stop(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.stop()));
  }

  /** The JSON mappings' topics changed: every link follows (wired in the runtime). */
  setJsonTopicFilters(filters: readonly string[]): void {
    for (const link of this.links.values()) link.setJsonTopicFilters(filters);
  }

  /** Topics one broker's link reads for another service than ingest; false for an unknown broker. */
  setTopicRoutes(brokerId: string, routes: readonly TopicRoute[]): boolean {
    const link = this.links.get(brokerId);
    link?.setTopicRoutes(routes);
    return link !== undefined;
  }

  health(): LinkHealth[] {
    return [...this.links.values()].map((link) => link.health());
  }

  get messageCount(): number {
    let total = 0;
    for (const link of this.links.values()) total += link.health().messages;
    return total;
  }

  /**
   * Publishes on one broker, or says why not: a link that is down refuses at once rather than
   * queueing, so a command is never delivered long after the operator gave up on it.
   */
  publish(
    brokerId: string,
    topic: string,
    payload: Buffer,
    options: PublishOptions,
  ): Promise<PublishOutcome> {
    const link = this.links.get(brokerId);
    if (!link)
      return Promise.resolve({ ok: false, code: 'UNKNOWN_BROKER', message: `no broker "${brokerId}"` });
    return link.publish(topic, payload, options);
  }

  /** The MQTT version a broker's link speaks, or null for an unknown broker. */
  mqttVersion(brokerId: string): 4 | 5 | null {
    return this.links.get(brokerId)?.mqttVersion ?? null;
  }

  /** A Sparkplug metric as a broker's current sessions know it (for commands). */
  sparkplugMetric(brokerId: string, node: string, device: string | null, name: string): MetricLookup {
    const link = this.links.get(brokerId);
    if (!link) return { ok: false, reason: `no broker "${brokerId}"` };
    return link.sparkplugMetric(node, device, name);
  }

  /** Stores a broker's password; a link that is down tries again at once with it. */
  async setCredential(brokerId: string, password: string): Promise<CredentialOutcome> {
    const link = this.links.get(brokerId);
    const config = this.options.brokers.find((broker) => broker.config.id === brokerId)?.config;
    if (!link || !config) return { ok: false, code: 'NOT_FOUND', message: `no broker "${brokerId}"` };
    const secret = passwordSecretOf(config);
    try {
      await this.options.credentials.set(secret, password);
    } catch (error) {
      const message = error instanceof CredentialStoreError ? error.message : errorMessage(error);
      return { ok: false, code: 'UNAVAILABLE', message: `the password was not stored: ${message}` };
    }
    this.options.log.info(`password for broker ${brokerId} stored (${this.options.credentials.protection})`);
    link.retryNow();
    return { ok: true, secret, protection: this.options.credentials.protection };
  }
}
