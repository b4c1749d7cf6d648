import { describe, expect, it } from 'vitest';
import { runtimeText } from '../../../../renderer/models/runtimeText.js';

const ok = { state: 'ok' as const, version: '1.30.0', error: null, restarts: 0, lastRestart: null };

describe('runtimeText', () => {
  it('says whether onnxruntime is loaded', () => {
    expect(runtimeText(null)).toBe('onnxruntime …');
    expect(runtimeText(ok)).toBe('onnxruntime 1.30.0 loaded');
    expect(runtimeText({ ...ok, state: 'idle', version: null })).toBe('onnxruntime not loaded yet');
    expect(
      runtimeText({ ...ok, state: 'unavailable', version: null, error: 'libonnxruntime.so missing' }),
    ).toBe('onnxruntime UNAVAILABLE: libonnxruntime.so missing');
  });

  it('tells how often the host process was replaced, and why the last time', () => {
    expect(runtimeText({ ...ok, restarts: 1, lastRestart: 'a run took over 1000 ms' })).toBe(
      'onnxruntime 1.30.0 loaded · host process restarted once (last: a run took over 1000 ms)',
    );
    expect(runtimeText({ ...ok, restarts: 3 })).toBe(
      'onnxruntime 1.30.0 loaded · host process restarted 3 times',
    );
  });
});
