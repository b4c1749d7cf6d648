import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { IClientOptions } from 'mqtt';
import { passwordSecretOf, type BrokerConfig } from '../../shared/siteConfig.js';
import type { CredentialStore } from '../credentials/credentialStore.js';
import { errorMessage } from '../platform/logger.js';

/** Seconds to wait for CONNACK before the attempt counts as failed. */
const CONNECT_TIMEOUT_MS = 10_000;

/** A failure to prepare a connection (a missing file, no password): shown as the link's last error. */
export class LinkSetupError extends Error {}

export interface Will {
  topic: string;
  payload: Buffer;
  qos: 1;
  retain: boolean;
}

/**
 * mqtt.js options for one connection attempt. Certificates and the password are read afresh for
 * each attempt, so a renewed certificate or a password the admin just set applies without a
 * restart. mqtt.js's own reconnect stays off: BrokerLink reconnects with backoff and a fresh Will.
 */
export async function connectOptions(
  broker: BrokerConfig,
  credentials: CredentialStore,
  will: Will | undefined,
): Promise<IClientOptions> {
  const options: IClientOptions = {
    clientId: broker.clientId ?? defaultClientId(broker.id),
    protocolVersion: broker.mqttVersion,
    keepalive: broker.keepaliveSeconds,
    clean: broker.cleanSession,
    reconnectPeriod: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Nothing waits for a link that is down: a command sent late is worse than one refused.
    queueQoSZero: false,
    resubscribe: false,
  };
  if (will) options.will = will;
  if (broker.username !== undefined) {
    options.username = broker.username;
    const password = await readPassword(broker, credentials);
    if (password !== null) options.password = password;
  }
  if (broker.tls) {
    const { caFile, certFile, keyFile, rejectUnauthorized, servername } = broker.tls;
    if (caFile) options.ca = await readPem('CA file', caFile);
    if (certFile) options.cert = await readPem('client certificate', certFile);
    if (keyFile) options.key = await readPem('client key', keyFile);
    options.rejectUnauthorized = rejectUnauthorized;
    if (servername) options.servername = servername;
  }
  return options;
}

/** Stable across restarts (so the broker's session and ACLs recognise us), unique per broker. */
export function defaultClientId(brokerId: string): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_-]/g, '')
      .slice(0, 40) || 'host';
  return `watchkeeper-${host}-${brokerId}`;
}

async function readPassword(broker: BrokerConfig, credentials: CredentialStore): Promise<string | null> {
  const id = passwordSecretOf(broker);
  try {
    return await credentials.get(id);
  } catch (error) {
    throw new LinkSetupError(`credentials: ${errorMessage(error)}`);
  }
}

async function readPem(what: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new LinkSetupError(`cannot read the ${what} ${path}: ${errorMessage(error)}`);
  }
}
