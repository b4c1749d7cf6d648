import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Receiver } from '../../electron/sync/receiver/receiver.js';
import { ReceiverStore } from '../../electron/sync/receiver/receiverStore.js';
import type { SyncSettingsInput } from '../../shared/sync.js';
import { freePort, type MosquittoHandle } from './mosquitto.js';
import { makeTestPki, startMosquittoTls, type TestPki } from './mosquittoTls.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';

/**
 * The cloud side of the sync tests: a Mosquitto with TLS and client certificates (and a plain
 * listener for the packet-aware proxy), a TCP proxy the site connects through, and the reference
 * receiver writing to SQLite. The site is given `settings()`; the test cuts, stalls or restarts.
 */
export interface CloudRig {
  pki: TestPki;
  broker: MosquittoHandle;
  proxy: TcpProxy;
  /** Through the proxy: `mqtts://` to the TLS listener, or `mqtt://` to the plain one (`mqtt: true`). */
  siteUrl: string;
  receiver: ReceiverStore;
  /** SyncSettings for the site: enabled, the cloud broker through the proxy with the client certificate. */
  settings(extra?: Partial<SyncSettingsInput>): SyncSettingsInput;
  /** Stops the broker (SIGTERM: a persistent one saves) and starts it again on the same ports. */
  restartBroker(): Promise<void>;
  stopReceiver(): Promise<void>;
  startReceiver(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCloudRig(options: {
  dir: string;
  /** The proxy reads MQTT packets (hold PUBACKs, cut mid-PUBLISH): the site then speaks plain MQTT. */
  mqtt?: boolean;
  /** The broker keeps sessions and queued messages across restarts. */
  persistent?: boolean;
  prefix?: string;
}): Promise<CloudRig> {
  const pki = await makeTestPki(options.dir);
  const plainPort = await freePort();
  const start = (port?: number) =>
    startMosquittoTls({
      pki,
      dir: options.dir,
      requireCertificate: true,
      plainPort,
      ...(port === undefined ? {} : { port }),
      ...(options.persistent ? { persistenceDir: options.dir } : {}),
    });
  let broker = await start();
  const proxy = await startTcpProxy(
    { port: options.mqtt ? plainPort : broker.port },
    { mqtt: options.mqtt ?? false },
  );
  const prefix = options.prefix ?? 'watchkeeper';
  const receiverFile = join(options.dir, 'received.db');
  const store = new ReceiverStore(receiverFile);
  let receiver: Receiver | null = null;
  const tls = {
    ca: readFileSync(pki.caFile),
    cert: readFileSync(pki.clientCert),
    key: readFileSync(pki.clientKey),
  };
  const startReceiver = async () => {
    receiver = new Receiver({
      url: broker.url,
      prefix,
      clientId: 'cloud-receiver',
      connect: tls,
      store,
      log: createMemoryLogger('receiver'),
    });
    await receiver.start();
  };
  const stopReceiver = async () => {
    await receiver?.stop();
    receiver = null;
  };
  await startReceiver();
  const siteUrl = options.mqtt ? `mqtt://127.0.0.1:${proxy.port}` : `mqtts://127.0.0.1:${proxy.port}`;
  return {
    pki,
    get broker() {
      return broker;
    },
    proxy,
    siteUrl,
    get receiver() {
      return store;
    },
    settings: (extra = {}) => ({
      enabled: true,
      topicPrefix: prefix,
      cloud: {
        id: 'cloud',
        url: siteUrl,
        clientId: 'site-cloud-link',
        cleanSession: false,
        keepaliveSeconds: 5,
        reconnect: { initialMs: 100, maxMs: 1_000 },
        ...(options.mqtt
          ? {}
          : { tls: { caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey } }),
      },
      ...extra,
    }),
    async restartBroker() {
      const port = broker.port;
      await broker.stop();
      broker = await start(port);
    },
    startReceiver,
    stopReceiver,
    async stop() {
      await stopReceiver();
      store.close();
      await proxy.stop();
      await broker.stop();
    },
  };
}
