import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import type { SiteConfigFile } from '../../shared/siteConfigFile.js';
import type { SyncSettingsInput, SyncStatus } from '../../shared/sync.js';
import { startCloudRig, type CloudRig } from './cloudRig.js';
import { startMosquitto } from './mosquitto.js';
import { waitFor } from './waitFor.js';

export const SITE = 'site1';

/**
 * A site for the sync tests: a real runtime (config.db, historian, alarms, the sync service) on
 * a real site broker, with a JSON device publishing samples, sending up through the cloud rig.
 */
export async function startSyncSite(options: {
  dataDir: string;
  siteBrokerUrl: string;
  cloud: SyncSettingsInput;
}) {
  const log = createMemoryLogger('site');
  const runtime = new Runtime(
    {
      dataDir: options.dataDir,
      brokerUrl: options.siteBrokerUrl,
      demo: false,
      clientId: `wk-sync-site-${process.pid}`,
      siteId: SITE,
      station: 'station1',
      cloud: options.cloud,
    },
    log,
  );
  await runtime.start();
  const session = { subscribe: () => 0, close: () => {} };
  /** An API call as the local engineer/admin makes it. */
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const answer = await runtime.dispatch(method, params, {
      caller: { user: 'engineer', roles: ['admin', 'engineer'] },
      session,
    });
    if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  };
  const device: MqttClient = await mqtt.connectAsync(options.siteBrokerUrl, {
    clientId: `device-${process.pid}`,
  });
  return {
    runtime,
    log,
    status: (): Promise<SyncStatus> => runtime.sync.status(),
    /** Publishes a JSON sample of `tag` as a device would (`factory/<tag>`). */
    sample: (tag: string, value: number) =>
      device.publishAsync(`factory/${tag}`, JSON.stringify({ value }), { qos: 1 }),
    call,
    /** The site's configuration as exported (what a cloud edits a document from). */
    exported: () => call<SiteConfigFile>('site.exportConfig', {}),
    waitLink: (state: SyncStatus['link']) =>
      waitFor(`the cloud link ${state}`, async () => (await runtime.sync.status()).link === state),
    async stop() {
      await device.endAsync();
      await runtime.stop();
    },
  };
}

/** A cloud-side client of the rig's broker, as the cloud team's tools would publish with. */
export async function cloudClient(rig: CloudRig): Promise<MqttClient> {
  return mqtt.connectAsync(rig.broker.url, {
    ca: readFileSync(rig.pki.caFile),
    cert: readFileSync(rig.pki.clientCert),
    key: readFileSync(rig.pki.clientKey),
    clientId: `cloud-tool-${process.pid}`,
  });
}

/**
 * Everything a sync test stands on, started in order: a site broker, the cloud rig (options as
 * startCloudRig's) and a site whose link is up; `stop` ends them in reverse and removes `dir`.
 */
export async function startSyncWorld(
  dir: { path: string; remove(): void },
  rigOptions: Omit<Parameters<typeof startCloudRig>[0], 'dir'> = {},
) {
  const siteBroker = await startMosquitto();
  const rig = await startCloudRig({ dir: dir.path, ...rigOptions });
  const site = await startSyncSite({
    dataDir: `${dir.path}/site`,
    siteBrokerUrl: siteBroker.url,
    cloud: rig.settings(),
  });
  await site.waitLink('up');
  return {
    siteBroker,
    rig,
    site,
    async stop(): Promise<void> {
      await site.stop();
      await rig.stop();
      await siteBroker.stop();
      dir.remove();
    },
  };
}

export type SyncSite = Awaited<ReturnType<typeof startSyncSite>>;
