import type { OnnxBinding } from '../../shared/modelBindings.js';
import { Quality, worseQuality } from '../../shared/quality.js';
import type { RunLayout } from './bindingCheck.js';
import type { SampleSeries } from './sampleSeries.js';
import type { RunReply, RunRequest } from './types.js';
import { fillWindow } from './windowBuilder.js';
import type { WindowCache } from './windowCache.js';

/** One binding's window to evaluate: its inputs' samples and the time the window ends. */
export interface WindowJob {
  binding: OnnxBinding;
  series: readonly (SampleSeries | undefined)[];
  end: number;
  /** The binding's last window, so only its new steps are resampled (windowCache.ts). */
  cache?: WindowCache;
}

/** What one window gave: a value and quality per mapped output, or why there is none. */
export type WindowResult =
  | { kind: 'values'; values: (number | null)[]; qualities: number[]; problem: string | null }
  | { kind: 'skip'; reason: string }
  | { kind: 'bad'; quality: number; reason: string };

export interface ModelRun {
  results: WindowResult[];
  /** Windows that went to the model. */
  rows: number;
  /** Time inside session.run, null when no window went. */
  runMs: number | null;
}

/** Most windows stacked into one run: bounds the input tensor and a run's duration. */
export const MAX_ROWS = 256;

/**
 * Evaluates windows of bindings that share one model and window shape: each window is filled
 * (resampled, normalised, its missing points decided by its binding's policy), the usable ones
 * are stacked into one input tensor — the batch — and run once; each row's outputs are then read
 * back at the elements the binding maps. An output that is NaN or infinite is written as bad
 * (BadOutOfRange), and one whose shape does not hold the mapped element as a configuration error.
 */
export async function runWindows(
  run: (request: RunRequest) => Promise<RunReply>,
  key: string,
  layout: RunLayout,
  jobs: readonly WindowJob[],
): Promise<ModelRun> {
  const first = jobs[0];
  if (!first) return { results: [], rows: 0, runMs: null };
  const perWindow = first.binding.window.steps * first.binding.inputs.length;
  const data = new Float32Array(perWindow * jobs.length);
  const results: WindowResult[] = new Array<WindowResult>(jobs.length);
  const rowOf: number[] = [];
  const qualityOf: number[] = [];
  jobs.forEach((job, j) => {
    const at = rowOf.length * perWindow;
    const outcome = job.cache
      ? job.cache.fill(job.binding, job.series, job.end, data, at)
      : fillWindow(job.binding, job.series, job.end, data, at);
    if (outcome.kind === 'skip') results[j] = { kind: 'skip', reason: outcome.reason };
    else if (outcome.kind === 'bad') results[j] = outcome;
    else {
      rowOf[j] = rowOf.length;
      qualityOf.push(outcome.quality);
    }
  });
  const rows = qualityOf.length;
  if (rows === 0) return { results, rows, runMs: null };
  // Bindings of one group mostly share one binding shape: gather output names without a copy each.
  const names = new Set<string>();
  let seen: OnnxBinding | null = null;
  for (const job of jobs) {
    if (job.binding === seen) continue;
    seen = job.binding;
    for (const mapped of job.binding.outputs) names.add(mapped.output);
  }
  const outputs = [...names];
  const reply = await run({
    key,
    input: layout.input,
    // Handed over to the worker, not copied: cut down only when some windows were left out.
    data: rows === jobs.length ? data : data.slice(0, rows * perWindow),
    dims: layout.dims(rows),
    outputs,
    rows,
    splitRows: layout.splitRows,
  });
  jobs.forEach((job, j) => {
    const row = rowOf[j];
    if (row === undefined) return;
    results[j] = readRow(job.binding, reply, row, rows, qualityOf[row]!);
  });
  return { results, rows, runMs: reply.runMs };
}

function readRow(
  binding: OnnxBinding,
  reply: RunReply,
  row: number,
  rows: number,
  quality: number,
): WindowResult {
  const values: (number | null)[] = [];
  const qualities: number[] = [];
  let problem: string | null = null;
  for (const mapped of binding.outputs) {
    const tensor = reply.outputs[mapped.output];
    const perRow = tensor ? tensor.data.length / rows : 0;
    if (!tensor || !Number.isInteger(perRow) || mapped.index >= perRow) {
      problem = `output "${mapped.output}" gave ${tensor?.data.length ?? 0} values for ${rows} window${rows === 1 ? '' : 's'} (shape [${tensor?.dims.join(', ') ?? ''}]): element ${mapped.index} of each window's row does not exist`;
      values.push(null);
      qualities.push(Quality.BadConfigurationError);
      continue;
    }
    const value = tensor.data[row * perRow + mapped.index]!;
    if (Number.isFinite(value)) {
      values.push(value);
      qualities.push(quality);
    } else {
      problem = `output "${mapped.output}" was ${String(value)}`;
      values.push(null);
      qualities.push(worseQuality(quality, Quality.BadOutOfRange));
    }
  }
  return { kind: 'values', values, qualities, problem };
}
