import type { HistoryResult } from '../../shared/domain.js';
import {
  derivedTags,
  type ModelBinding,
  type OnnxBinding,
  type ZScoreBinding,
} from '../../shared/modelBindings.js';
import type { TestRunResult, TestSeries } from '../../shared/models.js';
import { Quality } from '../../shared/quality.js';
import { checkBinding } from './bindingCheck.js';
import type { HistorySource } from './liveInputs.js';
import { MAX_ROWS, runWindows } from './modelRunner.js';
import type { ModelSessions, ModelWorker } from './modelSessions.js';
import { SampleSeries } from './sampleSeries.js';
import { RollingZScore } from './zscore.js';

/** Most run times one test run evaluates; a longer period is thinned evenly. */
export const MAX_TEST_RUNS = 2_000;
const HISTORY_POINTS = 100_000;

export interface TestRunDeps {
  sessions: Pick<ModelSessions, 'open'>;
  worker: Pick<ModelWorker, 'run'>;
  history: HistorySource;
  tagKey(id: string): number | undefined;
}

export type TestRunOutcome =
  | { ok: true; result: TestRunResult }
  | { ok: false; code: 'NOT_FOUND' | 'BAD_REQUEST' | 'UNAVAILABLE'; message: string };

/**
 * A binding — saved or a draft — run over a historical period before it goes live: its inputs
 * read from the historian exactly as the live windows are built (resampling, normalisation,
 * missing-data policy), evaluated by the real model in batches, and answered as series at the
 * run times: the newest input values beside the outputs, ready to plot together.
 */
export async function testRun(
  deps: TestRunDeps,
  binding: ModelBinding,
  from: number,
  to: number,
): Promise<TestRunOutcome> {
  return binding.kind === 'onnx' ? testOnnx(deps, binding, from, to) : testZScore(deps, binding, from, to);
}

async function testOnnx(
  deps: TestRunDeps,
  binding: OnnxBinding,
  from: number,
  to: number,
): Promise<TestRunOutcome> {
  const opened = await deps.sessions.open(binding.model);
  if (!opened.ok) return opened;
  const check = checkBinding(binding, opened.signature);
  if (!check.ok)
    return {
      ok: false,
      code: 'BAD_REQUEST',
      message: `does not fit ${binding.model}: ${check.problems.join('; ')}`,
    };
  const span = binding.window.steps * binding.window.stepMs + binding.window.stepMs;
  const tags = binding.inputs.map((input) => input.tag);
  const driver = binding.trigger.kind === 'sample' ? binding.trigger.tag : null;
  const histories = await read(deps, driver ? [...tags, driver] : tags, from - span, to);
  const series = tags.map((tag) => toSeries(histories.get(tag)));
  const { kept, thinned } =
    binding.trigger.kind === 'interval'
      ? intervalTimes(binding.trigger.everyMs, from, to)
      : thin((histories.get(driver!)?.points.ts ?? []).filter((t) => t >= from && t <= to));

  const outputs = derivedTags(binding).map((d) => ({
    tag: d.tag,
    value: [] as (number | null)[],
    quality: [] as number[],
  }));
  for (let i = 0; i < kept.length; i += MAX_ROWS) {
    const chunk = kept.slice(i, i + MAX_ROWS);
    const run = await runWindows(
      (request) => deps.worker.run(request),
      opened.key,
      check.layout,
      chunk.map((end) => ({ binding, series, end })),
    );
    for (const result of run.results) {
      outputs.forEach((output, o) => {
        if (result.kind === 'values') {
          output.value.push(result.values[o] ?? null);
          output.quality.push(result.qualities[o]!);
        } else {
          output.value.push(null);
          output.quality.push(result.kind === 'bad' ? result.quality : Quality.Bad);
        }
      });
    }
  }
  const inputs = tags.map((tag, i) => sampled(tag, series[i]!, kept));
  return { ok: true, result: { from, to, ts: kept, inputs, outputs, thinned } };
}

