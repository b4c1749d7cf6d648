import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/api/dispatcher.js';
import { decodeSparkplug } from '../../electron/connectivity/sparkplug/codec.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import type { CommandConfirmation, CommandRecord } from '../../shared/commands.js';
import type { Role } from '../../shared/roles.js';
import type { Envelope } from '../../shared/wire.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

const VALVE = 'line9/valve1/position';
const VALVE_COMMAND_TOPIC = 'plant/cmd/line9/valve1';

/** A runtime on a real Mosquitto; calls go through its real dispatcher as the given role. */
async function startSite(
  broker: MosquittoHandle,
  mqttVersion: 4 | 5,
  demo: boolean,
  demoFormat: 'sparkplug' | 'json' = 'sparkplug',
) {
  const dir = makeTempDir();
  const runtime = new Runtime(
    {
      dataDir: dir.path,
      brokers: [
        {
          id: 'site',
          url: broker.url,
          mqttVersion,
          clientId: `wk-cmd-${mqttVersion}`,
          reconnect: { initialMs: 100, maxMs: 500 },
        },
      ],
      demo,
      demoDevices: 3,
      demoFormat,
      clientId: `wk-cmd-${mqttVersion}`,
    },
    createMemoryLogger(),
  );
  await runtime.start();
  const records: CommandRecord[] = [];
  const session = runtime.live.connect({
    send: (event, payload) => {
      if (event === 'onCommand') records.push(payload as CommandRecord);
    },
  });
  const call = async (method: string, params: unknown, role: Role = 'engineer'): Promise<Envelope> => {
    const context: CallContext = { caller: { user: `${role} erin`, roles: [role] }, session };
    return runtime.dispatch(method, params, context);
  };
  const result = async <T>(method: string, params: unknown): Promise<T> => {
    const answer = await call(method, params);
    if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
    return answer.result as T;
  };
  const outcomeOf = (id: number) => records.filter((r) => r.id === id).at(-1)?.outcome;
  return {
    runtime,
    records,
    call,
    result,
    outcomeOf,
    stop: async () => {
      session.close();
      await runtime.stop();
      dir.remove();
    },
  };
}

/** A plain-JSON device that publishes its valve position and obeys writes on its command topic. */
async function jsonValve(url: string, version: 4 | 5, obey: boolean) {
  const client = await mqtt.connectAsync(url, { clientId: `valve-${version}`, protocolVersion: version });
  const commands: { payload: unknown; expiry: number | undefined }[] = [];
  client.on('message', (_topic, payload, packet) => {
    const body = JSON.parse(payload.toString()) as { args: [{ sp: number }] };
    commands.push({ payload: body, expiry: packet.properties?.messageExpiryInterval });
    if (obey)
      void client.publishAsync(`factory/${VALVE}`, JSON.stringify({ value: body.args[0].sp, unit: '%' }));
  });
  await client.subscribeAsync(VALVE_COMMAND_TOPIC, { qos: 1 });
  return {
    client,
    commands,
    report: (value: number) =>
      client.publishAsync(`factory/${VALVE}`, JSON.stringify({ value, unit: '%' }), { qos: 1 }),
  };
}

const valveCommand = {
  topic: VALVE_COMMAND_TOPIC,
  template: {
    command: 'move',
    unit: '%',
    args: [{ sp: 0, rampS: 5 }],
    requestedBy: '{{user}}',
    at: '{{ts}}',
  },
  valuePath: '$.args[0].sp',
  datatype: 'Double',
  expirySeconds: 7,
  timeoutMs: 3_000,
};

