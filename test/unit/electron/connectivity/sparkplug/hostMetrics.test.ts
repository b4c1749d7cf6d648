import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  encodeSparkplug,
  MAX_PAYLOAD_BYTES,
  type EncodablePayload,
} from '../../../../../electron/connectivity/sparkplug/codec.js';
import { Quality } from '../../../../../shared/quality.js';
import { NOW, nbirth, sampled, setup } from './hostHarness.js';

const NODE = 'spBv1.0/factory/NBIRTH/line1';
const DBIRTH = 'spBv1.0/factory/DBIRTH/line1/pump3';
const DDATA = 'spBv1.0/factory/DDATA/line1/pump3';

function born(metrics: EncodablePayload['metrics']) {
  const ctx = setup();
  ctx.send(NODE, nbirth(0));
  const birth = ctx.send(DBIRTH, { timestamp: NOW, seq: 1, metrics });
  return { ...ctx, birth };
}

describe('Sparkplug metric flags', () => {
  const flow = { name: 'flow', alias: 1, type: 'Double', value: 1, timestamp: NOW };

  it('sends is_historical values to history only, as a historical event', () => {
    const { send } = born([flow]);
    const events = send(DDATA, {
      seq: 2,
      metrics: [
        { alias: 1, type: 'Double', value: 5, timestamp: NOW - 60_000, isHistorical: true },
        { alias: 1, type: 'Double', value: 6, timestamp: NOW - 30_000, isHistorical: true },
        { alias: 1, type: 'Double', value: 7, timestamp: NOW },
      ],
    });
    expect(events).toMatchObject([
      { kind: 'historical', samples: [{ value: 5 }, { value: 6 }], texts: [] },
      { kind: 'samples', samples: [{ value: 7 }] },
    ]);
  });

  it('marks is_transient values so they are shown and not stored', () => {
    const { send } = born([flow]);
    const [event] = send(DDATA, {
      seq: 2,
      metrics: [{ alias: 1, type: 'Double', value: 5, isTransient: true }],
    });
    expect(event).toMatchObject({ kind: 'samples', samples: [{ value: 5, transient: true }] });
  });

  it('reads is_null as a null with a bad quality, never a 0', () => {
    const { send } = born([flow, { name: 'batch', alias: 2, type: 'String', value: 'B1' }]);
    const events = send(DDATA, {
      seq: 2,
      metrics: [
        { alias: 1, type: 'Double', value: null, timestamp: NOW },
        { alias: 2, type: 'String', value: null, timestamp: NOW },
      ],
    });
    expect(events).toMatchObject([
      { kind: 'samples', samples: [{ value: null, quality: Quality.Bad }] },
      { kind: 'texts', texts: [{ text: null, quality: Quality.Bad }] },
    ]);
  });
});

describe('Sparkplug datatypes from births', () => {
  it('reads integers with the datatype of the birth: Int8, Int64, UInt32 and UInt64 beyond 2^31', () => {
    const { send } = born([
      { name: 'i8', alias: 1, type: 'Int8', value: -5 },
      { name: 'i64', alias: 2, type: 'Int64', value: -9_000_000_000 },
      { name: 'u32', alias: 3, type: 'UInt32', value: 4_000_000_000 },
      { name: 'u64', alias: 4, type: 'UInt64', value: 2 ** 40 },
    ]);
    const events = send(DDATA, {
      seq: 2,
      metrics: [
        // The DATA says UInt32; the birth said Int8, and the birth decides.
        { alias: 1, type: 'UInt32', value: 2 ** 32 - 7 },
        { alias: 2, type: 'Int64', value: -1 },
        { alias: 3, type: 'UInt32', value: 3_000_000_000 },
        { alias: 4, type: 'UInt64', value: 2 ** 52 + 1 },
      ],
    });
    expect(sampled(events)).toEqual([
      'line1/pump3/i8=-7',
      'line1/pump3/i64=-1',
      'line1/pump3/u32=3000000000',
      `line1/pump3/u64=${2 ** 52 + 1}`,
    ]);
  });

  it('records a value in the wrong field for its birth datatype as BadTypeMismatch, and counts it', () => {
    const { send, errors } = born([
      { name: 'running', alias: 1, type: 'Boolean', value: true },
      { name: 'flow', alias: 2, type: 'Float', value: 1.5 },
    ]);
    const events = send(DDATA, {
      seq: 2,
      metrics: [
        { alias: 1, type: 'Int32', value: 1 },
        { alias: 2, type: 'Boolean', value: true },
      ],
    });
    expect(events).toMatchObject([
      {
        samples: [
          { value: null, quality: Quality.BadTypeMismatch },
          { value: null, quality: Quality.BadTypeMismatch },
        ],
      },
    ]);
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.value_not_number': 2 });
  });
});

