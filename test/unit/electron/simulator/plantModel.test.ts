import { describe, expect, it } from 'vitest';
import {
  createPlant,
  type DeviceReading,
  type Plant,
  type PlantEventKind,
} from '../../../../electron/simulator/plantModel.js';

const START = Date.UTC(2026, 0, 1, 10, 0, 0);

/** Steps a plant once per `stepS` seconds for `seconds`, handing each tick to `visit`. */
function run(
  plant: Plant,
  seconds: number,
  visit: (readings: DeviceReading[], t: number) => void,
  stepS = 1,
): void {
  for (let t = 0; t <= seconds; t += stepS) visit(plant.step(START + t * 1000), t);
}

function valueOf(reading: DeviceReading, name: string): number | boolean | undefined {
  return reading.values.find((v) => v.name === name)?.value;
}

describe('createPlant', () => {
  it('replays exactly the same readings for the same seed', () => {
    const a = createPlant({ seed: 42, startMs: START });
    const b = createPlant({ seed: 42, startMs: START });
    for (let t = 0; t < 300; t++) expect(b.step(START + t * 1000)).toEqual(a.step(START + t * 1000));
  });

  it('produces a different plant for a different seed', () => {
    const a = createPlant({ seed: 1, startMs: START }).step(START);
    const b = createPlant({ seed: 2, startMs: START }).step(START);
    expect(b).not.toEqual(a);
  });

  it('lays out 12 devices of every kind over four areas with unique tag paths', () => {
    const plant = createPlant({ startMs: START });
    expect(plant.areas).toEqual(['line1', 'line2', 'line3', 'utilities']);
    expect(plant.devices).toHaveLength(12);
    expect(new Set(plant.devices.map((d) => d.kind))).toEqual(
      new Set(['pump', 'tank', 'conveyor', 'compressor']),
    );
    const paths = plant.devices.flatMap((d) => d.tags.map((t) => `${d.area}/${d.id}/${t.name}`));
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toContain('line1/pump1/vibration');
  });

  it('shows no flow and no current on a pump that has been stopped for a while, and both on a running one', () => {
    const plant = createPlant({ seed: 7, startMs: START });
    const runLength = new Map<string, number>();
    const problems: string[] = [];
    let stopped = 0;
    let running = 0;
    run(plant, 900, (readings, t) => {
      for (const r of readings.filter((d) => d.device.startsWith('pump') && d.values.every((v) => !v.bad))) {
        const on = valueOf(r, 'running') === true;
        // Positive: seconds running in a row; negative: seconds stopped in a row.
        const previous = runLength.get(r.device) ?? 0;
        const length = on ? Math.max(previous, 0) + 1 : Math.min(previous, 0) - 1;
        runLength.set(r.device, length);
        const flow = valueOf(r, 'flow') as number;
        const current = valueOf(r, 'motor_current') as number;
        const vibration = valueOf(r, 'vibration') as number;
        if (length < -20) {
          stopped++;
          if (flow > 0.5 || current > 0.5 || vibration > 0.5)
            problems.push(`${t}s stopped ${r.device}: ${flow} m³/h ${current} A`);
        } else if (length > 5) {
          running++;
          if (flow < 20 || current < 5) problems.push(`${t}s running ${r.device}: ${flow} m³/h ${current} A`);
        }
      }
    });
    expect(problems).toEqual([]);
    expect(stopped).toBeGreaterThan(20);
    expect(running).toBeGreaterThan(100);
  });

  it('follows the time of day: more demand in the afternoon than at night', () => {
    const meanOutflow = (hourUtc: number) => {
      const startMs = Date.UTC(2026, 0, 1, hourUtc);
      const plant = createPlant({ seed: 7, startMs });
      let sum = 0;
      let count = 0;
      for (let t = 0; t < 120; t++) {
        for (const r of plant.step(startMs + t * 1000).filter((d) => d.device.startsWith('tank'))) {
          sum += valueOf(r, 'outflow') as number;
          count++;
        }
      }
      return sum / count;
    };
    expect(meanOutflow(14)).toBeGreaterThan(meanOutflow(2) * 1.2);
  });

  it('raises a tank level while inflow exceeds outflow and lowers it otherwise', () => {
    const plant = createPlant({ seed: 7, startMs: START });
    const history: DeviceReading[][] = [];
    run(plant, 600, (readings) => history.push(readings.filter((r) => r.device.startsWith('tank'))));
    let checked = 0;
    for (let t = 0; t + 10 < history.length; t += 10) {
      history[t]?.forEach((tank, i) => {
        const after = history[t + 10]?.[i];
        if (!after || !tank.online || tank.values.some((v) => v.bad) || after.values.some((v) => v.bad))
          return;
        const net = (valueOf(tank, 'inflow') as number) - (valueOf(tank, 'outflow') as number);
        const netAfter = (valueOf(after, 'inflow') as number) - (valueOf(after, 'outflow') as number);
        if (Math.abs(net) < 15 || Math.sign(net) !== Math.sign(netAfter)) return;
        const rise = (valueOf(after, 'level') as number) - (valueOf(tank, 'level') as number);
        expect(Math.sign(rise)).toBe(Math.sign(net));
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('keeps every good value inside its engineering range and flags only failed sensors as bad', () => {
    const plant = createPlant({ seed: 3, startMs: START, tagsPerDevice: 12 });
    const problems: string[] = [];
    let bad = 0;
    run(
      plant,
      40 * 60,
      (readings, t) => {
        const failing = new Set(
          plant.activeEvents().flatMap((e) => (e.kind === 'sensorFailure' ? [`${e.device}/${e.tag}`] : [])),
        );
        readings.forEach((reading, i) => {
          const def = plant.devices[i];
          reading.values.forEach((sample, k) => {
            const tag = def?.tags[k];
            // A string tag's number only names its text: it has no engineering range.
            if (!tag || typeof sample.value !== 'number' || tag.dataType === 'string') return;
            const inRange = sample.value >= tag.engLow && sample.value <= tag.engHigh;
            const path = `${reading.device}/${sample.name}`;
            if (sample.bad) bad++;
            if (sample.bad && (inRange || !failing.has(path)))
              problems.push(`${t}s ${path} bad=${sample.value}`);
            if (!sample.bad && !inRange)
              problems.push(`${t}s ${path}=${sample.value} outside ${tag.engLow}..${tag.engHigh}`);
          });
        });
      },
      2,
    );
    expect(problems).toEqual([]);
    expect(bad).toBeGreaterThan(0);
  });

  it('injects a bearing wear, a sensor failure and a network drop within the first three minutes', () => {
    const plant = createPlant({ seed: 11, startMs: START });
    const seen = new Set<PlantEventKind>();
    let offline = 0;
    let bad = 0;
    let wornDevice: string | undefined;
    let vibrationAtStart = 0;
    let vibrationAtEnd = 0;
    run(plant, 180, (readings) => {
      for (const event of plant.activeEvents()) seen.add(event.kind);
      offline += readings.filter((r) => !r.online).length;
      bad += readings.flatMap((r) => r.values).filter((v) => v.bad).length;
      const wear = plant.activeEvents().find((e) => e.kind === 'bearingWear');
      const worn = readings.find((r) => r.device === wear?.device);
      if (!wornDevice && worn) {
        wornDevice = worn.device;
        vibrationAtStart = valueOf(worn, 'vibration') as number;
      }
      if (worn) vibrationAtEnd = valueOf(worn, 'vibration') as number;
    });
    expect([...seen].sort()).toEqual(['bearingWear', 'networkDrop', 'sensorFailure']);
    expect(offline).toBeGreaterThan(10);
    expect(bad).toBeGreaterThan(10);
    expect(vibrationAtEnd - vibrationAtStart).toBeGreaterThan(1);
  });

  it('repeats each kind of fault later in the run', () => {
    const plant = createPlant({ seed: 5, startMs: START });
    const starts = new Map<PlantEventKind, Set<number>>();
    run(
      plant,
      45 * 60,
      () => {
        for (const e of plant.activeEvents())
          starts.set(e.kind, (starts.get(e.kind) ?? new Set()).add(e.startMs));
      },
      5,
    );
    for (const kind of ['bearingWear', 'sensorFailure', 'networkDrop'] as const) {
      expect(starts.get(kind)?.size ?? 0).toBeGreaterThanOrEqual(2);
    }
  });

  it('steps a 10,000-tag plant into 10,000 values quickly', () => {
    const plant = createPlant({ devices: 500, tagsPerDevice: 20, startMs: START });
    expect(plant.devices.reduce((sum, d) => sum + d.tags.length, 0)).toBe(10_000);
    for (const def of plant.devices) expect(new Set(def.tags.map((t) => t.name)).size).toBe(20);
    const began = performance.now();
    let values = 0;
    for (let i = 1; i <= 50; i++)
      values = plant.step(START + i * 20).reduce((sum, r) => sum + r.values.length, 0);
    expect(values).toBe(10_000);
    expect((performance.now() - began) / 50).toBeLessThan(50);
  });

  it('keeps the first M natural signals when fewer tags are asked for', () => {
    const plant = createPlant({ tagsPerDevice: 2, startMs: START });
    const pump = plant.devices.find((d) => d.kind === 'pump');
    expect(pump?.tags.map((t) => t.name)).toEqual(['running', 'flow']);
  });

  it('never runs time backwards', () => {
    const plant = createPlant({ startMs: START });
    plant.step(START + 10_000);
    expect(() => plant.step(START)).not.toThrow();
  });
});
