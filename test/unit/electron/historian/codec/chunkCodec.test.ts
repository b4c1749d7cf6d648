import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, joinChunks } from '../../../../../electron/historian/codec/chunkCodec.js';
import type { SampleRow } from '../../../../../electron/historian/rowStreams.js';
import { createPlant } from '../../../../../electron/simulator/plantModel.js';
import { Quality } from '../../../../../shared/quality.js';

function roundTrip(rows: SampleRow[]): Uint8Array {
  const bytes = encodeChunk(rows);
  expect(decodeChunk(bytes)).toEqual(rows);
  return bytes;
}

/** mulberry32: a small deterministic generator, so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the chunk codec', () => {
  it('round-trips instrument readings in under two bytes per sample', () => {
    const next = random(1);
    const rows: SampleRow[] = [];
    let value = 4.21;
    for (let i = 0; i < 1000; i++) {
      value = Math.round((value + (next() - 0.5) * 0.2) * 100) / 100;
      rows.push([1_767_225_600_000 + i * 1000 + Math.round(next() * 3), value, Quality.Good]);
    }
    expect(roundTrip(rows).length / rows.length).toBeLessThan(2);
  });

  it('round-trips full-precision doubles, negative numbers, zero and huge values bit for bit', () => {
    const next = random(2);
    const rows: SampleRow[] = [];
    for (let i = 0; i < 500; i++) {
      const pick = i % 5;
      const value =
        pick === 0
          ? Math.PI * next()
          : pick === 1
            ? -1e300 * next()
            : pick === 2
              ? 0
              : pick === 3
                ? 1e-300
                : next();
      rows.push([i * 7, value, Quality.Good]);
    }
    rows.push(
      [10_000, -0, Quality.Good],
      [10_001, Number.MAX_VALUE, Quality.Good],
      [10_002, Number.MIN_VALUE, Quality.Good],
    );
    const decoded = decodeChunk(encodeChunk(rows));
    expect(decoded.map((r) => r[1])).toEqual(rows.map((r) => r[1]));
    expect(Object.is(decoded[500]![1], -0)).toBe(true);
  });

  it('keeps absent values and changing qualities in place', () => {
    roundTrip([
      [0, 1.5, Quality.Good],
      [1000, null, Quality.BadSensorFailure],
      [2000, null, Quality.BadSensorFailure],
      [3000, 1.5, Quality.UncertainNoCommunicationLastUsableValue],
      [4000, 2, Quality.Good],
    ]);
    roundTrip([[5, null, Quality.Bad]]);
  });

  it('copes with irregular and extreme timestamps', () => {
    roundTrip([
      [0, 1, 0],
      [1, 2, 0],
      [86_400_000 * 365 * 100, 3, 0],
      [8.64e15, 4, 0],
    ]);
  });

  it('stores booleans and run states as a few bits each', () => {
    const rows: SampleRow[] = Array.from({ length: 3600 }, (_, i) => [
      i * 1000,
      i % 600 < 300 ? 1 : 0,
      Quality.Good,
    ]);
    expect((roundTrip(rows).length * 8) / rows.length).toBeLessThan(3);
  });

  it('compresses a day of the demo plant below two bytes per sample', () => {
    const start = Date.UTC(2026, 0, 1);
    const plant = createPlant({ devices: 12, seed: 3, startMs: start });
    const byTag = new Map<string, SampleRow[]>();
    for (let s = 0; s < 3600; s++) {
      for (const device of plant.step(start + s * 1000)) {
        if (!device.online) continue;
        for (const tag of device.values) {
          const key = `${device.device}/${tag.name}`;
          const value = typeof tag.value === 'boolean' ? Number(tag.value) : tag.value;
          if (!byTag.has(key)) byTag.set(key, []);
          byTag
            .get(key)!
            .push([start + s * 1000, tag.bad ? null : value, tag.bad ? Quality.Bad : Quality.Good]);
        }
      }
    }
    let bytes = 0;
    let samples = 0;
    for (const rows of byTag.values()) {
      for (let i = 0; i < rows.length; i += 512) {
        const chunk = rows.slice(i, i + 512);
        bytes += roundTrip(chunk).length;
        samples += chunk.length;
      }
    }
    expect(bytes / samples).toBeLessThan(2);
  });

  it('joins chunks into one without re-encoding them, and reads them back in order', () => {
    const parts: SampleRow[][] = [0, 1, 2].map((p) =>
      Array.from({ length: 100 + p }, (_, i): SampleRow => [
        p * 1e6 + i * 1000,
        p === 1 && i % 7 === 0 ? null : i / 10,
        Quality.Good,
      ]),
    );
    const encoded = parts.map((rows) => encodeChunk(rows));
    const joined = joinChunks(encoded);
    expect(decodeChunk(joined)).toEqual(parts.flat());
    expect(joined.length).toBe(encoded.reduce((sum, part) => sum + part.length, 0) + 5 + 4 * parts.length);
  });

  it('refuses bytes that are not a chunk', () => {
    expect(() => decodeChunk(new Uint8Array([9, 9, 9]))).toThrow(/unknown chunk format/);
    expect(() =>
      decodeChunk(
        encodeChunk([
          [0, 1, 0],
          [1, 2, 0],
        ]).slice(0, 3),
      ),
    ).toThrow(/ended early/);
  });
});
