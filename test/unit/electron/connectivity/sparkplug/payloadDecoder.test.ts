import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeSparkplug,
  type EncodableMetric,
} from '../../../../../electron/connectivity/sparkplug/codec.js';
import { decodePayloadBytes } from '../../../../../electron/connectivity/sparkplug/payloadDecoder.js';

/**
 * Our decoder against Eclipse Tahu's encoder: whatever `sparkplug-payload` writes, we read back
 * the same values (Float rounded to 32 bits, as it travels).
 */
const text = fc.string({ unit: 'grapheme', maxLength: 30 });

type Case = { metric: EncodableMetric; expected: number | boolean | string | null; field: string };

const numeric = (type: string, value: fc.Arbitrary<number>, field: string): fc.Arbitrary<Case> =>
  value.map((v) => ({ metric: { type, value: v }, expected: v, field }));

const valueCase: fc.Arbitrary<Case> = fc.oneof(
  numeric('Int8', fc.integer({ min: -128, max: 127 }), 'int'),
  numeric('Int16', fc.integer({ min: -32768, max: 32767 }), 'int'),
  numeric('Int32', fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), 'int'),
  numeric('UInt8', fc.integer({ min: 0, max: 255 }), 'int'),
  numeric('UInt16', fc.integer({ min: 0, max: 65535 }), 'int'),
  numeric('UInt32', fc.integer({ min: 0, max: 2 ** 32 - 1 }), 'long'),
  numeric('Int64', fc.maxSafeInteger(), 'long'),
  numeric('UInt64', fc.maxSafeNat(), 'long'),
  numeric('DateTime', fc.nat({ max: 4_102_444_800_000 }), 'long'),
  numeric('Double', fc.double(), 'double'),
  fc
    .float({ noNaN: true })
    .map((v) => ({ metric: { type: 'Float', value: v }, expected: v, field: 'float' })),
  fc.boolean().map((v) => ({ metric: { type: 'Boolean', value: v }, expected: v, field: 'boolean' })),
  fc
    .tuple(fc.constantFrom('String', 'Text', 'UUID'), text)
    .map(([type, v]) => ({ metric: { type, value: v }, expected: v, field: 'string' })),
  fc
    .constantFrom('Double', 'Int32', 'String')
    .map((type) => ({ metric: { type, value: null }, expected: null, field: 'none' })),
);

const metricCase = fc
  .record({
    value: valueCase,
    name: fc.option(text, { nil: undefined }),
    alias: fc.option(fc.maxSafeNat(), { nil: undefined }),
    timestamp: fc.option(fc.nat({ max: 4_102_444_800_000 }), { nil: undefined }),
    isHistorical: fc.option(fc.boolean(), { nil: undefined }),
    isTransient: fc.option(fc.boolean(), { nil: undefined }),
    quality: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    unit: fc.option(text, { nil: undefined }),
  })
  .map(({ value, name, alias, timestamp, isHistorical, isTransient, quality, unit }) => {
    const properties: NonNullable<EncodableMetric['properties']> = {};
    if (quality !== undefined) properties.Quality = { type: 'Int32', value: quality };
    if (unit !== undefined) properties.engUnit = { type: 'String', value: unit };
    const metric: EncodableMetric = { ...value.metric };
    if (name !== undefined) metric.name = name;
    if (alias !== undefined) metric.alias = alias;
    if (timestamp !== undefined) metric.timestamp = timestamp;
    if (isHistorical !== undefined) metric.isHistorical = isHistorical;
    if (isTransient !== undefined) metric.isTransient = isTransient;
    if (quality !== undefined || unit !== undefined) metric.properties = properties;
    return { metric, value };
  });

describe('the Sparkplug payload decoder', () => {
  it("reads back every value, flag and property Tahu's encoder writes", () => {
    fc.assert(
      fc.property(
        fc.array(metricCase, { maxLength: 12 }),
        fc.option(fc.nat({ max: 255 }), { nil: undefined }),
        fc.option(fc.nat({ max: 4_102_444_800_000 }), { nil: undefined }),
        (cases, seq, timestamp) => {
          const decoded = decodePayloadBytes(
            encodeSparkplug({ timestamp, seq, metrics: cases.map((c) => ({ ...c.metric })) }),
          );
          expect(decoded.seq).toBe(seq);
          expect(decoded.timestamp).toBe(timestamp);
          expect(decoded.metrics).toHaveLength(cases.length);
          cases.forEach(({ metric, value }, i) => {
            const got = decoded.metrics[i]!;
            expect(got.type).toBe(metric.type);
            expect(got.name).toBe(metric.name);
            expect(got.alias).toBe(metric.alias);
            expect(got.timestamp).toBe(metric.timestamp);
            expect(got.isHistorical).toBe(metric.isHistorical);
            expect(got.isTransient).toBe(metric.isTransient);
            expect(got.isNull).toBe(value.expected === null ? true : undefined);
            expect(got.field).toBe(value.field);
            const expected = metric.type === 'Float' ? Math.fround(value.expected as number) : value.expected;
            expect(got.value).toStrictEqual(expected);
            expect(got.properties).toEqual(
              metric.properties &&
                Object.fromEntries(
                  Object.entries(metric.properties).map(([k, p]) => [k, { type: p.type, value: p.value }]),
                ),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads negative Int64 and UInt32 beyond 2^31 exactly', () => {
    const decoded = decodePayloadBytes(
      encodeSparkplug({
        metrics: [
          { type: 'Int64', value: -1 },
          { type: 'Int64', value: -(2 ** 53) + 1 },
          { type: 'UInt32', value: 2 ** 32 - 1 },
          { type: 'Int32', value: -(2 ** 31) },
        ],
      }),
    );
    expect(decoded.metrics.map((m) => m.value)).toEqual([-1, -(2 ** 53) + 1, 2 ** 32 - 1, -(2 ** 31)]);
  });
});
