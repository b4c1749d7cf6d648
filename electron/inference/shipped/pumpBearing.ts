import type { Normalise } from '../../../shared/modelBindings.js';
import { GraphBuilder, int, ints } from '../onnx/graphBuilder.js';
import { encodeModel } from '../onnx/onnxModel.js';

/**
 * The shipped bearing-anomaly model for the demo plant's pumps (resources/models/pump_bearing.onnx).
 *
 * A worn bearing raises a pump's vibration in proportion to its speed, and the demo plant's
 * wear accelerates over minutes (electron/simulator/plantEvents.ts, plantPhysics.ts). The model
 * reads the last 60 s of vibration, run feedback and speed setpoint and looks at vibration per
 * unit of speed — so a pump slowed by an engineer is not mistaken for a healthy one or the
 * reverse — in two ways: its level over the last three seconds (a bearing already rough, seen
 * five seconds after a start) and its rise over half a minute while the pump ran steadily
 * throughout (a bearing getting rough). Each is compared with a limit calibrated on normal
 * operation alone (trainPumpBearing.ts runs the plant's physics for that), and the score is the
 * logistic of the larger excess: 0.5 at a limit, near 0 in normal running, near 1 beyond. The
 * rise shows long before vibration reaches its alarm limit (ISO 10816-3 zone C, 7.1 mm/s).
 */

export const MODEL_FILE = 'pump_bearing.onnx';
export const STEPS = 60;
export const STEP_MS = 1_000;

/** The inputs in the model's feature order, each normalised by its engineering range. */
export const INPUTS: readonly { name: string; normalise: Normalise }[] = [
  { name: 'vibration', normalise: { kind: 'minMax', min: 0, max: 25 } },
  { name: 'running', normalise: { kind: 'minMax', min: 0, max: 1 } },
  { name: 'speed_setpoint', normalise: { kind: 'minMax', min: 0, max: 100 } },
];

/** Where the features look in the window (step indices, end exclusive). */
const LEVEL = [57, 60] as const;
const LEVEL_RUNNING = [55, 60] as const;
const LEVEL_STEADY = [45, 60] as const;
const RECENT = [50, 60] as const;
const BASE = [20, 30] as const;
/** Below this share of full speed, vibration per speed is not divided further. */
const MIN_SPEED = 0.2;
/** A setpoint that moved more than this (of full scale) within the window: no trend is read. */
const SETPOINT_STEADY = 0.005;
/** Vibration is normalised by 25 mm/s; features are reported in mm/s. */
const VIBRATION_SCALE = 25;

/** Where normal ends, in mm/s: the model's only learned numbers. */
export interface BearingLimits {
  level: number;
  trend: number;
}

/** The score rises from 0.5 to 0.73 over this share of a limit past it. */
const SOFTNESS = 0.05;

/**
 * The two features of one window (time-major, normalised as INPUTS says), in mm/s: vibration
 * per unit speed over the last 10 s (while running), and its rise from 20–30 s to 50–60 s into
 * the window (while running throughout at a steady setpoint). The ONNX graph computes the same.
 */
export function bearingFeatures(window: ArrayLike<number>, offset = 0): { level: number; trend: number } {
  const at = (step: number, channel: number) => window[offset + step * INPUTS.length + channel]!;
  const perSpeed = (step: number) => at(step, 0) / Math.max(at(step, 2), MIN_SPEED);
  const over = (
    range: readonly [number, number],
    f: (step: number) => number,
    reduce: (a: number, b: number) => number,
  ) => {
    let result = f(range[0]);
    for (let step = range[0] + 1; step < range[1]; step++) result = reduce(result, f(step));
    return result;
  };
  const mean = (range: readonly [number, number]) =>
    over(range, perSpeed, (a, b) => a + b) / (range[1] - range[0]);
  const running = (range: readonly [number, number]) => over(range, (step) => at(step, 1), Math.min);
  const steady = (range: readonly [number, number]) =>
    over(range, (step) => at(step, 2), Math.max) - over(range, (step) => at(step, 2), Math.min) <
    SETPOINT_STEADY
      ? 1
      : 0;
  const level = over(LEVEL, perSpeed, Math.min) * running(LEVEL_RUNNING) * steady(LEVEL_STEADY);
  const trend = (mean(RECENT) - mean(BASE)) * running([0, STEPS]) * steady([0, STEPS]);
  return { level: level * VIBRATION_SCALE, trend: trend * VIBRATION_SCALE };
}

