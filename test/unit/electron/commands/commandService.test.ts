import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandService } from '../../../../electron/commands/commandService.js';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import type { PublishOptions, PublishOutcome } from '../../../../electron/connectivity/brokerLink.js';
import { decodeSparkplug } from '../../../../electron/connectivity/sparkplug/codec.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import type { CommandRecord, JsonCommandDef } from '../../../../shared/commands.js';
import type { TagValue } from '../../../../shared/domain.js';
import { ApiError } from '../../../../shared/errors.js';
import { Quality } from '../../../../shared/quality.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { NOW, nbirth, setup as hostSetup } from '../connectivity/sparkplug/hostHarness.js';

const WRITABLE = { writable: { type: 'Boolean', value: true } };
const SETPOINT = 'line1/pump1/speed_setpoint';
const MODE = 'line1/mode';
const RECIPE = 'line1/pump1/recipe';
const FLOW = 'line1/pump1/flow';
const VALVE = 'line2/valve1/position';
const valveCommand: JsonCommandDef = {
  topic: 'plant/cmd/valve1',
  template: { command: 'set', unit: '%', args: [{ sp: 0, ramp: 5 }], by: '{{user}}' },
  valuePath: '$.args[0].sp',
  datatype: 'Double',
  expirySeconds: 4,
  timeoutMs: 3_000,
};

function dbirth(setpointType: string) {
  return {
    timestamp: NOW,
    seq: 1,
    metrics: [
      { name: 'speed_setpoint', alias: 7, type: setpointType, value: 100, properties: WRITABLE },
      { name: 'recipe', alias: 8, type: 'Bytes', value: new Uint8Array([1, 2]), properties: WRITABLE },
      { name: 'flow', alias: 9, type: 'Double', value: 12.5 },
    ],
  };
}

/**
 * The command service over a real Sparkplug host fed real births, and a real config.db journal.
 * The broker link is the one part played here: it records what would be published, and can be
 * down or speak MQTT 3.1.1, so each path is seen (the real links are in the integration tests).
 */
