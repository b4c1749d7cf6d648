import { MAINTENANCE_MS } from '../../simulator/plantEvents.js';
import { createPlant, type PlantEvent } from '../../simulator/plantModel.js';
import { normalise } from '../windowBuilder.js';
import { anomalyScore, bearingFeatures, INPUTS, STEP_MS, STEPS, type BearingLimits } from './pumpBearing.js';

/** A window of one pump at one second, with what the simulator knew of its bearing. */
export interface PumpWindow {
  device: string;
  t: number;
  level: number;
  trend: number;
  /** 0 healthy … 1 failing; null while the pump was down for the bearing change. */
  wear: number | null;
  /** The vibration transmitter's reading at t (mm/s). */
  vibration: number;
}

export interface SimulationOptions {
  seed: number;
  hours: number;
  devices?: number;
  startMs?: number;
}

const VIBRATION_ALARM_H = 7.1;

/**
 * Runs the demo plant's physics (the simulator itself, seeded) and yields, for every pump that
 * reports all three inputs, each second's window features with the bearing wear the simulator
 * applied — ground truth no site has, which is what lets the shipped model be trained and
 * checked honestly. Windows holding a failed sensor's reading or an offline spell are left out,
 * as the live binding would mark them bad.
 */
export function* simulatePumpWindows(options: SimulationOptions): Generator<PumpWindow> {
  const startMs = options.startMs ?? Date.UTC(2026, 0, 5, 0);
  const plant = createPlant({ startMs, seed: options.seed, devices: options.devices ?? 12 });
  const pumps = plant.devices.flatMap((def, index) => {
    const channels = INPUTS.map((input) => def.tags.findIndex((tag) => tag.name === input.name));
    return def.kind === 'pump' && channels.every((c) => c >= 0)
      ? [{ index, id: `${def.area}/${def.id}`, channels }]
      : [];
  });
  const rings = pumps.map(() => ({ data: new Float64Array(STEPS * INPUTS.length), clean: 0 }));
  const steps = Math.floor((options.hours * 3_600_000) / STEP_MS);
  for (let s = 1; s <= steps; s++) {
    const t = startMs + s * STEP_MS;
    const readings = plant.step(t);
    const events = plant.activeEvents();
    for (const [p, pump] of pumps.entries()) {
      const reading = readings[pump.index]!;
      const ring = rings[p]!;
      ring.data.copyWithin(0, INPUTS.length);
      const usable = reading.online && pump.channels.every((c) => !reading.values[c]!.bad);
      pump.channels.forEach((c, i) => {
        const raw = Number(reading.values[c]!.value);
        ring.data[(STEPS - 1) * INPUTS.length + i] = normalise(raw, INPUTS[i]!.normalise);
      });
      ring.clean = usable ? Math.min(STEPS, ring.clean + 1) : 0;
      if (ring.clean < STEPS) continue;
      const features = bearingFeatures(ring.data);
      const vibration = Number(reading.values[pump.channels[0]!]!.value);
      yield {
        device: pump.id,
        t,
        ...features,
        wear: wearOf(events, reading.area, reading.device, t),
        vibration,
      };
    }
  }
}

function wearOf(events: readonly PlantEvent[], area: string, device: string, t: number): number | null {
  const event = events.find((e) => e.kind === 'bearingWear' && e.area === area && e.device === device);
  if (!event) return 0;
  if (t >= event.endMs - MAINTENANCE_MS) return null;
  const x = Math.min(1, Math.max(0, (t - event.startMs) / (event.endMs - event.startMs - MAINTENANCE_MS)));
  return x * Math.sqrt(x);
}

/** A limit sits this far above the largest value normal operation gave. */
export const MARGIN = 1.25;

/**
 * Calibrates the limits on normal operation only — windows of pumps whose bearing the simulator
 * left healthy — as an engineer would set a limit from a quiet period: a quarter above the
 * largest level and rise seen. Wear is never looked at here; it is used only to evaluate.
 */
export function calibrate(windows: Iterable<PumpWindow>): BearingLimits {
  let level = 0;
  let trend = 0;
  for (const w of windows) {
    if (w.wear !== 0) continue;
    level = Math.max(level, w.level);
    trend = Math.max(trend, w.trend);
  }
  const round = (value: number) => Number((value * MARGIN).toPrecision(3));
  return { level: round(level), trend: round(trend) };
}

/** How a model did on simulated plant time it was not trained on. */
export interface Evaluation {
  healthyWindows: number;
  falseAlarms: number;
  /** Per bearing-wear event on a pump: seconds from its start to detection and to the vibration alarm limit. */
  events: { device: string; startMs: number; detectedAfterS: number | null; alarmAfterS: number | null }[];
}

export function evaluate(windows: Iterable<PumpWindow>, limits: BearingLimits, threshold = 0.5): Evaluation {
  const result: Evaluation = { healthyWindows: 0, falseAlarms: 0, events: [] };
  const open = new Map<string, Evaluation['events'][number]>();
  for (const w of windows) {
    const score = anomalyScore(w, limits);
    if (w.wear === 0) {
      open.delete(w.device);
      result.healthyWindows++;
      if (score > threshold) result.falseAlarms++;
      continue;
    }
    if (w.wear === null) continue;
    let event = open.get(w.device);
    if (!event) {
      event = { device: w.device, startMs: w.t, detectedAfterS: null, alarmAfterS: null };
      open.set(w.device, event);
      result.events.push(event);
    }
    const after = (w.t - event.startMs) / 1000;
    if (event.detectedAfterS === null && score > threshold) event.detectedAfterS = after;
    if (event.alarmAfterS === null && w.vibration >= VIBRATION_ALARM_H) event.alarmAfterS = after;
  }
  return result;
}