describe('Sparkplug templates and DataSets', () => {
  const motor = {
    name: 'motor',
    alias: 5,
    type: 'Template',
    value: {
      isDefinition: false,
      templateRef: 'Motor',
      metrics: [
        {
          name: 'speed',
          type: 'Float',
          value: 1450,
          properties: { engUnit: { type: 'String', value: 'rpm' } },
        },
        { name: 'serial', type: 'String', value: 'M-1' },
        {
          name: 'bearing',
          type: 'Template',
          value: {
            isDefinition: false,
            templateRef: 'Bearing',
            metrics: [{ name: 'temp', type: 'Int16', value: -3 }],
          },
        },
      ],
    },
  };

  it('makes each template member a tag of its own, named metric/member, with its own datatype', () => {
    const { birth } = born([motor]);
    expect(birth).toMatchObject([
      {
        kind: 'tags',
        tags: [
          { id: 'line1/pump3/motor/speed', dataType: 'number', unit: 'rpm' },
          { id: 'line1/pump3/motor/serial', dataType: 'string' },
          { id: 'line1/pump3/motor/bearing/temp', dataType: 'number' },
        ],
      },
      { kind: 'samples', samples: [{ value: 1450 }, { value: -3 }] },
      { kind: 'texts', texts: [{ text: 'M-1' }] },
    ]);
  });

  it('reads template members in DATA by the template alias and member names', () => {
    const { send, rebirths } = born([motor]);
    const events = send(DDATA, {
      seq: 2,
      metrics: [
        {
          alias: 5,
          type: 'Template',
          value: {
            isDefinition: false,
            metrics: [
              { name: 'speed', type: 'Float', value: 1500 },
              {
                name: 'bearing',
                type: 'Template',
                value: { metrics: [{ name: 'temp', type: 'Int16', value: 40 }] },
              },
            ],
          },
        },
      ],
    });
    expect(sampled(events)).toEqual(['line1/pump3/motor/speed=1500', 'line1/pump3/motor/bearing/temp=40']);
    expect(rebirths).toEqual([]);
  });

  it('makes no tags of a template definition', () => {
    const ctx = setup();
    const events = ctx.send(
      NODE,
      nbirth(0, [{ ...motor, name: '_types_/Motor', value: { ...motor.value, isDefinition: true } }]),
    );
    expect(events).toEqual([]);
  });

  it('shows a DataSet as a string tag holding a compact JSON summary', () => {
    const { birth } = born([
      {
        name: 'recipe',
        alias: 9,
        type: 'DataSet',
        value: {
          numOfColumns: 2,
          columns: ['step', 'kg'],
          types: ['Int32', 'Double'],
          rows: [
            [1, 12.5],
            [2, 30],
          ],
        },
      },
    ]);
    expect(birth).toMatchObject([
      { kind: 'tags', tags: [{ id: 'line1/pump3/recipe', dataType: 'string' }] },
      { kind: 'samples', samples: [] },
      {
        kind: 'texts',
        texts: [{ text: '{"columns":["step:Int32","kg:Double"],"rows":2,"data":[[1,12.5],[2,30]]}' }],
      },
    ]);
  });
});

describe('compressed Sparkplug payloads', () => {
  const inner = encodeSparkplug({
    seq: 2,
    metrics: [{ alias: 1, type: 'Double', value: 42, timestamp: NOW }],
  });
  const compressed = (body: Uint8Array, algorithm?: string) =>
    encodeSparkplug({
      uuid: 'SPBV1.0_COMPRESSED',
      body,
      metrics: algorithm ? [{ name: 'algorithm', type: 'String', value: algorithm }] : [],
    });
  const flow = { name: 'flow', alias: 1, type: 'Double', value: 1 };

  it('reads DEFLATE and GZIP bodies', () => {
    for (const payload of [
      compressed(deflateSync(inner)),
      compressed(deflateSync(inner), 'DEFLATE'),
      compressed(gzipSync(inner), 'GZIP'),
    ]) {
      const { send } = born([flow]);
      expect(sampled(send(DDATA, payload))).toEqual(['line1/pump3/flow=42']);
    }
  });

  it('refuses and counts a body that inflates past the limit, and a payload past it, without reading them', () => {
    const { send, errors, rebirths } = born([flow]);
    const bomb = compressed(gzipSync(new Uint8Array(10 * 1024 * 1024)), 'GZIP');
    expect(bomb.length).toBeLessThan(MAX_PAYLOAD_BYTES / 10);
    expect(send(DDATA, bomb)).toEqual([]);
    expect(send(DDATA, new Uint8Array(MAX_PAYLOAD_BYTES + 1))).toEqual([]);
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.too_large': 2 });
    expect(rebirths).toEqual(['factory/line1: undecodable payload', 'factory/line1: undecodable payload']);
  });

  it('counts a body that is not what its algorithm says as undecodable', () => {
    const { send, errors } = born([flow]);
    send(DDATA, compressed(new Uint8Array([1, 2, 3, 4]), 'GZIP'));
    send(DDATA, compressed(deflateSync(inner), 'LZ4'));
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.undecodable': 2 });
  });
});