describe('the command service', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: ConfigStore;
  let now = NOW;
  let linkUp = true;
  let mqttVersion: 4 | 5 = 5;
  const published: {
    broker: string;
    topic: string;
    payload: Buffer;
    options: PublishOptions;
    journal: CommandRecord[];
  }[] = [];
  const pushed: CommandRecord[] = [];
  const values = new Map<string, TagValue>();
  const sparkplug = hostSetup();
  let service: CommandService;

  beforeEach(() => {
    dir = makeTempDir();
    store = new ConfigStore(new Database(`${dir.path}/config.db`));
    published.length = 0;
    pushed.length = 0;
    linkUp = true;
    mqttVersion = 5;
    now = NOW;
    sparkplug.send(
      'spBv1.0/factory/NBIRTH/line1',
      nbirth(0, [{ name: 'mode', type: 'Int8', value: 1, properties: WRITABLE }]),
    );
    sparkplug.send('spBv1.0/factory/DBIRTH/line1/pump1', dbirth('Double'));
    for (const id of [SETPOINT, MODE, RECIPE, FLOW, VALVE])
      values.set(id, { id, value: id === MODE ? 1 : 100, quality: Quality.Good, ts: NOW - 1_000 });
    service = new CommandService({
      sources: {
        tag: (id) =>
          values.has(id)
            ? { device: id.slice(0, id.lastIndexOf('/')), name: id.slice(id.lastIndexOf('/') + 1) }
            : undefined,
        device: (id) =>
          id.startsWith('line2/')
            ? { protocol: 'json', broker: 'site' }
            : { protocol: 'sparkplug', broker: 'site' },
        commandDef: (id) => (id === VALVE ? valveCommand : undefined),
        sparkplugMetric: (_broker, node, device, name) => sparkplug.host.metric(node, device, name),
      },
      links: {
        mqttVersion: () => mqttVersion,
        publish: (broker, topic, payload, options): Promise<PublishOutcome> => {
          if (!linkUp)
            return Promise.resolve({
              ok: false,
              code: 'LINK_DOWN',
              message: 'broker "site" is error: not sent',
            });
          published.push({ broker, topic, payload, options, journal: store.commands.list(1) });
          return Promise.resolve({ ok: true });
        },
      },
      journal: {
        addCommand: async (record) => store.commands.add(record),
        setCommandOutcome: async (update) => store.commands.setOutcome(update),
        listCommands: async (limit) => store.commands.list(limit),
      },
      currentValue: (id) => values.get(id) ?? null,
      onRecord: (record) => pushed.push(record),
      log: createMemoryLogger(),
      now: () => now,
    });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
    }
    return 'not refused';
  };

  it('writes a device metric by DCMD, by name, in its birth datatype, journaled before it is published', async () => {
    const confirmation = service.prepare(SETPOINT, 55, 'erin');
    expect(confirmation).toMatchObject({
      tag: SETPOINT,
      target: {
        kind: 'sparkplug',
        broker: 'site',
        topic: 'spBv1.0/factory/DCMD/line1/pump1',
        metric: 'speed_setpoint',
        datatype: 'Double',
      },
      currentValue: 100,
      currentQuality: Quality.Good,
      newValue: 55,
      mqttVersion: 5,
      messageExpirySeconds: 10,
      timeoutMs: 10_000,
    });
    const record = await service.send(confirmation.token, 'erin');
    expect(record).toMatchObject({
      user: 'erin',
      tag: SETPOINT,
      oldValue: 100,
      newValue: 55,
      outcome: 'sent',
    });
    const [sent] = published;
    expect(sent?.topic).toBe('spBv1.0/factory/DCMD/line1/pump1');
    expect(sent?.options).toEqual({ qos: 0, retain: false, messageExpirySeconds: 10 });
    expect(sent?.journal.map((r) => r.outcome)).toEqual(['sending']);
    const metric = decodeSparkplug(sent!.payload).metrics[0];
    expect(metric).toMatchObject({ name: 'speed_setpoint', type: 'Double', value: 55 });
    expect(metric?.alias).toBeUndefined();
    expect(pushed.map((r) => r.outcome)).toEqual(['sending', 'sent']);
    expect(await service.list(10)).toEqual([record]);
  });

  it('writes a node metric by NCMD, refusing a value its datatype cannot hold', async () => {
    expect(refusal(() => service.prepare(MODE, 300, 'erin'))).toMatch(/BAD_REQUEST: .*outside Int8/);
    const confirmation = service.prepare(MODE, 3, 'erin');
    expect(confirmation.target.topic).toBe('spBv1.0/factory/NCMD/line1');
    await service.send(confirmation.token, 'erin');
    expect(decodeSparkplug(published[0]!.payload).metrics[0]).toMatchObject({
      name: 'mode',
      type: 'Int8',
      value: 3,
    });
  });

  it('refuses metrics of datatypes it cannot write, JSON tags without a definition and unknown tags', () => {
    expect(refusal(() => service.prepare(RECIPE, 1, 'erin'))).toMatch(/BAD_REQUEST: .*Bytes metric/);
    // A measurement its edge node did not declare writable is never written.
    expect(refusal(() => service.prepare(FLOW, 1, 'erin'))).toMatch(/BAD_REQUEST: .*not declared writable/);
    values.set('line2/valve1/other', { id: 'line2/valve1/other', value: 1, quality: Quality.Good, ts: NOW });
    expect(refusal(() => service.prepare('line2/valve1/other', 1, 'erin'))).toMatch(/no command definition/);
    expect(refusal(() => service.prepare('line9/none/x', 1, 'erin'))).toMatch(/NOT_FOUND/);
    expect(refusal(() => service.prepare(SETPOINT, 'fast', 'erin'))).toMatch(/Double takes a number/);
  });

  it('fills a JSON tag command template, keeping its other fields, with no expiry on MQTT 3.1.1', async () => {
    mqttVersion = 4;
    const confirmation = service.prepare(VALVE, 42.5, 'erin');
    expect(confirmation).toMatchObject({ mqttVersion: 4, messageExpirySeconds: null, timeoutMs: 3_000 });
    expect(confirmation.target).toEqual({
      kind: 'json',
      broker: 'site',
      topic: 'plant/cmd/valve1',
      metric: '$.args[0].sp',
      datatype: 'Double',
    });
    const record = await service.send(confirmation.token, 'erin');
    expect(record.outcome).toBe('sent');
    expect(published[0]?.options).toEqual({ qos: 1, retain: false });
    expect(JSON.parse(published[0]!.payload.toString())).toEqual({
      command: 'set',
      unit: '%',
      args: [{ sp: 42.5, ramp: 5 }],
      by: 'erin',
    });
  });

  it('refuses a token used twice or too late, and journals the refusal', async () => {
    const first = service.prepare(SETPOINT, 60, 'erin');
    await service.send(first.token, 'erin');
    const again = await service.send(first.token, 'erin');
    expect(again).toMatchObject({ outcome: 'refused', detail: expect.stringMatching(/already used/) });
    const late = service.prepare(SETPOINT, 61, 'erin');
    now += 30_001;
    expect(await service.send(late.token, 'erin')).toMatchObject({
      outcome: 'refused',
      detail: expect.stringMatching(/expired/),
    });
    expect(published).toHaveLength(1);
    await expect(service.send('never-issued', 'erin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = service.prepare(SETPOINT, 62, 'erin');
    await expect(service.send(other.token, 'otto')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a command whose target changed since the confirmation (a new birth, another datatype)', async () => {
    const confirmation = service.prepare(SETPOINT, 55, 'erin');
    sparkplug.send('spBv1.0/factory/DBIRTH/line1/pump1', { ...dbirth('Float'), seq: 2 });
    const record = await service.send(confirmation.token, 'erin');
    expect(record).toMatchObject({ outcome: 'refused', target: { datatype: 'Float' } });
    expect(record.detail).toMatch(/target changed/);
    expect(published).toHaveLength(0);
  });

  it('refuses, and journals, a command while the link is down: nothing is queued', async () => {
    const confirmation = service.prepare(SETPOINT, 55, 'erin');
    linkUp = false;
    const record = await service.send(confirmation.token, 'erin');
    expect(record).toMatchObject({ outcome: 'refused', detail: expect.stringMatching(/not sent/) });
    expect(store.commands.list(5).map((r) => r.outcome)).toEqual(['refused']);
  });

  it('reports the command echoed when the device reports the new value with good quality', async () => {
    const record = await service.send(service.prepare(SETPOINT, 55, 'erin').token, 'erin');
    values.set(SETPOINT, {
      id: SETPOINT,
      value: 55,
      quality: Quality.UncertainLastUsableValue,
      ts: now + 10,
    });
    service.observe(SETPOINT);
    expect(pushed.at(-1)?.outcome).toBe('sent');
    values.set(SETPOINT, { id: SETPOINT, value: 55, quality: Quality.Good, ts: now + 20 });
    service.observe(SETPOINT);
    await expect.poll(() => store.commands.list(1)[0]?.outcome).toBe('echoed');
    expect(pushed.at(-1)).toMatchObject({ id: record.id, outcome: 'echoed' });
  });

  it('ends a command still waiting for its echo as timed out when it stops, saying why', async () => {
    const record = await service.send(service.prepare(SETPOINT, 57, 'erin').token, 'erin');
    await service.stop();
    expect(store.commands.list(1)[0]).toMatchObject({
      id: record.id,
      outcome: 'timedOut',
      detail: expect.stringMatching(/stopped before the device reported/),
    });
  });
});