describe('commands over MQTT 5 with the demo plant', () => {
  let broker: MosquittoHandle;
  let site: Awaited<ReturnType<typeof startSite>>;
  let watcher: MqttClient;
  const dcmds: { topic: string; payload: Buffer; expiry: number | undefined }[] = [];
  let setpoint = '';

  beforeAll(async () => {
    broker = await startMosquitto();
    site = await startSite(broker, 5, true);
    watcher = await mqtt.connectAsync(broker.url, { clientId: 'dcmd-watcher', protocolVersion: 5 });
    watcher.on('message', (topic, payload, packet) =>
      dcmds.push({ topic, payload, expiry: packet.properties?.messageExpiryInterval }),
    );
    await watcher.subscribeAsync('spBv1.0/+/DCMD/#', { qos: 0 });
    setpoint = await waitFor(
      'a pump speed setpoint declared writable, with a good value',
      () =>
        site.runtime.tags
          .list()
          .find((t) => /\/pump\d+\/speed_setpoint$/.test(t.id) && t.writable && t.value === 100)?.id,
    );
  });

  afterAll(async () => {
    await watcher?.endAsync();
    await site?.stop();
    await broker?.stop();
  });

  it('writes a setpoint by DCMD, by name, with a message expiry, and reports it echoed by the device', async () => {
    const confirmation = await site.result<CommandConfirmation>('commands.prepare', {
      tag: setpoint,
      value: 55,
    });
    expect(confirmation).toMatchObject({
      target: { kind: 'sparkplug', broker: 'site', metric: 'speed_setpoint', datatype: 'Double' },
      currentValue: 100,
      newValue: 55,
      mqttVersion: 5,
      messageExpirySeconds: 10,
    });
    expect(confirmation.target.topic).toMatch(/^spBv1\.0\/factory\/DCMD\/line1\/pump\d+$/);
    const sent = await site.result<CommandRecord>('commands.send', { token: confirmation.token });
    expect(sent).toMatchObject({ outcome: 'sent', oldValue: 100, newValue: 55, user: 'engineer erin' });
    await waitFor('the DCMD on the wire', () => dcmds.length > 0);
    const dcmd = dcmds[0]!;
    expect(dcmd.topic).toBe(confirmation.target.topic);
    expect(dcmd.expiry).toBeGreaterThan(0);
    expect(dcmd.expiry).toBeLessThanOrEqual(10);
    expect(decodeSparkplug(dcmd.payload).metrics).toMatchObject([
      { name: 'speed_setpoint', type: 'Double', value: 55 },
    ]);
    await waitFor('the echo', () => site.outcomeOf(sent.id) === 'echoed');
    expect(site.runtime.tags.value(setpoint)?.value).toBe(55);
    const journal = await site.result<{ commands: CommandRecord[] }>('commands.list', { limit: 5 });
    expect(journal.commands[0]).toMatchObject({ id: sent.id, outcome: 'echoed' });
    expect(site.records.filter((r) => r.id === sent.id).map((r) => r.outcome)).toEqual([
      'sending',
      'sent',
      'echoed',
    ]);
  });

  it('reports a command the device ignores (a setpoint it will not take) as timed out', async () => {
    const confirmation = await site.result<CommandConfirmation>('commands.prepare', {
      tag: setpoint,
      value: 5,
    });
    const sent = await site.result<CommandRecord>('commands.send', { token: confirmation.token });
    expect(sent.outcome).toBe('sent');
    await waitFor('the timeout', () => site.outcomeOf(sent.id) === 'timedOut', 30_000);
    const journal = await site.result<{ commands: CommandRecord[] }>('commands.list', { limit: 1 });
    expect(journal.commands[0]).toMatchObject({
      id: sent.id,
      outcome: 'timedOut',
      detail: expect.stringMatching(/did not report/),
    });
  });

  it('lets an operator read the journal but not write, and a viewer neither', async () => {
    const prepare = await site.call('commands.prepare', { tag: setpoint, value: 60 }, 'operator');
    expect(prepare).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const confirmation = await site.result<CommandConfirmation>('commands.prepare', {
      tag: setpoint,
      value: 60,
    });
    const send = await site.call('commands.send', { token: confirmation.token }, 'operator');
    expect(send).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await site.call('commands.list', {}, 'operator')).toMatchObject({ ok: true });
    expect(await site.call('commands.list', {}, 'viewer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('writes a JSON tag from its template, other fields intact, with expiry, and sees the echo', async () => {
    const valve = await jsonValve(broker.url, 5, true);
    try {
      await waitFor('the valve tag', async () => {
        await valve.report(10);
        return site.runtime.tags.value(VALVE)?.value === 10;
      });
      const refused = await site.call('commands.prepare', { tag: VALVE, value: 42 });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/no command definition/) },
      });
      await site.result('tags.configure', { tag: VALVE, config: { command: valveCommand }, baseVersion: 0 });
      expect(site.runtime.tags.list().find((t) => t.id === VALVE)?.writable).toBe(true);
      const confirmation = await site.result<CommandConfirmation>('commands.prepare', {
        tag: VALVE,
        value: 42,
      });
      expect(confirmation).toMatchObject({ mqttVersion: 5, messageExpirySeconds: 7, timeoutMs: 3_000 });
      const sent = await site.result<CommandRecord>('commands.send', { token: confirmation.token });
      await waitFor('the command at the device', () => valve.commands.length > 0);
      const [received] = valve.commands;
      expect(received?.payload).toEqual({
        command: 'move',
        unit: '%',
        args: [{ sp: 42, rampS: 5 }],
        requestedBy: 'engineer erin',
        at: expect.any(Number),
      });
      expect(received?.expiry).toBeGreaterThan(0);
      expect(received?.expiry).toBeLessThanOrEqual(7);
      await waitFor('the echo', () => site.outcomeOf(sent.id) === 'echoed');
    } finally {
      await valve.client.endAsync();
    }
  });
});

