import { create } from 'zustand';
import type { InferenceRuntime, ModelFileInfo, ModelState, ModelStatus } from '../../shared/models.js';
import { compareNames } from './tagsModel.js';

/** The model runtime as `models.list` last answered it. */
export interface ModelsState {
  loaded: boolean;
  runtime: InferenceRuntime | null;
  files: readonly ModelFileInfo[];
  models: readonly ModelStatus[];
}

export const emptyModelsState: ModelsState = { loaded: false, runtime: null, files: [], models: [] };

export interface ModelList {
  runtime: InferenceRuntime;
  files: readonly ModelFileInfo[];
  models: readonly ModelStatus[];
}

/** Replaces the store with a `models.list` answer, bindings and files in name order. */
export function applyModelList(list: ModelList): ModelsState {
  return {
    loaded: true,
    runtime: list.runtime,
    files: [...list.files].sort((a, b) => compareNames(a.file, b.file)),
    models: [...list.models].sort((a, b) => compareNames(a.binding.id, b.binding.id)),
  };
}

/** Puts one binding's new status in place (after a save or enable), or adds it. */
export function applyModelStatus(state: ModelsState, status: ModelStatus): ModelsState {
  const others = state.models.filter((m) => m.binding.id !== status.binding.id);
  return applyModelList({
    runtime: state.runtime ?? { state: 'idle', version: null, error: null, restarts: 0 },
    files: state.files,
    models: [...others, status],
  });
}

/** Removes a deleted binding, or puts back the demo default that replaces it. */
export function applyModelDeleted(state: ModelsState, id: string, status: ModelStatus | null): ModelsState {
  if (status) return applyModelStatus(state, status);
  return { ...state, models: state.models.filter((m) => m.binding.id !== id) };
}

export const useModelsStore = create<ModelsState>()(() => emptyModelsState);

export const modelsActions = {
  loadList(list: ModelList): void {
    useModelsStore.setState(applyModelList(list), true);
  },
  applyStatus(status: ModelStatus): void {
    useModelsStore.setState((state) => applyModelStatus(state, status), true);
  },
  applyDeleted(id: string, status: ModelStatus | null): void {
    useModelsStore.setState((state) => applyModelDeleted(state, id, status), true);
  },
};

/** A state in words with a symbol, never told by colour alone. */
export const STATE_WORDS: Readonly<Record<ModelState, string>> = {
  running: '▶ RUNNING',
  waiting: '… WAITING',
  disabled: '■ DISABLED',
  error: '⚠ FAILING',
};

/** What a binding reads, for the list: its model file, or the z-score detector's tag. */
export function modelSource(status: ModelStatus): string {
  return status.binding.kind === 'onnx' ? status.binding.model : `z-score of ${status.binding.tag}`;
}

/** `12.0/s`, `0.98/s`. */
export function formatPerSecond(rate: number): string {
  return `${rate >= 10 ? rate.toFixed(0) : rate >= 1 ? rate.toFixed(1) : rate.toFixed(2)}/s`;
}

/** `0.42 ms`, `12 ms`, `—` before any run. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

/** Bindings that need an engineer's eye first: failing, then waiting, then the rest. */
export function failingCount(state: ModelsState): number {
  return state.models.filter((m) => m.state === 'error').length;
}