export function anomalyScore(features: { level: number; trend: number }, limits: BearingLimits): number {
  const excess = Math.max(
    (features.level - limits.level) / (SOFTNESS * limits.level),
    (features.trend - limits.trend) / (SOFTNESS * limits.trend),
  );
  return 1 / (1 + Math.exp(-excess));
}

/**
 * The model as an ONNX graph: `window` [N, 60, 3] → `anomaly_score` [N, 1] (probability of
 * bearing wear) and `features` [N, 2] (level and trend, mm/s).
 */
export function buildPumpBearingModel(limits: BearingLimits, doc: string): Uint8Array {
  const g = new GraphBuilder('pump_bearing');
  const window = g.input('window', 'float32', ['N', STEPS, INPUTS.length]);
  const channel = (c: number) => g.op('Squeeze', [g.slice(window, 2, c, c + 1), g.int64s([2])]);
  const vibration = channel(0);
  const run = channel(1);
  const setpoint = channel(2);
  const perSpeed = g.op('Div', [vibration, g.op('Max', [setpoint, g.scalar(MIN_SPEED)])]);
  const reduce = (op: string, x: string) => g.op(op, [x], { axes: ints([1]), keepdims: int(1) });
  const part = (x: string, range: readonly [number, number]) => g.slice(x, 1, range[0], range[1]);

  const steady = (range: readonly [number, number]) => {
    const x = part(setpoint, range);
    const spread = g.op('Sub', [reduce('ReduceMax', x), reduce('ReduceMin', x)]);
    return g.op('Cast', [g.op('Less', [spread, g.scalar(SETPOINT_STEADY)])], { to: int(1) });
  };
  const running = (range: readonly [number, number]) => reduce('ReduceMin', part(run, range));
  const level = g.op('Mul', [
    g.op('Mul', [reduce('ReduceMin', part(perSpeed, LEVEL)), running(LEVEL_RUNNING)]),
    steady(LEVEL_STEADY),
  ]);
  const rise = g.op('Sub', [
    reduce('ReduceMean', part(perSpeed, RECENT)),
    reduce('ReduceMean', part(perSpeed, BASE)),
  ]);
  const trend = g.op('Mul', [g.op('Mul', [rise, running([0, STEPS])]), steady([0, STEPS])]);
  const features = g.op('Mul', [g.op('Concat', [level, trend], { axis: int(1) }), g.scalar(VIBRATION_SCALE)]);
  // (features − limits) / (softness × limits), the larger of the two, through the logistic.
  const excess = g.op('Div', [
    g.op('Sub', [features, g.constant([limits.level, limits.trend], [1, 2])]),
    g.constant([SOFTNESS * limits.level, SOFTNESS * limits.trend], [1, 2]),
  ]);
  const logit = g.op('ReduceMax', [excess], { axes: ints([1]), keepdims: int(1) });
  g.output(g.op('Sigmoid', [logit]), 'anomaly_score', 'float32', ['N', 1]);
  g.output(features, 'features', 'float32', ['N', 2]);
  return encodeModel({
    graph: g.build(),
    opset: 17,
    producer: 'watchkeeper npm run models',
    doc,
    metadata: {
      inputs: INPUTS.map((input) => input.name).join(','),
      window: `${STEPS} steps of ${STEP_MS} ms`,
      limits: JSON.stringify(limits),
    },
  });
}
