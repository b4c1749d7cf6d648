import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryResult } from '../../../shared/domain.js';
import { ModelBindingSchema, type DerivedTag, type ModelBinding } from '../../../shared/modelBindings.js';
import type { ModelStatus } from '../../../shared/models.js';
import type { EditOutcome } from '../bindingEditor.js';
import type { HistorySource } from '../liveInputs.js';
import type { Baseline, BaselineRequest, SeriesColumns } from './baseline.js';

export interface LearnNormalRequest {
  id: string;
  tags: string[];
  from: number;
  to: number;
  stepMs: number;
  variance: number;
  output: DerivedTag;
  baseVersion: number;
  user: string;
}

export interface LearnNormalDeps {
  modelsDir: string;
  history: HistorySource;
  tagKey(id: string): number | undefined;
  learn(request: BaselineRequest): Promise<Baseline | { problem: string }>;
  save(binding: ModelBinding, baseVersion: number, user: string): Promise<EditOutcome>;
}

export type LearnNormalOutcome =
  | {
      ok: true;
      status: ModelStatus;
      baseline: { file: string; components: number; explained: number; limit: number; rows: number };
    }
  | { ok: false; code: 'BAD_REQUEST' | 'CONFLICT' | 'NOT_FOUND'; message: string };

/** Most rows a baseline is fitted on. */
const MAX_ROWS = 50_000;
const HISTORY_POINTS = 100_000;

/**
 * "Learn normal": an engineer picks tags and a period of normal operation; the history is read,
 * a PCA baseline is fitted in the inference process and written as a real ONNX file
 * (`<id>.onnx` in the data folder's models/), and a binding for it — each input standardised
 * with the learned mean and deviation, its score as a derived tag — is saved and runs at once.
 * A score above 1 is a combination of values unlike anything in the period.
 */
export async function learnNormal(
  deps: LearnNormalDeps,
  request: LearnNormalRequest,
): Promise<LearnNormalOutcome> {
  const queries = request.tags.map((tag) => ({ tag, key: deps.tagKey(tag) }));
  const unknown = queries.filter((q) => q.key === undefined).map((q) => q.tag);
  if (unknown.length > 0)
    return { ok: false, code: 'NOT_FOUND', message: `unknown tags: ${unknown.join(', ')}` };
  const histories = await deps.history.queryRanges(
    queries.map(({ tag, key }) => ({
      tag,
      key: key!,
      from: request.from,
      to: request.to,
      maxPoints: HISTORY_POINTS,
    })),
  );
  const baseline = await deps.learn({
    tags: request.tags,
    series: histories.map(columns),
    from: request.from,
    to: request.to,
    stepMs: request.stepMs,
    variance: request.variance,
    maxRows: MAX_ROWS,
  });
  if ('problem' in baseline) return { ok: false, code: 'BAD_REQUEST', message: baseline.problem };
  const file = `${request.id}.onnx`;
  const temporary = join(deps.modelsDir, `.${file}.tmp`);
  await writeFile(temporary, baseline.model);
  // Renamed into place whole, so the folder watcher never sees half a model.
  await rename(temporary, join(deps.modelsDir, file));
  const binding = ModelBindingSchema.parse({
    kind: 'onnx',
    id: request.id,
    description: `Normal operation of ${request.tags.join(', ')}, learned from ${new Date(request.from).toISOString()} to ${new Date(request.to).toISOString()} (PCA: ${baseline.components} of ${request.tags.length} components explain ${(baseline.explained * 100).toFixed(1)} %; score 1 = edge of normal)`,
    model: file,
    inputs: request.tags.map((tag, i) => ({
      tag,
      normalise: { kind: 'meanStd', mean: baseline.mean[i]!, std: baseline.std[i]! },
    })),
    window: { steps: 1, stepMs: request.stepMs },
    missing: 'markBad',
    trigger: { kind: 'interval', everyMs: request.stepMs },
    outputs: [{ ...request.output, output: 'score', index: 0 }],
  });
  const saved = await deps.save(binding, request.baseVersion, request.user);
  if (!saved.ok) return saved;
  const { components, explained, limit, rows } = baseline;
  return { ok: true, status: saved.status, baseline: { file, components, explained, limit, rows } };
}

function columns(history: HistoryResult): SeriesColumns {
  const { ts, value, quality } = history.points;
  return {
    ts: Float64Array.from(ts),
    value: Float64Array.from(value, (v) => (v === null ? Number.NaN : v)),
    quality: Uint32Array.from(quality),
  };
}
