import { encodeResults } from '../../electron/inference/liveResults.js';
import type { WindowResult } from '../../electron/inference/modelRunner.js';
import type { LiveResults, SampleBatch } from '../../electron/inference/types.js';

/** The time the live lane tests' samples and windows end around. */
export const T0 = Date.UTC(2026, 5, 1, 12);

/** Byte columns compared by content: the decoder may answer a Buffer, itself a Uint8Array. */
export const plainSamples = (b: SampleBatch): SampleBatch => ({ ...b, missing: new Uint8Array(b.missing) });
export const plainResults = (r: LiveResults): LiveResults => ({
  ...r,
  results: { ...r.results, kinds: new Uint8Array(r.results.kinds) },
});

/** A live run's results for these windows, one binding and one end per window; `extra` overrides. */
export function liveResults(windows: WindowResult[], extra: Partial<LiveResults> = {}): LiveResults {
  return {
    seq: 4_000_000_001,
    key: 'pump.onnx@3f2a',
    handles: windows.map((_, i) => i + 1),
    ends: Float64Array.from(windows, (_, i) => T0 + i * 1000),
    results: encodeResults(windows),
    rows: windows.length,
    dims: [windows.length, 60, 3],
    splitRows: false,
    runMs: 0.125,
    triggeredAt: 123_456.789,
    hostMs: 0.5,
    ...extra,
  };
}
