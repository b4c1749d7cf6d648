import { describe, expect, it } from 'vitest';
import type { EncodablePayload } from '../../../../../electron/connectivity/sparkplug/codec.js';
import { Quality } from '../../../../../shared/quality.js';
import { NOW, nbirth, setup } from './hostHarness.js';

const dbirth = (seq: number): EncodablePayload => ({
  timestamp: NOW,
  seq,
  metrics: [
    {
      name: 'vibration',
      alias: 1,
      type: 'Double',
      value: 2.5,
      timestamp: NOW,
      properties: {
        engUnit: { type: 'String', value: 'mm/s' },
        engLow: { type: 'Double', value: 0 },
        engHigh: { type: 'Double', value: 25 },
        description: { type: 'String', value: 'Bearing vibration' },
      },
    },
    { name: 'running', alias: 2, type: 'Boolean', value: true, timestamp: NOW },
    { name: 'model', alias: 3, type: 'String', value: 'KSB-80', timestamp: NOW },
  ],
});

function born() {
  const ctx = setup();
  ctx.send('spBv1.0/factory/NBIRTH/line1', nbirth(3));
  ctx.send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(1));
  return ctx;
}

describe('the Sparkplug host', () => {
  it('discovers tags with units and ranges from a DBIRTH', () => {
    const { send } = setup();
    send('spBv1.0/factory/NBIRTH/line1', nbirth(0));
    const [tags, samples, texts] = send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(1));
    expect(tags).toEqual({
      kind: 'tags',
      device: { id: 'line1/pump3', area: 'line1', protocol: 'sparkplug' },
      tags: [
        {
          id: 'line1/pump3/vibration',
          device: 'line1/pump3',
          name: 'vibration',
          description: 'Bearing vibration',
          unit: 'mm/s',
          dataType: 'number',
          engLow: 0,
          engHigh: 25,
          limits: [],
        },
        {
          id: 'line1/pump3/running',
          device: 'line1/pump3',
          name: 'running',
          description: '',
          unit: '',
          dataType: 'boolean',
          engLow: null,
          engHigh: null,
          limits: [],
        },
        {
          id: 'line1/pump3/model',
          device: 'line1/pump3',
          name: 'model',
          description: '',
          unit: '',
          dataType: 'string',
          engLow: null,
          engHigh: null,
          limits: [],
        },
      ],
    });
    expect(samples).toMatchObject({
      samples: [{ tag: 'line1/pump3/vibration', value: 2.5, quality: Quality.Good }, { value: 1 }],
    });
    expect(texts).toEqual({
      kind: 'texts',
      device: expect.anything(),
      texts: [{ tag: 'line1/pump3/model', ts: NOW, text: 'KSB-80', quality: Quality.Good }],
    });
  });

  it('takes alarm limits from the alarmHH, alarmH, alarmL and alarmLL properties of a birth', () => {
    const { send, errors } = setup();
    send('spBv1.0/factory/NBIRTH/line1', nbirth(0));
    const birth = dbirth(1);
    birth.metrics[0]!.properties = {
      ...birth.metrics[0]!.properties,
      alarmHH: { type: 'Double', value: 11 },
      alarmH: { type: 'Float', value: 7.125 },
      alarmL: { type: 'Int32', value: 1 },
    };
    birth.metrics[1]!.properties = { alarmH: { type: 'Double', value: 1 } };
    const [tags] = send('spBv1.0/factory/DBIRTH/line1/pump3', birth);
    expect(tags).toMatchObject({
      tags: [
        {
          id: 'line1/pump3/vibration',
          limits: [
            { kind: 'HH', value: 11 },
            { kind: 'H', value: 7.125 },
            { kind: 'L', value: 1 },
          ],
        },
        { id: 'line1/pump3/running', limits: [] },
        { id: 'line1/pump3/model', limits: [] },
      ],
    });
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('counts a limit property that is not a number and keeps the other limits', () => {
    const { send, errors } = setup();
    send('spBv1.0/factory/NBIRTH/line1', nbirth(0));
    const birth = dbirth(1);
    birth.metrics[0]!.properties = {
      ...birth.metrics[0]!.properties,
      alarmHH: { type: 'String', value: 'eleven' },
      alarmH: { type: 'Double', value: 7.1 },
    };
    const [tags] = send('spBv1.0/factory/DBIRTH/line1/pump3', birth);
    expect(tags).toMatchObject({ tags: [{ limits: [{ kind: 'H', value: 7.1 }] }, {}, {}] });
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.invalid_limit': 1 });
    expect(errors.snapshot().lastError).toMatch(/line1\/pump3\/vibration: alarmHH/);
  });

  it('resolves aliases in DDATA and maps the Quality property', () => {
    const { send, rebirths } = born();
    const events = send('spBv1.0/factory/DDATA/line1/pump3', {
      seq: 2,
      metrics: [
        { alias: 1, type: 'Double', value: 3.25, timestamp: NOW + 1000 },
        {
          alias: 2,
          type: 'Boolean',
          value: false,
          timestamp: NOW + 1000,
          properties: { Quality: { type: 'Int32', value: 0 } },
        },
      ],
    });
    expect(events).toEqual([
      {
        kind: 'samples',
        device: expect.objectContaining({ id: 'line1/pump3' }),
        samples: [
          { tag: 'line1/pump3/vibration', ts: NOW + 1000, value: 3.25, quality: Quality.Good },
          { tag: 'line1/pump3/running', ts: NOW + 1000, value: 0, quality: Quality.Bad },
        ],
      },
    ]);
    expect(rebirths).toEqual([]);
  });

  it('asks for a rebirth when data arrives from a node it has no birth for', () => {
    const { send, rebirths } = setup();
    expect(
      send('spBv1.0/factory/DDATA/line1/pump3', {
        seq: 5,
        metrics: [{ alias: 1, type: 'Double', value: 1 }],
      }),
    ).toEqual([]);
    expect(rebirths).toEqual(['factory/line1: before NBIRTH']);
  });

  it('asks for a rebirth on an unknown alias and counts it', () => {
    const { send, rebirths, errors } = born();
    send('spBv1.0/factory/DDATA/line1/pump3', { seq: 2, metrics: [{ alias: 99, type: 'Double', value: 1 }] });
    expect(rebirths).toEqual(['factory/line1: unknown metric']);
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.unknown_metric': 1 });
  });

  it('counts an undecodable payload and asks for a rebirth', () => {
    const { send, rebirths, errors } = born();
    expect(send('spBv1.0/factory/DDATA/line1/pump3', new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]))).toEqual(
      [],
    );
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.undecodable': 1 });
    expect(rebirths).toEqual(['factory/line1: undecodable payload']);
  });

  it('takes a device offline on DDEATH with the payload timestamp', () => {
    const { send } = born();
    expect(send('spBv1.0/factory/DDEATH/line1/pump3', { seq: 2, timestamp: NOW + 5, metrics: [] })).toEqual([
      { kind: 'offline', device: { id: 'line1/pump3', area: 'line1', protocol: 'sparkplug' }, ts: NOW + 5 },
    ]);
  });

  it('takes the node and its devices offline on an NDEATH with the current bdSeq only', () => {
    const { send } = born();
    expect(
      send('spBv1.0/factory/NDEATH/line1', { metrics: [{ name: 'bdSeq', type: 'UInt64', value: 2 }] }),
    ).toEqual([]);
    const events = send('spBv1.0/factory/NDEATH/line1', {
      metrics: [{ name: 'bdSeq', type: 'UInt64', value: 3 }],
    });
    expect(events.map((e) => (e.kind === 'offline' ? e.device.id : e.kind))).toEqual([
      'line1',
      'line1/pump3',
    ]);
  });

  it('asks for a rebirth when a missing message has not come within the reorder timeout, and delivers what it held', () => {
    const { send, rebirths, errors, timers, delivered } = born();
    expect(
      send('spBv1.0/factory/DDATA/line1/pump3', {
        seq: 4,
        metrics: [{ alias: 1, type: 'Double', value: 1 }],
      }),
    ).toEqual([]);
    timers.advance(1_999);
    expect(rebirths).toEqual([]);
    timers.advance(1);
    expect(rebirths).toEqual(['factory/line1: seq gap']);
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.seq_gap': 1 });
    expect(delivered).toMatchObject([
      { kind: 'samples', samples: [{ tag: 'line1/pump3/vibration', value: 1 }] },
    ]);
    expect(timers.count).toBe(0);
  });

  it('ignores its own commands and STATE messages', () => {
    const { send, errors } = born();
    expect(send('spBv1.0/factory/NCMD/line1', { metrics: [] })).toEqual([]);
    expect(send('spBv1.0/STATE/host', new Uint8Array(Buffer.from('{"online":true}')))).toEqual([]);
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('rejects a Sparkplug topic of the wrong shape', () => {
    const { send, errors } = setup();
    send('spBv1.0/factory/DDATA/line1', { metrics: [] });
    send('spBv1.0/factory/BOGUS/line1', { metrics: [] });
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.bad_topic': 2 });
  });
});

describe('the Sparkplug host with enum and text metrics', () => {
  const stateBirth = (
    seq: number,
    states: EncodablePayload['metrics'][number]['properties'],
  ): EncodablePayload => ({
    timestamp: NOW,
    seq,
    metrics: [
      { name: 'state', alias: 1, type: 'Int32', value: 1, timestamp: NOW, properties: states },
      { name: 'batch', alias: 2, type: 'String', value: 'B4821', timestamp: NOW },
      {
        name: 'serial',
        alias: 3,
        type: 'UUID',
        value: '0f6c0c3e-8b1a-4a57-9f0e-1c2d3e4f5a6b',
        timestamp: NOW,
      },
    ],
  });
  const STATES = { states: { type: 'String' as const, value: '0=Stopped;1=Running;2=Tripped' } };

  function bornWithStates() {
    const ctx = setup();
    ctx.send('spBv1.0/factory/NBIRTH/line1', nbirth(0));
    const events = ctx.send('spBv1.0/factory/DBIRTH/line1/pump1', stateBirth(1, STATES));
    return { ...ctx, events };
  }

  it('makes an integer metric with a states property an enum tag, and String and UUID metrics string tags', () => {
    const { events, errors } = bornWithStates();
    const [tags, samples, texts] = events;
    expect(tags).toMatchObject({
      tags: [
        {
          id: 'line1/pump1/state',
          dataType: 'enum',
          limits: [],
          states: [
            { value: 0, label: 'Stopped' },
            { value: 1, label: 'Running' },
            { value: 2, label: 'Tripped' },
          ],
        },
        { id: 'line1/pump1/batch', dataType: 'string' },
        { id: 'line1/pump1/serial', dataType: 'string' },
      ],
    });
    expect(samples).toMatchObject({ kind: 'samples', samples: [{ tag: 'line1/pump1/state', value: 1 }] });
    expect(texts).toMatchObject({
      kind: 'texts',
      texts: [
        { tag: 'line1/pump1/batch', text: 'B4821', quality: Quality.Good },
        { tag: 'line1/pump1/serial', text: '0f6c0c3e-8b1a-4a57-9f0e-1c2d3e4f5a6b' },
      ],
    });
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('reads the States spelling too', () => {
    const { send } = setup();
    send('spBv1.0/factory/NBIRTH/line1', nbirth(0));
    const [tags] = send(
      'spBv1.0/factory/DBIRTH/line1/pump1',
      stateBirth(1, { States: { type: 'String', value: '0=Off;1=On' } }),
    );
    expect(tags).toMatchObject({
      tags: [{ dataType: 'enum', states: [{ label: 'Off' }, { label: 'On' }] }, {}, {}],
    });
  });

  it('sends enum values as samples and texts as texts in one DDATA', () => {
    const { send } = bornWithStates();
    const events = send('spBv1.0/factory/DDATA/line1/pump1', {
      seq: 2,
      metrics: [
        { alias: 1, type: 'Int32', value: 2, timestamp: NOW + 1000 },
        { alias: 2, type: 'String', value: 'B4822', timestamp: NOW + 1000 },
        { alias: 3, type: 'UUID', value: null, timestamp: NOW + 1000 },
      ],
    });
    expect(events).toEqual([
      {
        kind: 'samples',
        device: expect.anything(),
        samples: [{ tag: 'line1/pump1/state', ts: NOW + 1000, value: 2, quality: Quality.Good }],
      },
      {
        kind: 'texts',
        device: expect.anything(),
        texts: [
          { tag: 'line1/pump1/batch', ts: NOW + 1000, text: 'B4822', quality: Quality.Good },
          { tag: 'line1/pump1/serial', ts: NOW + 1000, text: null, quality: Quality.Bad },
        ],
      },
    ]);
  });

  it('records a value of the wrong type as bad, never coerced, and counts it', () => {
    const { send, errors } = bornWithStates();
    const events = send('spBv1.0/factory/DDATA/line1/pump1', {
      seq: 2,
      metrics: [
        { alias: 1, type: 'String', value: 'Running', timestamp: NOW + 1000 },
        { alias: 2, type: 'Int32', value: 7, timestamp: NOW + 1000 },
      ],
    });
    expect(events).toEqual([
      {
        kind: 'samples',
        device: expect.anything(),
        samples: [
          { tag: 'line1/pump1/state', ts: NOW + 1000, value: null, quality: Quality.BadTypeMismatch },
        ],
      },
      {
        kind: 'texts',
        device: expect.anything(),
        texts: [{ tag: 'line1/pump1/batch', ts: NOW + 1000, text: null, quality: Quality.BadTypeMismatch }],
      },
    ]);
    expect(errors.snapshot().errors).toEqual({
      'sparkplug.value_not_number': 1,
      'sparkplug.value_not_text': 1,
    });
  });

  it('leaves a states table on a Double or of the wrong type out, counts it, and keeps the tag a number', () => {
    const { send, errors } = setup();
    send('spBv1.0/factory/NBIRTH/line1', nbirth(0));
    const birth = stateBirth(1, STATES);
    birth.metrics[0]!.type = 'Double';
    birth.metrics.push({
      name: 'mode',
      alias: 4,
      type: 'Int32',
      value: 0,
      properties: { states: { type: 'Int32', value: 3 } },
    });
    const [tags] = send('spBv1.0/factory/DBIRTH/line1/pump1', birth);
    expect(tags).toMatchObject({
      tags: [
        { id: 'line1/pump1/state', dataType: 'number' },
        {},
        {},
        { id: 'line1/pump1/mode', dataType: 'number' },
      ],
    });
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.invalid_states': 2 });
  });

  it('keeps the readable entries of a states table and counts the others', () => {
    const { send, errors } = setup();
    send('spBv1.0/factory/NBIRTH/line1', nbirth(0));
    const [tags] = send(
      'spBv1.0/factory/DBIRTH/line1/pump1',
      stateBirth(1, { states: { type: 'String', value: '0=Stopped; 1 = Running ;x=Lost;2=' } }),
    );
    expect(tags).toMatchObject({
      tags: [
        {
          states: [
            { value: 0, label: 'Stopped' },
            { value: 1, label: 'Running' },
          ],
        },
        {},
        {},
      ],
    });
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.invalid_states': 1 });
    expect(errors.snapshot().lastError).toMatch(/line1\/pump1\/state: unreadable states entries: x=Lost; 2=/);
  });
});
