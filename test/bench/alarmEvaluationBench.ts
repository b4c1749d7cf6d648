import { performance } from 'node:perf_hooks';
import { AlarmEngine } from '../../electron/alarms/alarmEngine.js';
import type { AlarmStore } from '../../electron/alarms/ports.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import type { AlarmDefinition } from '../../shared/alarmDefinitions.js';
import type { TagMeta } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import { round, withBaseline, type BenchResult } from './benchResult.js';

const TAGS = 5_000;
/** H and HH on each tag: 10,000 configured definitions (plus the implicit bad-quality alarms). */
const DEFINITIONS_PER_TAG = 2;
const SAMPLES = 2_000_000;
const ROUNDS = 5;

/** A store that only counts journal lines: the bench measures evaluation, not the config worker. */
function countingStore(): AlarmStore & { lines: number } {
  return {
    lines: 0,
    loadAlarmStates: () => Promise.resolve([]),
    writeAlarmBatch(batch) {
      this.lines += batch.journal.length;
      return Promise.resolve();
    },
    alarmSettings: () => Promise.resolve(null),
    setAlarmSettings: () => Promise.resolve(),
  };
}

/**
 * `alarms.evaluations_per_s`: the engine's `observe` over 2 million samples of 5,000 tags with
 * an H and an HH limit each (10,000 definitions), values wandering through the limits now and
 * then (the share of samples that change an alarm's state — journaled and pushed as in
 * production — is measured and reported) —
 * beside a bare threshold loop over the same samples (a Map lookup and two comparisons), the
 * least any evaluator must do. One evaluation = one definition judged against one sample.
 */
export async function measureAlarmEvaluations(log: (line: string) => void): Promise<BenchResult[]> {
  const ids = Array.from({ length: TAGS }, (_, i) => `area${i % 20}/unit${i % 250}/signal${i}`);
  const metas = new Map<string, TagMeta>(
    ids.map((id) => [
      id,
      {
        id,
        device: id.slice(0, id.lastIndexOf('/')),
        name: 'signal',
        description: '',
        unit: 'bar',
        dataType: 'number',
        engLow: 0,
        engHigh: 100,
      },
    ]),
  );
  const definitions: AlarmDefinition[] = [
    { kind: 'H', value: 80, deadband: 1, priority: 'medium' },
    { kind: 'HH', value: 90, deadband: 1, priority: 'high' },
  ];
  const store = countingStore();
  const engine = new AlarmEngine({
    store,
    station: 'bench',
    log: createMemoryLogger(),
    tags: {
      list: () => metas.values(),
      meta: (id) => metas.get(id),
      configuredAlarms: () => definitions,
      area: () => 'bench',
      currentValue: () => null,
    },
  });
  await engine.start();
  const { tagIndex, values } = samples();
  try {
    const now = Date.now();
    let engineBest = 0;
    let baselineBest = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      for (let i = 0; i < SAMPLES; i++) engine.observe(ids[tagIndex[i]!]!, values[i]!, Quality.Good, now + i);
      const engineRate = (SAMPLES * DEFINITIONS_PER_TAG * 1000) / (performance.now() - t0);
      const t1 = performance.now();
      const crossings = thresholdLoop(ids, tagIndex, values);
      const baselineRate = (SAMPLES * DEFINITIONS_PER_TAG * 1000) / (performance.now() - t1);
      if (crossings < 0) throw new Error('unreachable: keeps the loop from being optimised away');
      engineBest = Math.max(engineBest, engineRate);
      baselineBest = Math.max(baselineBest, baselineRate);
      // Let the batched journal writes and pushes of this round run, as they would between messages.
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    await engine.flushed();
    const changing = (100 * store.lines) / (SAMPLES * ROUNDS);
    log(
      `  alarms: ${Math.round(engineBest).toLocaleString('en')} evaluations/s (bare threshold loop ${Math.round(baselineBest).toLocaleString('en')}/s)`,
    );
    return [
      withBaseline(
        {
          name: 'alarms.evaluations_per_s',
          value: round(engineBest, 0),
          unit: 'evaluations/s',
          target: '≥ 1,000,000',
          note: `${TAGS.toLocaleString('en')} tags × H+HH = ${(TAGS * DEFINITIONS_PER_TAG).toLocaleString('en')} definitions, ${SAMPLES.toLocaleString('en')} samples, best of ${ROUNDS}; ${changing.toFixed(1)} % of samples changed an alarm (journaled)`,
        },
        round(baselineBest, 0),
        'bare threshold loop over the same samples',
      ),
    ];
  } finally {
    await engine.stop();
  }
}

/** Values per tag as a slow random walk around 60, crossing 80 and 90 now and then. */
function samples(): { tagIndex: Uint32Array; values: Float64Array } {
  const tagIndex = new Uint32Array(SAMPLES);
  const values = new Float64Array(SAMPLES);
  const level = new Float64Array(TAGS).fill(60);
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < SAMPLES; i++) {
    const tag = i % TAGS;
    const drift = (random() - 0.5) * 8 + (60 - level[tag]!) * 0.02;
    level[tag] = Math.min(100, Math.max(0, level[tag]! + drift));
    tagIndex[i] = tag;
    values[i] = level[tag]!;
  }
  return { tagIndex, values };
}

function thresholdLoop(ids: string[], tagIndex: Uint32Array, values: Float64Array): number {
  const limits = new Map(ids.map((id) => [id, { h: 80, hh: 90 }]));
  let crossings = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const limit = limits.get(ids[tagIndex[i]!]!);
    if (limit === undefined) continue;
    const value = values[i]!;
    if (value >= limit.h) crossings++;
    if (value >= limit.hh) crossings++;
  }
  return crossings;
}
