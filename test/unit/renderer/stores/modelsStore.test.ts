import { describe, expect, it } from 'vitest';
import type { ModelStatus } from '../../../../shared/models.js';
import { ModelBindingSchema } from '../../../../shared/modelBindings.js';
import {
  applyModelDeleted,
  applyModelList,
  applyModelStatus,
  emptyModelsState,
  failingCount,
  formatLatency,
  formatPerSecond,
  modelSource,
} from '../../../../renderer/stores/modelsStore.js';

const runtime = { state: 'ok' as const, version: '1.20.0', error: null, restarts: 0 };
const stats = {
  inferences: 10,
  perSecond: 1,
  latencyP50Ms: 0.4,
  latencyP99Ms: 12.3,
  errors: 0,
  lastRunMs: 1_000,
  lastError: null,
};

function status(id: string, state: ModelStatus['state'] = 'running', version = 1): ModelStatus {
  const binding = ModelBindingSchema.parse({
    kind: 'zscore',
    id,
    tag: 'line1/pump1/flow',
    score: { tag: `line1/pump1/${id}_z` },
  });
  return { binding, version, source: 'stored', state, message: null, stats };
}

describe('modelsStore', () => {
  it('holds a models.list answer with bindings in name order', () => {
    const state = applyModelList({ runtime, files: [], models: [status('pump10'), status('pump2')] });
    expect(state.loaded).toBe(true);
    expect(state.models.map((m) => m.binding.id)).toEqual(['pump2', 'pump10']);
  });

  it('puts a saved binding in place of its older status, or adds a new one', () => {
    const state = applyModelList({ runtime, files: [], models: [status('a'), status('b')] });
    const saved = applyModelStatus(state, status('a', 'disabled', 2));
    expect(saved.models.map((m) => [m.binding.id, m.state, m.version])).toEqual([
      ['a', 'disabled', 2],
      ['b', 'running', 1],
    ]);
    expect(applyModelStatus(emptyModelsState, status('c')).models).toHaveLength(1);
  });

  it('removes a deleted binding, or shows the demo default that comes back', () => {
    const state = applyModelList({ runtime, files: [], models: [status('a'), status('b')] });
    expect(applyModelDeleted(state, 'a', null).models.map((m) => m.binding.id)).toEqual(['b']);
    const demo = { ...status('a', 'running', 0), source: 'demo' as const };
    expect(applyModelDeleted(state, 'a', demo).models.find((m) => m.binding.id === 'a')?.source).toBe('demo');
  });

  it('counts the failing bindings and says what a binding reads', () => {
    const state = applyModelList({ runtime, files: [], models: [status('a', 'error'), status('b')] });
    expect(failingCount(state)).toBe(1);
    expect(modelSource(status('a'))).toBe('z-score of line1/pump1/flow');
  });

  it('formats rates and latencies with enough digits, and a dash before any run', () => {
    expect(formatPerSecond(0.98)).toBe('0.98/s');
    expect(formatPerSecond(12)).toBe('12/s');
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(0.4)).toBe('0.40 ms');
    expect(formatLatency(12.3)).toBe('12 ms');
  });
});
