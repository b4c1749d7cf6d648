import { describe, expect, it } from 'vitest';
import type { MqttMessage } from '../../../../electron/simulator/mqttLink.js';
import type { DeviceDef, DeviceReading } from '../../../../electron/simulator/plantModel.js';
import { createPlant } from '../../../../electron/simulator/plantModel.js';
import {
  decodeSparkplug,
  encodeSparkplug,
  type SparkplugPayload,
} from '../../../../electron/connectivity/sparkplug/codec.js';
import {
  REBIRTH_METRIC,
  SparkplugEdgeNode,
  isRebirthRequest,
} from '../../../../electron/simulator/sparkplugEdgeNode.js';
import { InputErrors } from '../../../../electron/connectivity/inputErrors.js';
import { SparkplugHost } from '../../../../electron/connectivity/sparkplug/host.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';

const T = Date.UTC(2026, 0, 1);

const devices: DeviceDef[] = [
  {
    area: 'line1',
    id: 'pump1',
    kind: 'pump',
    tags: [
      {
        name: 'running',
        unit: '',
        description: 'Motor run feedback',
        dataType: 'boolean',
        engLow: 0,
        engHigh: 1,
      },
      {
        name: 'flow',
        unit: 'm³/h',
        description: 'Discharge flow',
        dataType: 'number',
        engLow: 0,
        engHigh: 200,
      },
    ],
  },
  {
    area: 'line1',
    id: 'tank1',
    kind: 'tank',
    tags: [
      { name: 'level', unit: '%', description: 'Tank level', dataType: 'number', engLow: 0, engHigh: 100 },
    ],
  },
];

function readings(options: { tankOnline?: boolean; flowBad?: boolean; flow?: number } = {}): DeviceReading[] {
  return [
    {
      area: 'line1',
      device: 'pump1',
      online: true,
      values: [
        { name: 'running', value: true, bad: false },
        { name: 'flow', value: options.flow ?? 81.5, bad: options.flowBad ?? false },
      ],
    },
    {
      area: 'line1',
      device: 'tank1',
      online: options.tankOnline ?? true,
      values: [{ name: 'level', value: 55.2, bad: false }],
    },
    { area: 'line2', device: 'pump2', online: true, values: [{ name: 'running', value: true, bad: false }] },
  ];
}

function decode(message: MqttMessage | undefined): SparkplugPayload {
  if (!message || typeof message.payload === 'string') throw new Error('expected a binary Sparkplug message');
  return decodeSparkplug(message.payload);
}

function bornNode(bdSeq = 0): SparkplugEdgeNode {
  const node = new SparkplugEdgeNode({ edgeNodeId: 'line1', devices });
  node.beginSession(bdSeq);
  node.birthMessages(readings(), T);
  return node;
}

