import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../../../electron/config/configDb.js';
import { InputErrors } from '../../../../../electron/connectivity/inputErrors.js';
import { JsonMappings } from '../../../../../electron/connectivity/json/jsonMappings.js';
import { Historian } from '../../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import { SiteConfigService } from '../../../../../electron/siteConfig/siteConfigService.js';
import { BROKERS_REFUSED, DownConfig } from '../../../../../electron/sync/down/downConfig.js';
import { decodeBatch } from '../../../../../electron/sync/wire.js';
import { DeviceRegistry } from '../../../../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../../../../electron/tags/tagRegistry.js';
import { TagSettings } from '../../../../../electron/tags/tagSettings.js';
import type { BrokerConfig } from '../../../../../shared/siteConfig.js';
import { MAX_DOWN_MESSAGE_BYTES, type ConfigResultRecord } from '../../../../../shared/sync.js';
import { downDocument, highAlarmAt } from '../../../../helpers/downDocuments.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';

const TAG = 'boiler/b1/temp';
const TOPIC = 'watchkeeper/v1/site1/down/config';

/**
 * Downward configuration documents through the real config.db worker (outbox, seen ids,
 * version histories), tag settings, mappings and SiteConfigService. Brokers are the runtime's
 * list, as in the site handlers' test.
 */
