import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildPumpBearingModel,
  anomalyScore,
  bearingFeatures,
  INPUTS,
  MODEL_FILE,
  STEPS,
} from '../../../../../electron/inference/shipped/pumpBearing.js';
import {
  calibratePumpBearing,
  pumpBearingDoc,
} from '../../../../../electron/inference/shipped/buildShippedModels.js';
import {
  pumpBearingBinding,
  demoPlantBindings,
} from '../../../../../electron/inference/shipped/demoBindings.js';
import { normalise } from '../../../../../electron/inference/windowBuilder.js';
import { resourcePath } from '../../../../../electron/platform/resourcePath.js';
import { createPlant } from '../../../../../electron/simulator/plantModel.js';
import { mulberry32 } from '../../../../../electron/simulator/prng.js';
import type { ModelBindingInput } from '../../../../../shared/modelBindings.js';
import { Quality } from '../../../../../shared/quality.js';
import { inferenceHarness, type Harness } from '../../../../helpers/inferenceHarness.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';

const shipped = () => readFileSync(resourcePath('models', MODEL_FILE));
const limits = () => JSON.parse(readFileSync(resourcePath('models', 'pump_bearing.json'), 'utf8')).limits;

describe('the shipped pump bearing model', () => {
  it('is byte for byte what npm run models makes from the demo plant', () => {
    const made = calibratePumpBearing();
    expect(made).toEqual(limits());
    expect(Buffer.from(buildPumpBearingModel(made, pumpBearingDoc(made))).equals(shipped())).toBe(true);
  });

  it('computes in onnxruntime the features and score of its reference, on windows of every kind', async () => {
    const session = await ort.InferenceSession.create(shipped());
    const random = mulberry32(7);
    const rows = 64;
    const data = new Float32Array(rows * STEPS * INPUTS.length);
    for (let r = 0; r < rows; r++) {
      const running = r % 4 !== 0;
      const setpoint = r % 8 === 1 ? 0.5 : 1;
      const base = 0.04 + 0.15 * random();
      for (let s = 0; s < STEPS; s++) {
        const at = (r * STEPS + s) * INPUTS.length;
        data[at] = base * setpoint + (r % 3 === 0 ? s * 0.002 : 0) + 0.004 * random();
        data[at + 1] = running || s > 50 ? 1 : 0;
        data[at + 2] = r % 8 === 5 && s < 20 ? 0.8 : setpoint;
      }
    }
    const out = await session.run({ window: new ort.Tensor('float32', data, [rows, STEPS, INPUTS.length]) });
    for (let r = 0; r < rows; r++) {
      const reference = bearingFeatures(data, r * STEPS * INPUTS.length);
      expect(out.features!.data[r * 2]).toBeCloseTo(reference.level, 4);
      expect(out.features!.data[r * 2 + 1]).toBeCloseTo(reference.trend, 4);
      expect(out.anomaly_score!.data[r]).toBeCloseTo(anomalyScore(reference, limits()), 4);
    }
    await session.release();
  });
});

/**
 * The demo plant as the demo runs it (seed 1, twelve devices), its physics stepped second by
 * second and fed through ingest into the real model with the demo's bindings — triggered by each
 * vibration sample instead of the wall clock, so twenty minutes of plant time take seconds.
 */
describe('the shipped model on the demo plant', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let h: Harness | null = null;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(async () => {
    await h?.stop();
    h = null;
    dir.remove();
  });

  const VIBRATION_H = 7.1;

  for (const hour of [0, 6, 12, 18]) {
    it(`detects the first injected bearing fault before vibration reaches its alarm limit (start at ${hour}:00 UTC)`, async () => {
      const startMs = Date.UTC(2026, 0, 5, hour);
      const plant = createPlant({ startMs, seed: 1, devices: 12 });
      const bindings = demoPlantBindings(plant.devices).map(
        (b): ModelBindingInput =>
          ({
            ...b,
            trigger: { kind: 'sample', tag: (b as { inputs: { tag: string }[] }).inputs[0]!.tag },
          }) as ModelBindingInput,
      );
      expect(bindings.map((b) => b.id)).toEqual([
        'bearing-line1-pump1',
        'bearing-line2-pump2',
        'bearing-line3-pump3',
        'bearing-utilities-pump4',
      ]);
      h = await inferenceHarness({ dir: dir.path, shippedDir: resourcePath('models'), stored: bindings });
      const pumps = plant.devices.filter((d) => d.kind === 'pump');
      let fault: { pump: string; startMs: number; endMs: number } | null = null;
      let detectedAt: number | null = null;
      let alarmAt: number | null = null;
      const falseAlarms: string[] = [];
      for (let s = 1; s <= 20 * 60; s++) {
        const t = startMs + s * 1000;
        const readings = plant.step(t);
        const event = plant.activeEvents().find((e) => e.kind === 'bearingWear');
        if (!fault && event && event.device.startsWith('pump'))
          fault = { pump: `${event.area}/${event.device}`, startMs: event.startMs, endMs: event.endMs };
        for (const def of pumps) {
          const reading = readings.find((r) => r.device === def.id)!;
          const values = INPUTS.map((input) => reading.values.find((v) => v.name === input.name)!);
          h.feed(
            values
              .map((v, i) => ({
                tag: `${def.area}/${def.id}/${INPUTS[i]!.name}`,
                ts: t,
                value: Number(v.value),
                quality: v.bad ? Quality.BadSensorFailure : Quality.Good,
              }))
              .reverse(),
            { id: `${def.area}/${def.id}`, area: def.area, protocol: 'sparkplug' },
          );
        }
        await h.idle();
        for (const def of pumps) {
          const pump = `${def.area}/${def.id}`;
          const score = h.tags.get(`${pump}/anomaly_score`);
          const flagged = score?.quality === Quality.Good && (score.value as number) > 0.5;
          const faulty = fault?.pump === pump && t >= fault.startMs;
          if (flagged && !faulty) falseAlarms.push(`${pump} at ${(t - startMs) / 1000} s`);
          if (flagged && faulty) detectedAt ??= t;
          const vibration = h.tags.get(`${pump}/vibration`)?.value as number;
          if (faulty && vibration >= VIBRATION_H) alarmAt ??= t;
        }
        if (fault && t > fault.endMs) break;
      }
      expect(fault?.pump).toBe('line3/pump3');
      expect(falseAlarms).toEqual([]);
      expect(alarmAt).not.toBeNull();
      expect(detectedAt).not.toBeNull();
      expect(detectedAt!).toBeLessThan(alarmAt!);
      expect(h.service.status('bearing-line3-pump3')?.state).toBe('running');
    });
  }

  it('binds the shipped model to each demo pump with the inputs it was calibrated on', () => {
    const binding = pumpBearingBinding('line1/pump1') as Extract<ModelBindingInput, { kind: 'onnx' }>;
    expect(binding.inputs).toEqual(
      INPUTS.map((i) => ({ tag: `line1/pump1/${i.name}`, normalise: i.normalise })),
    );
    expect(normalise(12.5, INPUTS[0]!.normalise)).toBe(0.5);
    expect(
      demoPlantBindings(createPlant({ startMs: 0, seed: 1, devices: 12, tagsPerDevice: 4 }).devices),
    ).toEqual([]);
  });
});
