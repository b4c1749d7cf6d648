import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmSync } from '../../../electron/alarms/sync/alarmSync.js';
import { InputErrors } from '../../../electron/connectivity/inputErrors.js';
import type { JsonTopicDecoder } from '../../../electron/connectivity/siteDecoder.js';
import { SiteConnections } from '../../../electron/connectivity/siteConnections.js';
import { CredentialFile } from '../../../electron/credentials/credentialFile.js';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import type { AlarmAction, AlarmActor } from '../../../shared/alarms.js';
import { BrokerConfigSchema } from '../../../shared/siteConfig.js';
import { FakeEngine } from '../../helpers/fakeAlarmEngine.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

const ALARM = 'line1/pump3/vibration#level';

/**
 * Alarm sync over a real Mosquitto through real broker links: two stations (and a third that
 * starts late) exchange actions and converge from retained state, while the links' JSON ingest
 * reads every other topic as before and never sees the sync's.
 */
describe('alarm sync over a real broker', () => {
  let broker: MosquittoHandle;
  const dir = makeTempDir();
  const stations: Station[] = [];

  interface Station {
    name: string;
    sync: AlarmSync;
    engine: FakeEngine;
    links: SiteConnections;
    errors: InputErrors;
    jsonTopics: string[];
  }

  async function startStation(name: string, prepare?: (engine: FakeEngine) => void): Promise<Station> {
    const log = createMemoryLogger(name);
    const errors = new InputErrors(log);
    const jsonTopics: string[] = [];
    // A JSON side that reads everything: the sync's topics must still never reach it.
    const json: JsonTopicDecoder = {
      topicFilters: () => ['#'],
      handle: (topic) => {
        jsonTopics.push(topic);
        return [];
      },
    };
    const links = new SiteConnections({
      brokers: [
        {
          config: BrokerConfigSchema.parse({
            id: 'site',
            url: broker.url,
            clientId: `wk-${name}`,
            reconnect: { initialMs: 100, maxMs: 500 },
          }),
        },
      ],
      json,
      credentials: new CredentialFile({ path: `${dir.path}/${name}-credentials.json`, protection: 'test' }),
      log,
      errors,
      sink: { accept: () => {} },
    });
    const ref: { engine?: FakeEngine } = {};
    const sync = new AlarmSync({
      site: 'plant',
      station: name,
      transport: { publish: (topic, payload, options) => links.publish('site', topic, payload, options) },
      alarm: (id) => ref.engine?.alarms.get(id),
      errors,
      log,
      recheckMs: 50,
    });
    const engine = new FakeEngine(sync);
    ref.engine = engine;
    prepare?.(engine);
    sync.start();
    expect(links.setTopicRoutes('site', [sync.route])).toBe(true);
    await links.start();
    await waitFor(`${name} connected`, () => links.health()[0]?.state === 'connected');
    const station = { name, sync, engine, links, errors, jsonTopics };
    stations.push(station);
    return station;
  }

  async function stopStation(station: Station): Promise<void> {
    stations.splice(stations.indexOf(station), 1);
    await station.sync.stop();
    await station.links.stop();
  }

  const by = (station: string, comment = ''): AlarmActor => ({
    user: `op-${station}`,
    station,
    atMs: Date.now(),
    comment,
  });

  beforeAll(async () => {
    broker = await startMosquitto();
  });

  afterAll(async () => {
    for (const station of [...stations]) await stopStation(station);
    await broker?.stop();
    dir.remove();
  });

  it('acknowledges on b what a acknowledged, shelves on a what b shelved, and leaves ingest alone', async () => {
    const a = await startStation('a', (engine) => engine.raise(ALARM, 1_000));
    const b = await startStation('b', (engine) => engine.raise(ALARM, 1_000));
    const ack: AlarmAction = { type: 'acknowledge', alarm: ALARM, by: by('a', 'seen'), activeSinceMs: 1_000 };
    a.engine.local(a.sync, ack);
    await waitFor('the ack on b', () => b.engine.alarms.get(ALARM)?.acknowledged);
    expect(b.engine.journal).toEqual([{ action: ack, delivery: 'apply' }]);

    const untilMs = Date.now() + 3_600_000;
    b.engine.local(b.sync, {
      type: 'shelve',
      alarm: ALARM,
      by: by('b', 'maintenance'),
      mode: 'timed',
      untilMs,
    });
    await waitFor('the shelve on a', () => a.engine.alarms.get(ALARM)?.shelved ?? false);
    expect(a.engine.alarms.get(ALARM)?.shelved).toMatchObject({
      station: 'b',
      untilMs,
      comment: 'maintenance',
    });

    const device = await mqtt.connectAsync(broker.url, { clientId: 'device' });
    await device.publishAsync('factory/line1/pump3/vibration', '{"value":4}', { qos: 1 });
    await device.endAsync();
    await waitFor('the device topic on both', () => a.jsonTopics.length > 0 && b.jsonTopics.length > 0);
    for (const station of [a, b]) {
      expect(station.jsonTopics).toEqual(['factory/line1/pump3/vibration']);
      expect(station.errors.snapshot().errorTotal).toBe(0);
    }
  });

  it('brings a station that starts later, and one restarted after missing actions, to the same state', async () => {
    const [a, b] = stations as [Station, Station];
    await stopStation(b);
    a.engine.local(a.sync, { type: 'unshelve', alarm: ALARM, by: by('a', 'back in service') });
    a.engine.local(a.sync, { type: 'outOfService', alarm: ALARM, by: by('a', 'sensor replaced') });
    // b restarts with what it had stored: acked and shelved, as before it stopped.
    const restarted = await startStation('b', (engine) => {
      engine.raise(ALARM, 1_000);
      Object.assign(engine.alarms.get(ALARM)!, {
        acknowledged: true,
        shelved: { ...by('b'), mode: 'timed', untilMs: null },
      });
    });
    const late = await startStation('c', (engine) => engine.raise(ALARM, 1_000));
    for (const station of [restarted, late]) {
      await waitFor(`${station.name} converged`, () => {
        const alarm = station.engine.alarms.get(ALARM);
        return alarm?.shelved === null && alarm.outOfService?.station === 'a' && alarm.acknowledged;
      });
    }
    // Each applies what its alarm does not show yet: the state, not the history (c was never shelved).
    const applied = (station: Station) => station.engine.journal.map((line) => line.action.type).sort();
    expect(applied(late)).toEqual(['acknowledge', 'outOfService']);
    expect(applied(restarted)).toEqual(['outOfService', 'unshelve']);
  });

  it('counts a garbage message on the sync topics and keeps syncing', async () => {
    const [a, , c] = stations as [Station, Station, Station];
    const vandal = await mqtt.connectAsync(broker.url, { clientId: 'vandal' });
    await vandal.publishAsync('watchkeeper/alarms/v1/plant/action/x', '{"v":1,"kind":"action"}', { qos: 1 });
    await vandal.publishAsync('watchkeeper/alarms/v1/plant/state/nonsense%2', 'junk', { qos: 1 });
    await vandal.endAsync();
    await waitFor('the errors counted', () => c.errors.snapshot().errorTotal >= 2);
    expect(Object.keys(c.errors.snapshot().errors).sort()).toEqual([
      'alarmSync.bad_payload',
      'alarmSync.bad_topic',
    ]);
    a.engine.local(a.sync, { type: 'note', alarm: ALARM, by: by('a', 'after the garbage') });
    await waitFor('the note on c', () => c.engine.journal.some((line) => line.action.type === 'note'));
    expect(c.links.health()[0]?.state).toBe('connected');
  });
});
