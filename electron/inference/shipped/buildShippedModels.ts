import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pumpBearingBinding } from './demoBindings.js';
import { buildPumpBearingModel, MODEL_FILE, type BearingLimits } from './pumpBearing.js';
import { calibrate, evaluate, simulatePumpWindows, type Evaluation } from './trainPumpBearing.js';

/**
 * `npm run models`: makes the models shipped in resources/models from the demo plant's physics.
 * Deterministic — the same sources give the same bytes, which a test checks — so anyone can
 * see how a shipped model came about and make it again.
 */

/** Plant time the limits are calibrated on (normal operation only), and time they are checked on. */
export const CALIBRATION = { seeds: [1, 2], hours: 8 };
export const VALIDATION = { seeds: [21, 22, 23], hours: 8 };

export function calibratePumpBearing(): BearingLimits {
  return calibrate(
    (function* () {
      for (const seed of CALIBRATION.seeds) yield* simulatePumpWindows({ seed, hours: CALIBRATION.hours });
    })(),
  );
}

export function pumpBearingDoc(limits: BearingLimits): string {
  return (
    'Bearing wear of the Watchkeeper demo plant pumps. Input window [N, 60, 3]: vibration (mm/s / 25), ' +
    'running (0/1), speed setpoint (% / 100), one step a second. Outputs anomaly_score [N, 1] and ' +
    `features [N, 2] (vibration per speed over the last 3 s and its rise over 30 s, mm/s). Limits ${limits.level} ` +
    `and ${limits.trend} mm/s, calibrated on ${CALIBRATION.seeds.length * CALIBRATION.hours} h of simulated normal operation.`
  );
}

function summary(evaluations: Evaluation[]) {
  const events = evaluations.flatMap((e) => e.events);
  const alarmed = events.filter((e) => e.alarmAfterS !== null);
  const leads = alarmed
    .filter((e) => e.detectedAfterS !== null)
    .map((e) => e.alarmAfterS! - e.detectedAfterS!)
    .sort((a, b) => a - b);
  return {
    healthyWindows: evaluations.reduce((sum, e) => sum + e.healthyWindows, 0),
    falseAlarms: evaluations.reduce((sum, e) => sum + e.falseAlarms, 0),
    wearEvents: events.length,
    detected: events.filter((e) => e.detectedAfterS !== null).length,
    reachedAlarmLimit: alarmed.length,
    detectedBeforeAlarm: leads.filter((lead) => lead > 0).length,
    leadSecondsMin: leads[0] ?? null,
    leadSecondsMedian: leads[Math.floor(leads.length / 2)] ?? null,
  };
}

function main(): void {
  const out = join(dirname(fileURLToPath(import.meta.url)), '../../../resources/models');
  mkdirSync(out, { recursive: true });
  const limits = calibratePumpBearing();
  writeFileSync(join(out, MODEL_FILE), buildPumpBearingModel(limits, pumpBearingDoc(limits)));
  const validation = summary(
    VALIDATION.seeds.map((seed) => evaluate(simulatePumpWindows({ seed, hours: VALIDATION.hours }), limits)),
  );
  const report = {
    model: MODEL_FILE,
    made: 'npm run models (electron/inference/shipped/buildShippedModels.ts)',
    limits,
    calibration: CALIBRATION,
    validation: { ...VALIDATION, ...validation },
    binding: pumpBearingBinding('<area>/<pump>'),
  };
  writeFileSync(join(out, 'pump_bearing.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.warn(
    `wrote ${MODEL_FILE}: limits ${JSON.stringify(limits)}; validation ${JSON.stringify(validation)}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