async function testZScore(
  deps: TestRunDeps,
  binding: ZScoreBinding,
  from: number,
  to: number,
): Promise<TestRunOutcome> {
  const history = (await read(deps, [binding.tag], from, to)).get(binding.tag);
  const points = history?.points ?? { ts: [], value: [], quality: [] };
  const detector = new RollingZScore(binding.samples);
  const ts: number[] = [];
  const input: TestSeries = { tag: binding.tag, value: [], quality: [] };
  const score: TestSeries = { tag: binding.score.tag, value: [], quality: [] };
  const anomaly: TestSeries | null = binding.anomaly
    ? { tag: binding.anomaly.tag, value: [], quality: [] }
    : null;
  points.ts.forEach((t, i) => {
    const value = points.value[i] ?? null;
    const quality = points.quality[i]!;
    if (t < from || value === null || quality >>> 30 === 2) return;
    const z = detector.push(value);
    if (z === null) return;
    ts.push(t);
    input.value.push(value);
    input.quality.push(quality);
    const finite = Number.isFinite(z);
    score.value.push(finite ? z : null);
    score.quality.push(finite ? quality : Quality.BadOutOfRange);
    anomaly?.value.push(Math.abs(z) > binding.threshold ? 1 : 0);
    anomaly?.quality.push(quality);
  });
  const { kept, thinned, index } = thin(ts);
  const pick = (s: TestSeries): TestSeries => ({
    tag: s.tag,
    value: index.map((i) => s.value[i] ?? null),
    quality: index.map((i) => s.quality[i]!),
  });
  const outputs = anomaly ? [pick(score), pick(anomaly)] : [pick(score)];
  return { ok: true, result: { from, to, ts: kept, inputs: [pick(input)], outputs, thinned } };
}

async function read(
  deps: TestRunDeps,
  tags: string[],
  from: number,
  to: number,
): Promise<Map<string, HistoryResult>> {
  const queries = [...new Set(tags)].flatMap((tag) => {
    const key = deps.tagKey(tag);
    return key === undefined ? [] : [{ key, tag, from: Math.max(0, from), to, maxPoints: HISTORY_POINTS }];
  });
  const results = queries.length > 0 ? await deps.history.queryRanges(queries) : [];
  return new Map(results.map((result) => [result.tag, result]));
}

function toSeries(history: HistoryResult | undefined): SampleSeries {
  const series = new SampleSeries();
  if (history) series.merge(history.points.ts, history.points.value, history.points.quality);
  return series;
}

/** The value held at each time, as a live window's newest point would read it. */
function sampled(tag: string, series: SampleSeries, times: number[]): TestSeries {
  const value: (number | null)[] = [];
  const quality: number[] = [];
  for (const t of times) {
    const i = series.lastAtOrBefore(t);
    value.push(i >= series.start ? (series.value[i] ?? null) : null);
    quality.push(i >= series.start ? series.quality[i]! : Quality.BadWaitingForInitialData);
  }
  return { tag, value, quality };
}

/** The clock-aligned times an interval trigger fires in [from, to], every so many when too many. */
function intervalTimes(everyMs: number, from: number, to: number): { kept: number[]; thinned: boolean } {
  const start = Math.ceil(from / everyMs) * everyMs;
  const count = start > to ? 0 : Math.floor((to - start) / everyMs) + 1;
  const stride = Math.max(1, Math.ceil(count / MAX_TEST_RUNS));
  const kept = Array.from({ length: Math.ceil(count / stride) }, (_, i) => start + i * stride * everyMs);
  return { kept, thinned: stride > 1 };
}

function thin(times: number[]): { kept: number[]; thinned: boolean; index: number[] } {
  if (times.length <= MAX_TEST_RUNS) return { kept: times, thinned: false, index: times.map((_, i) => i) };
  const stride = times.length / MAX_TEST_RUNS;
  const index = Array.from({ length: MAX_TEST_RUNS }, (_, i) => Math.floor(i * stride));
  return { kept: index.map((i) => times[i]!), thinned: true, index };
}
