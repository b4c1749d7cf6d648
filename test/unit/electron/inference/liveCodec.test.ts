import { describe, expect, it } from 'vitest';
import {
  decodeFailedFrame,
  decodeResultsFrame,
  decodeSamplesFrame,
  encodeFailedFrame,
  encodeResultsFrame,
  encodeSamplesFrame,
} from '../../../../electron/inference/liveCodec.js';
import { decodeResults } from '../../../../electron/inference/liveResults.js';
import type { WindowResult } from '../../../../electron/inference/modelRunner.js';
import type { SampleBatch } from '../../../../electron/inference/types.js';
import { Quality } from '../../../../shared/quality.js';
import { liveResults, plainResults, plainSamples, T0 } from '../../../helpers/liveFrames.js';

/**
 * The bytes as the frame socket hands them over: a Buffer viewing the middle of a larger one
 * (a chunk holding several frames), at an odd offset, so no field may assume offset 0.
 */
function asReceived(bytes: Uint8Array): Buffer {
  const chunk = Buffer.alloc(bytes.length + 11, 0xee);
  chunk.set(bytes, 3);
  return chunk.subarray(3, 3 + bytes.length);
}

function batch(rows: number): SampleBatch {
  return {
    tags: Uint32Array.from({ length: rows }, (_, i) => (i * 7919) % 5000),
    ts: Float64Array.from({ length: rows }, (_, i) => T0 + i * 250.5),
    value: Float64Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? Number.NaN : i * -1.25)),
    missing: Uint8Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    quality: Uint32Array.from({ length: rows }, (_, i) => (i % 2 ? Quality.Good : Quality.BadOutOfRange)),
  };
}

describe('live lane frames', () => {
  it('carry a batch of samples, NaN values and missing flags as they were', () => {
    const sent = batch(256);
    const got = decodeSamplesFrame(asReceived(encodeSamplesFrame(sent)));
    expect(got.tags).toBeInstanceOf(Uint32Array);
    expect(got.ts).toBeInstanceOf(Float64Array);
    expect(got.missing).toBeInstanceOf(Uint8Array);
    expect(plainSamples(got)).toEqual(sent);
    expect(Number.isNaN(got.value[0]!)).toBe(true);
    expect(got.value[1]).toBe(-1.25);
  });

  it('carry an empty batch of samples', () => {
    expect(plainSamples(decodeSamplesFrame(asReceived(encodeSamplesFrame(batch(0)))))).toEqual(batch(0));
  });

  it('carry extreme numbers exactly', () => {
    const sent: SampleBatch = {
      tags: Uint32Array.of(0, 0xffffffff),
      ts: Float64Array.of(-0, Number.MAX_VALUE),
      value: Float64Array.of(Number.POSITIVE_INFINITY, Number.MIN_VALUE),
      missing: Uint8Array.of(0, 1),
      quality: Uint32Array.of(0xffffffff, 0),
    };
    const got = decodeSamplesFrame(encodeSamplesFrame(sent));
    expect(Object.is(got.ts[0], -0)).toBe(true);
    expect(plainSamples(got)).toEqual(sent);
  });

  it("carry a run's results: values, no value, bad, skipped, and notes in any script", () => {
    const windows: WindowResult[] = [
      {
        kind: 'values',
        values: [1.5, null],
        qualities: [Quality.Good, Quality.BadOutOfRange],
        problem: null,
      },
      { kind: 'bad', quality: Quality.Bad, reason: 'pas de valeur pour « débit » — 流量 🚰' },
      { kind: 'skip', reason: 'p1/flow is Bad' },
      {
        kind: 'values',
        values: [-0.25],
        qualities: [Quality.UncertainLastUsableValue],
        problem: 'output "y" was NaN',
      },
    ];
    const sent = liveResults(windows);
    const got = decodeResultsFrame(asReceived(encodeResultsFrame(sent)));
    expect(plainResults(got)).toEqual(sent);
    expect(decodeResults(got.results)).toEqual(windows);
    expect(got.handles).toEqual([1, 2, 3, 4]);
  });

  it('carry runMs null when no window went to the model, and 0 as 0', () => {
    const bad: WindowResult[] = [{ kind: 'bad', quality: Quality.Bad, reason: 'no value yet' }];
    const none = decodeResultsFrame(encodeResultsFrame(liveResults(bad, { rows: 0, dims: [], runMs: null })));
    expect(none.runMs).toBeNull();
    expect(none.rows).toBe(0);
    expect(none.dims).toEqual([]);
    expect(decodeResultsFrame(encodeResultsFrame(liveResults(bad, { runMs: 0 }))).runMs).toBe(0);
  });

  it('carry the results of a full batch of 256 windows, split rows flagged', () => {
    const windows = Array.from({ length: 256 }, (_, i): WindowResult => ({
      kind: 'values',
      values: [i / 3, i % 10 === 0 ? null : -i],
      qualities: [Quality.Good, i % 10 === 0 ? Quality.BadOutOfRange : Quality.Good],
      problem: i % 10 === 0 ? `output "z" was Infinity in window ${i}` : null,
    }));
    const sent = liveResults(windows, { splitRows: true });
    const got = decodeResultsFrame(asReceived(encodeResultsFrame(sent)));
    expect(plainResults(got)).toEqual(sent);
    expect(got.splitRows).toBe(true);
    expect(decodeResults(got.results)).toEqual(windows);
  });

  it('carry the results of a run of no windows', () => {
    const sent = liveResults([], { key: '', rows: 0, dims: [], runMs: null });
    expect(plainResults(decodeResultsFrame(asReceived(encodeResultsFrame(sent))))).toEqual(sent);
  });

  it('carry a failed run: its number, model, bindings, code and message', () => {
    const sent = {
      seq: 17,
      key: 'modèle-泵.onnx@1',
      handles: [3, 0xffffffff, 5],
      code: 'NOT_LOADED',
      message: 'model modèle-泵.onnx@1 is not loaded — réessayer',
    };
    expect(decodeFailedFrame(asReceived(encodeFailedFrame(sent)))).toEqual(sent);
    const empty = { seq: 0, key: '', handles: [], code: '', message: '' };
    expect(decodeFailedFrame(encodeFailedFrame(empty))).toEqual(empty);
  });
});