describe('commands over MQTT 3.1.1', () => {
  it('carries no expiry and refuses, journaled, a command while the link is down', async () => {
    let broker = await startMosquitto();
    const site = await startSite(broker, 4, false);
    const valve = await jsonValve(broker.url, 4, false);
    try {
      await waitFor('the valve tag', async () => {
        await valve.report(10);
        return site.runtime.tags.value(VALVE)?.value === 10;
      });
      await site.result('tags.configure', { tag: VALVE, config: { command: valveCommand }, baseVersion: 0 });
      const first = await site.result<CommandConfirmation>('commands.prepare', { tag: VALVE, value: 30 });
      expect(first).toMatchObject({ mqttVersion: 4, messageExpirySeconds: null });
      const sent = await site.result<CommandRecord>('commands.send', { token: first.token });
      await waitFor('the command at the device', () => valve.commands.length > 0);
      expect(valve.commands[0]?.expiry).toBeUndefined();
      // The device takes no notice: no echo, so the command times out.
      await waitFor('the timeout', () => site.outcomeOf(sent.id) === 'timedOut');

      const second = await site.result<CommandConfirmation>('commands.prepare', { tag: VALVE, value: 31 });
      await valve.client.endAsync();
      const port = broker.port;
      await broker.stop();
      await waitFor('the link down', () => site.runtime.links?.health()[0]?.state !== 'connected');
      const refused = await site.result<CommandRecord>('commands.send', { token: second.token });
      expect(refused).toMatchObject({
        outcome: 'refused',
        newValue: 31,
        detail: expect.stringMatching(/nothing is queued/),
      });
      broker = await startMosquitto({ port });
      await waitFor('the link back', () => site.runtime.links?.health()[0]?.state === 'connected');
      const journal = await site.result<{ commands: CommandRecord[] }>('commands.list', { limit: 10 });
      expect(journal.commands.map((c) => [c.newValue, c.outcome])).toEqual([
        [31, 'refused'],
        [30, 'timedOut'],
      ]);
    } finally {
      await valve.client.endAsync();
      await site.stop();
      await broker.stop();
    }
  });
});

describe('commands to the demo plant over plain JSON', () => {
  it('writes a setpoint on the JSON command topic and sees the device report it', async () => {
    const broker = await startMosquitto();
    const site = await startSite(broker, 5, true, 'json');
    try {
      const tag = await waitFor('a pump speed setpoint over JSON', () =>
        site.runtime.tags
          .list()
          .find((t) => /^line1\/pump\d+\/speed_setpoint$/.test(t.id) && t.value === 100),
      );
      const device = tag.id.split('/')[1]!;
      await site.result('tags.configure', {
        tag: tag.id,
        config: {
          command: {
            topic: `factory-cmd/line1/${device}`,
            template: { command: 'write', tag: 'speed_setpoint', value: 0, by: '{{user}}' },
            valuePath: '$.value',
          },
        },
        baseVersion: 0,
      });
      const confirmation = await site.result<CommandConfirmation>('commands.prepare', {
        tag: tag.id,
        value: 70,
      });
      const sent = await site.result<CommandRecord>('commands.send', { token: confirmation.token });
      await waitFor('the echo', () => site.outcomeOf(sent.id) === 'echoed');
      expect(site.runtime.tags.value(tag.id)?.value).toBe(70);
    } finally {
      await site.stop();
      await broker.stop();
    }
  });
});
