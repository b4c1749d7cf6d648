import type { InferenceRuntime } from '../../shared/inferenceHealth.js';

/**
 * The model runtime in one line for the Models screen: loaded or not, and — because a host that
 * keeps being replaced is a model that hangs or crashes — how often it was restarted and why.
 */
export function runtimeText(runtime: InferenceRuntime | null): string {
  if (runtime === null) return 'onnxruntime …';
  const state =
    runtime.state === 'ok'
      ? `onnxruntime ${runtime.version ?? ''} loaded`.replace('  ', ' ')
      : runtime.state === 'idle'
        ? 'onnxruntime not loaded yet'
        : `onnxruntime UNAVAILABLE: ${runtime.error ?? 'unknown error'}`;
  if (runtime.restarts === 0) return state;
  const times = runtime.restarts === 1 ? 'once' : `${runtime.restarts} times`;
  const why = runtime.lastRestart ? ` (last: ${runtime.lastRestart})` : '';
  return `${state} · host process restarted ${times}${why}`;
}