describe('DownConfig (configuration documents from the cloud)', () => {
  const dir = makeTempDir();
  const log = createMemoryLogger();
  const historian = new Historian({ path: `${dir.path}/historian.db`, log });
  const configDb = new ConfigDb({ path: `${dir.path}/config.db`, log });
  const tags = new TagRegistry(historian);
  const devices = new DeviceRegistry({ siteStaleAfterMs: 15_000 });
  const settings = new TagSettings({
    store: configDb,
    tags,
    devices,
    compression: historian,
    onDevicesChanged: () => {},
  });
  const errors = new InputErrors(log);
  const mappings = new JsonMappings({ store: configDb, errors, log, shipped: () => [] });
  const brokers: BrokerConfig[] = [
    {
      id: 'north',
      url: 'mqtt://10.0.0.5:1883',
      mqttVersion: 4,
      keepaliveSeconds: 30,
      cleanSession: true,
      sparkplug: {},
      json: true,
      reconnect: { initialMs: 1000, maxMs: 60000 },
    },
  ];
  const site = new SiteConfigService({
    brokers: { configured: () => brokers, replace: () => Promise.reject(new Error('never from the cloud')) },
    mappings,
    settings,
    models: { stored: () => configDb.listBindings(), hasFile: () => false, apply: () => Promise.resolve() },
    tag: (id) => tags.get(id),
    log,
  });
  let accept = true;
  const down = new DownConfig({
    site,
    history: configDb,
    documents: configDb,
    outbox: configDb,
    acceptConfig: () => accept,
    errors,
    log,
  });
  let seq = 0;

  beforeAll(async () => {
    await Promise.all([configDb.start(), historian.start()]);
    await tags.start();
    await mappings.start();
    await settings.start();
    await configDb.setIdentity({ site: 'site1', station: 'station1' });
    const sync = await configDb.syncSettings();
    // On, so the outbox takes records; nothing connects to this broker in this test.
    const cloud = { ...brokers[0]!, id: 'cloud', url: 'mqtts://cloud.invalid:8883' };
    await configDb.saveSyncSettings({ ...sync.settings, enabled: true, cloud }, sync.version, 'test');
    // As an engineer's import on site would (the tag is not announced by a device here).
    await settings.importConfigs('tag', [highAlarmAt(TAG, 150)], 'olga');
  });

  afterAll(async () => {
    await down.stop();
    await configDb.stop();
    await historian.stop();
    dir.remove();
  });

  /** Result records sent up since the last call. */
  async function results(): Promise<ConfigResultRecord[]> {
    const batches = await configDb.nextBatches({
      streams: ['config'],
      after: { config: seq },
      maxBatches: 100,
      maxBytes: 10_000_000,
    });
    seq = batches.at(-1)?.seq ?? seq;
    return batches.flatMap((batch) => decodeBatch(batch.payload).records as ConfigResultRecord[]);
  }

  const send = (message: unknown) => down.handle(TOPIC, Buffer.from(JSON.stringify(message)));
  const highLimit = () => {
    const [high] = settings.alarmDefinitions(TAG) ?? [];
    return high && 'value' in high ? high.value : undefined;
  };

  it('applies a document that changes an alarm limit, as the cloud user, and says so up', async () => {
    await send(downDocument('doc-limit', { tags: [highAlarmAt(TAG, 120)] }));
    expect(highLimit()).toBe(120);
    const [newest] = await configDb.listItemConfigVersions('tag', TAG, 1);
    expect(newest?.changedBy).toBe('cloud:cloud-engineer (import)');
    expect(await results()).toEqual([
      expect.objectContaining({
        id: 'doc-limit',
        by: 'cloud-engineer',
        outcome: 'applied',
        problems: [],
        changes: [`tag ${TAG}: changed`],
      }),
    ]);
  });

  it('takes a gzip-compressed document too, and answers one that changes nothing as unchanged', async () => {
    await down.handle(
      TOPIC,
      gzipSync(JSON.stringify(downDocument('doc-same', { tags: [highAlarmAt(TAG, 120)] }))),
    );
    expect(await results()).toEqual([
      expect.objectContaining({ id: 'doc-same', outcome: 'unchanged', changes: [] }),
    ]);
  });

  it('ignores a document it has handled already (a QoS 1 redelivery), counting it', async () => {
    await send(downDocument('doc-limit', { tags: [highAlarmAt(TAG, 90)] }));
    expect(highLimit()).toBe(120);
    expect(await results()).toEqual([]);
    expect(errors.snapshot().errors['syncDown.duplicate']).toBe(1);
  });

  it('rejects a document whole when an item it changes was changed on site after it was based', async () => {
    const basedOnMs = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await settings.importConfigs('tag', [highAlarmAt(TAG, 130)], 'olga');
    const other = 'boiler/b2/temp';
    await send(
      downDocument('doc-conflict', { basedOnMs, tags: [highAlarmAt(TAG, 100), highAlarmAt(other, 100)] }),
    );
    expect(highLimit()).toBe(130);
    expect(settings.alarmDefinitions(other)).toBeUndefined();
    const [record] = await results();
    expect(record).toMatchObject({ id: 'doc-conflict', outcome: 'rejected' });
    expect(record!.problems).toEqual([
      expect.stringMatching(new RegExp(`^tag ${TAG} was changed on site by olga at `)),
    ]);
  });

  it('applies over local changes made before the document was based, or when it gives no base', async () => {
    await send(downDocument('doc-later', { basedOnMs: Date.now() + 1000, tags: [highAlarmAt(TAG, 140)] }));
    expect(highLimit()).toBe(140);
    await send(downDocument('doc-nobase', { basedOnMs: null, tags: [highAlarmAt(TAG, 145)] }));
    expect(highLimit()).toBe(145);
    expect((await results()).map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });

  it('refuses a document that would change the site brokers, saying why', async () => {
    const other = { id: 'south', url: 'mqtt://10.9.9.9:1883' };
    await send(downDocument('doc-brokers', { brokers: [other], tags: [highAlarmAt(TAG, 10)] }));
    expect(highLimit()).toBe(145);
    expect(await results()).toEqual([
      expect.objectContaining({ id: 'doc-brokers', outcome: 'rejected', problems: [BROKERS_REFUSED] }),
    ]);
  });

  it('rejects a document the importer finds invalid, with every problem, and changes nothing', async () => {
    const bad = {
      id: TAG,
      config: {
        engRange: { low: 0, high: 200 },
        alarms: [{ kind: 'H', value: 100, deadband: 500, priority: 'high' }],
      },
    };
    await send(downDocument('doc-invalid', { tags: [bad as ReturnType<typeof highAlarmAt>] }));
    expect(highLimit()).toBe(145);
    const [record] = await results();
    expect(record).toMatchObject({ id: 'doc-invalid', outcome: 'rejected' });
    expect(record!.problems.length).toBeGreaterThan(0);
  });

  it('answers a document of the wrong shape by its id (once, however often it comes), and only counts what cannot be read', async () => {
    await send({ ...downDocument('doc-shape'), kind: 'firmware' });
    await send({ ...downDocument('doc-shape'), kind: 'firmware' });
    await down.handle(TOPIC, Buffer.from('{not json'));
    await down.handle(TOPIC, Buffer.alloc(MAX_DOWN_MESSAGE_BYTES + 1, 0x20));
    const counts = errors.snapshot().errors;
    expect(counts).toMatchObject({
      'syncDown.bad_schema': 2,
      'syncDown.not_json': 1,
      'syncDown.oversized': 1,
    });
    expect(await results()).toEqual([expect.objectContaining({ id: 'doc-shape', outcome: 'rejected' })]);
    expect(highLimit()).toBe(145);
  });

  it('rejects documents while the site does not take configuration from the cloud', async () => {
    accept = false;
    await send(downDocument('doc-off', { tags: [highAlarmAt(TAG, 50)] }));
    accept = true;
    expect(highLimit()).toBe(145);
    expect(await results()).toEqual([expect.objectContaining({ id: 'doc-off', outcome: 'rejected' })]);
  });
});