describe('SparkplugEdgeNode', () => {
  it('publishes NBIRTH with seq 0, the session bdSeq and a Rebirth control, then a DBIRTH per device', () => {
    const node = new SparkplugEdgeNode({ edgeNodeId: 'line1', devices });
    node.beginSession(3);
    const messages = node.birthMessages(readings(), T);
    expect(messages.map((m) => m.topic)).toEqual([
      'spBv1.0/factory/NBIRTH/line1',
      'spBv1.0/factory/DBIRTH/line1/pump1',
      'spBv1.0/factory/DBIRTH/line1/tank1',
    ]);
    const nbirth = decode(messages[0]);
    expect(nbirth.seq).toBe(0);
    expect(nbirth.metrics.find((m) => m.name === 'bdSeq')).toMatchObject({ type: 'UInt64', value: 3 });
    expect(nbirth.metrics.find((m) => m.name === REBIRTH_METRIC)).toMatchObject({
      type: 'Boolean',
      value: false,
    });
    expect(messages.slice(1).map((m) => decode(m).seq)).toEqual([1, 2]);
  });

  it('describes every metric in DBIRTH with a unique alias, datatype and engineering properties', () => {
    const node = new SparkplugEdgeNode({ edgeNodeId: 'line1', devices });
    const [, pump, tank] = node.birthMessages(readings(), T).map(decode);
    const metrics = [...(pump?.metrics ?? []), ...(tank?.metrics ?? [])];
    expect(new Set(metrics.map((m) => m.alias)).size).toBe(3);
    expect(metrics[1]).toEqual({
      name: 'flow',
      alias: 2,
      type: 'Double',
      value: 81.5,
      field: 'double',
      timestamp: T,
      properties: {
        engUnit: { type: 'String', value: 'm³/h' },
        engLow: { type: 'Double', value: 0 },
        engHigh: { type: 'Double', value: 200 },
        description: { type: 'String', value: 'Discharge flow' },
      },
    });
    expect(metrics[0]).toMatchObject({ name: 'running', type: 'Boolean', value: true });
  });

  it('sends one DDATA per device with every metric by alias and its own timestamp', () => {
    const node = bornNode();
    const messages = node.dataMessages(readings({ flow: 90.25 }), T + 1000);
    expect(messages.map((m) => m.topic)).toEqual([
      'spBv1.0/factory/DDATA/line1/pump1',
      'spBv1.0/factory/DDATA/line1/tank1',
    ]);
    const pump = decode(messages[0]);
    expect(pump.seq).toBe(3);
    expect(pump.metrics).toEqual([
      { alias: 1, type: 'Boolean', value: true, field: 'boolean', timestamp: T + 1000 },
      { alias: 2, type: 'Double', value: 90.25, field: 'double', timestamp: T + 1000 },
    ]);
    expect(decode(messages[1]).seq).toBe(4);
  });

  it('shares one seq counter across the node and wraps from 255 to 0', () => {
    const node = bornNode();
    const seqs: number[] = [];
    for (let i = 0; i < 200; i++)
      for (const m of node.dataMessages(readings(), T + i)) seqs.push(decode(m).seq ?? -1);
    expect(seqs[0]).toBe(3);
    seqs.forEach((seq, i) => expect(seq).toBe((3 + i) % 256));
    expect(seqs).toContain(255);
    expect(seqs[seqs.indexOf(255) + 1]).toBe(0);
  });

  it('marks a failed sensor with Quality 0 and its recovery with Quality 192 once', () => {
    const node = bornNode();
    const qualities = [true, false, false].map((flowBad) => {
      const [pump] = node.dataMessages(readings({ flowBad, flow: -5 }), T);
      return decode(pump).metrics[1]?.properties;
    });
    expect(qualities).toEqual([
      { Quality: { type: 'Int32', value: 0 } },
      { Quality: { type: 'Int32', value: 192 } },
      undefined,
    ]);
  });

  it('sends DDEATH when a device drops off, nothing while it is away, then DBIRTH and DDATA again', () => {
    const node = bornNode();
    const topics = [false, false, true, true].map((tankOnline) =>
      node.dataMessages(readings({ tankOnline }), T).map((m) => m.topic.replace('spBv1.0/factory/', '')),
    );
    expect(topics).toEqual([
      ['DDATA/line1/pump1', 'DDEATH/line1/tank1'],
      ['DDATA/line1/pump1'],
      ['DDATA/line1/pump1', 'DBIRTH/line1/tank1'],
      ['DDATA/line1/pump1', 'DDATA/line1/tank1'],
    ]);
  });

  it('carries the session bdSeq in NDEATH, sent at QoS 1 without seq', () => {
    const node = bornNode(7);
    const death = node.deathMessage(T);
    expect(death).toMatchObject({ topic: 'spBv1.0/factory/NDEATH/line1', qos: 1 });
    const payload = decode(death);
    expect(payload.seq).toBeUndefined();
    expect(payload.metrics).toEqual([
      { name: 'bdSeq', type: 'UInt64', value: 7, field: 'long', timestamp: T },
    ]);
    expect(decode(node.deathMessage(T, 8)).metrics[0]?.value).toBe(8);
  });

  it('restarts seq at 0 with the same bdSeq when asked to rebirth', () => {
    const node = bornNode(4);
    node.dataMessages(readings(), T);
    const rebirth = node.birthMessages(readings(), T + 5000).map(decode);
    expect(rebirth.map((p) => p.seq)).toEqual([0, 1, 2]);
    expect(rebirth[0]?.metrics.find((m) => m.name === 'bdSeq')?.value).toBe(4);
  });

  it('publishes nothing before its births', () => {
    const node = new SparkplugEdgeNode({ edgeNodeId: 'line1', devices });
    node.beginSession(0);
    expect(node.dataMessages(readings(), T)).toEqual([]);
  });

  it("announces the demo plant's alarm limits in DBIRTH, inside each engineering range", () => {
    const plant = createPlant({ devices: 12, startMs: T });
    const host = new SparkplugHost({
      errors: new InputErrors(createMemoryLogger()),
      requestRebirth: () => {},
      deliver: () => {},
      now: () => T,
    });
    const tags = plant.areas.flatMap((area) => {
      const devices = plant.devices.filter((device) => device.area === area);
      const node = new SparkplugEdgeNode({ edgeNodeId: area, devices });
      node.beginSession(0);
      return node.birthMessages(plant.step(T), T).flatMap((message) => {
        const events = host.handle(message.topic.split('/'), message.payload as Uint8Array);
        return events.flatMap((event) => (event.kind === 'tags' ? event.tags : []));
      });
    });
    const limited = tags.filter((tag) => (tag.limits ?? []).length > 0);
    const names = new Set(limited.map((tag) => tag.name));
    for (const name of ['vibration', 'bearing_temp', 'discharge_pressure', 'temperature', 'level']) {
      expect(names).toContain(name);
    }
    expect(tags.find((tag) => tag.name === 'running')?.limits).toEqual([]);
    for (const tag of limited) {
      const at = Object.fromEntries((tag.limits ?? []).map((limit) => [limit.kind, limit.value]));
      for (const value of Object.values(at)) {
        expect(value).toBeGreaterThan(tag.engLow ?? -Infinity);
        expect(value).toBeLessThan(tag.engHigh ?? Infinity);
      }
      if (at.H !== undefined && at.HH !== undefined) expect(at.H).toBeLessThan(at.HH);
      if (at.L !== undefined && at.LL !== undefined) expect(at.LL).toBeLessThan(at.L);
      if (at.H !== undefined && at.L !== undefined) expect(at.L).toBeLessThan(at.H);
    }
  });

  it('keeps aliases unique across a large edge node', () => {
    const plant = createPlant({ devices: 200, tagsPerDevice: 20, startMs: T });
    const area = plant.areas[0] ?? '';
    const node = new SparkplugEdgeNode({
      edgeNodeId: area,
      devices: plant.devices.filter((d) => d.area === area),
    });
    const births = node.birthMessages(plant.step(T), T).slice(1).map(decode);
    const aliases = births.flatMap((p) => p.metrics.map((m) => m.alias));
    expect(aliases.length).toBeGreaterThan(100);
    expect(new Set(aliases).size).toBe(aliases.length);
  });
});

