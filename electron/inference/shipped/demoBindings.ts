import type { ModelBindingInput } from '../../../shared/modelBindings.js';
import type { DeviceDef } from '../../simulator/plantModel.js';
import { INPUTS, MODEL_FILE, STEP_MS, STEPS } from './pumpBearing.js';

/** The id of the demo's bearing binding for a pump (`line1/pump1` → `bearing-line1-pump1`). */
export const bearingBindingId = (pump: string) => `bearing-${pump.replaceAll('/', '-')}`;

/**
 * The shipped bearing model bound to one pump, as the demo plant binds it: the last 60 s of
 * its vibration, run feedback and speed setpoint every second, normalised as the model was
 * calibrated; a window with a bad or missing point marks the outputs bad. The outputs are tags
 * beside the pump's own: `<pump>/anomaly_score` (0…1) and `<pump>/vibration_trend` (mm/s).
 */
export function pumpBearingBinding(pump: string): ModelBindingInput {
  return {
    kind: 'onnx',
    id: bearingBindingId(pump),
    description: `Bearing wear of ${pump} (shipped model, see resources/models/README.md)`,
    model: MODEL_FILE,
    inputs: INPUTS.map((input) => ({ tag: `${pump}/${input.name}`, normalise: input.normalise })),
    window: { steps: STEPS, stepMs: STEP_MS, resample: 'hold' },
    missing: 'markBad',
    trigger: { kind: 'interval', everyMs: STEP_MS },
    outputs: [
      {
        output: 'anomaly_score',
        index: 0,
        tag: `${pump}/anomaly_score`,
        description: 'Bearing wear probability (model)',
        unit: '',
        engLow: 0,
        engHigh: 1,
      },
      {
        output: 'features',
        index: 1,
        tag: `${pump}/vibration_trend`,
        description: 'Rise of vibration per unit speed over 30 s (model)',
        unit: 'mm/s',
        engLow: -5,
        engHigh: 5,
      },
    ],
  };
}

/** Most pumps the demo binds by default; a huge demo plant is for load, not for watching. */
const MAX_DEMO_BINDINGS = 200;

/** The demo plant's pumps that have every input the model reads, bound to it. */
export function demoPlantBindings(devices: readonly DeviceDef[]): ModelBindingInput[] {
  return devices
    .filter(
      (d) => d.kind === 'pump' && INPUTS.every((input) => d.tags.some((tag) => tag.name === input.name)),
    )
    .slice(0, MAX_DEMO_BINDINGS)
    .map((d) => pumpBearingBinding(`${d.area}/${d.id}`));
}