describe('isRebirthRequest', () => {
  it('recognises a Node Control/Rebirth command by name', () => {
    const ncmd = (value: boolean) =>
      encodeSparkplug({ timestamp: T, metrics: [{ name: REBIRTH_METRIC, type: 'Boolean', value }] });
    expect(isRebirthRequest(ncmd(true))).toBe(true);
    expect(isRebirthRequest(ncmd(false))).toBe(false);
  });

  it('treats bytes that are not Sparkplug as no request', () => {
    expect(isRebirthRequest(new Uint8Array([0xff, 0xff, 0xff, 0x01]))).toBe(false);
  });
});

describe('the demo edge node taking writes', () => {
  const plant = createPlant({ startMs: T, devices: 3, seed: 7 });
  const pump = plant.devices.find((d) => d.kind === 'pump')!;
  const node = new SparkplugEdgeNode({
    edgeNodeId: pump.area,
    devices: plant.devices.filter((d) => d.area === pump.area),
  });
  node.beginSession(0);
  const births = node.birthMessages(plant.step(T), T);
  const dcmd = (metrics: object[]) => encodeSparkplug({ timestamp: T, metrics: metrics as never });
  const topic = `spBv1.0/factory/DCMD/${pump.area}/${pump.id}`;

  it('declares the speed setpoint writable in the birth, and nothing else', () => {
    const birth = births.find((m) => m.topic.endsWith(`/DBIRTH/${pump.area}/${pump.id}`))!;
    const metrics = decodeSparkplug(birth.payload as Uint8Array).metrics;
    expect(metrics.filter((m) => m.properties?.writable?.value === true).map((m) => m.name)).toEqual([
      'speed_setpoint',
    ]);
  });

  it('reads a DCMD by metric name (or alias), ignoring what it cannot read', () => {
    expect(node.deviceCommands(topic, dcmd([{ name: 'speed_setpoint', type: 'Double', value: 60 }]))).toEqual(
      [{ area: pump.area, device: pump.id, tag: 'speed_setpoint', value: 60 }],
    );
    expect(node.deviceCommands(topic, dcmd([{ name: 'no_such_metric', type: 'Double', value: 1 }]))).toEqual(
      [],
    );
    expect(node.deviceCommands(`spBv1.0/factory/DCMD/${pump.area}/nobody`, dcmd([]))).toEqual([]);
    expect(node.deviceCommands(topic, new Uint8Array([0xff, 0xff, 0xff]))).toEqual([]);
  });

  it('obeys a setpoint in range and reports it in the next data; ignores one out of range', () => {
    expect(plant.write(pump.area, pump.id, 'speed_setpoint', 60)).toEqual({ ok: true });
    expect(plant.write(pump.area, pump.id, 'speed_setpoint', 5)).toMatchObject({ ok: false });
    expect(plant.write(pump.area, pump.id, 'flow', 10)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not writable/),
    });
    const reading = plant.step(T + 1_000).find((r) => r.device === pump.id)!;
    expect(reading.values.find((v) => v.name === 'speed_setpoint')?.value).toBe(60);
  });
});
