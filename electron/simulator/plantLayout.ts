import type { DeviceKind, DeviceSim } from './plantPhysics.js';
import { signalsFor, type SignalSpec, type TagDef } from './plantSignals.js';
import { between, hashSeed, mulberry32, type Random } from './prng.js';

/** A device as published: its area (the Sparkplug edge node), its id and its tags, in order. */
export interface DeviceDef {
  area: string;
  id: string;
  kind: DeviceKind;
  tags: TagDef[];
}

export interface PlantLayout {
  areas: string[];
  defs: DeviceDef[];
  sims: DeviceSim[];
  signals: SignalSpec[][];
}

/**
 * Production lines are pump → buffer tank → conveyor → transfer pump; the utilities area has a
 * lead and a lag compressor and a water tank. Repeating the pattern keeps big plants believable.
 */
const LINE_PATTERN: readonly DeviceKind[] = ['pump', 'tank', 'conveyor', 'pump'];
const UTILITIES_PATTERN: readonly DeviceKind[] = ['compressor', 'pump', 'tank', 'compressor'];

/** Demand thresholds by rank within an area: the first device is duty, the rest are standby. */
const THRESHOLDS: Readonly<Record<DeviceKind, readonly number[]>> = {
  pump: [-1, 0.5, 0.65, 0.8],
  compressor: [-1, 0.6],
  conveyor: [0.15, 0.25],
  tank: [-1],
};

/** Three or four areas for a demo-sized plant; more for big ones so an edge node stays ~50 devices. */
export function areaNames(deviceCount: number): string[] {
  const count = Math.max(Math.min(4, Math.ceil(deviceCount / 3)), Math.ceil(deviceCount / 50));
  if (count === 1) return ['line1'];
  return [...Array.from({ length: count - 1 }, (_, i) => `line${i + 1}`), 'utilities'];
}

interface Slot {
  area: number;
  kind: DeviceKind;
}

/** Deals devices round-robin over the areas, then lists them area by area. */
function slots(deviceCount: number, areaCount: number): Slot[] {
  const perArea: DeviceKind[][] = Array.from({ length: areaCount }, () => []);
  for (let i = 0; i < deviceCount; i++) {
    const area = i % areaCount;
    const list = perArea[area] ?? [];
    const pattern = areaCount > 1 && area === areaCount - 1 ? UTILITIES_PATTERN : LINE_PATTERN;
    list.push(pattern[list.length % pattern.length] ?? 'pump');
    perArea[area] = list;
  }
  return perArea.flatMap((kinds, area) => kinds.map((kind) => ({ area, kind })));
}

/** Each tank is fed by the nearest earlier pump in its area that feeds nothing yet. */
function feedLinks(layout: readonly Slot[]): Int32Array {
  const links = new Int32Array(layout.length).fill(-1);
  layout.forEach((slot, i) => {
    if (slot.kind !== 'tank') return;
    for (let j = i - 1; j >= 0 && layout[j]?.area === slot.area; j--) {
      if (layout[j]?.kind === 'pump' && links[j] === -1) {
        links[j] = i;
        links[i] = j;
        return;
      }
    }
  });
  return links;
}

/** Builds the plant: definitions for publishing and simulation state, with seeded ratings. */
export function buildLayout(
  deviceCount: number,
  tagsPerDevice: number | undefined,
  seed: number,
  ambient: number,
  demand: Float64Array,
): PlantLayout {
  const areas = areaNames(deviceCount);
  const layout = slots(deviceCount, areas.length);
  const links = feedLinks(layout);
  const kindCount = new Map<DeviceKind, number>();
  const rank = new Map<string, number>();
  const defs: DeviceDef[] = [];
  const sims: DeviceSim[] = [];
  const signals: SignalSpec[][] = [];
  layout.forEach((slot, i) => {
    const number = (kindCount.get(slot.kind) ?? 0) + 1;
    kindCount.set(slot.kind, number);
    const link = links[i] ?? -1;
    let threshold = -1;
    if (link < 0) {
      const key = `${slot.area}:${slot.kind}`;
      const r = rank.get(key) ?? 0;
      rank.set(key, r + 1);
      const table = THRESHOLDS[slot.kind];
      threshold = table[r % table.length] ?? -1;
    }
    const random = mulberry32(hashSeed(seed, 0x51a7, i));
    const feedRated = link >= 0 && slot.kind === 'tank' ? (sims[link]?.rated ?? 80) : 0;
    sims.push(initialState(slot, link, threshold, feedRated, random, ambient, demand[slot.area] ?? 0.5));
    const specs = signalsFor(slot.kind, tagsPerDevice);
    signals.push(specs);
    defs.push({
      area: areas[slot.area] ?? 'line1',
      id: `${slot.kind}${number}`,
      kind: slot.kind,
      tags: specs.map(({ name, unit, description, dataType, engLow, engHigh, limits, states, writable }) => ({
        name,
        unit,
        description,
        dataType,
        engLow,
        engHigh,
        limits,
        ...(states ? { states } : {}),
        ...(writable ? { writable } : {}),
      })),
    });
  });
  return { areas, defs, sims, signals };
}

function initialState(
  slot: Slot,
  link: number,
  threshold: number,
  feedRated: number,
  random: Random,
  ambient: number,
  demand: number,
): DeviceSim {
  const { kind } = slot;
  const r = (low: number, high: number) => between(random, low, high);
  const tankRated = feedRated > 0 ? feedRated / 2 : r(30, 60);
  const rated = { pump: r(60, 140), compressor: r(400, 900), conveyor: r(1.2, 2.5), tank: tankRated }[kind];
  const ratedCurrent = { pump: r(25, 60), compressor: r(90, 160), conveyor: r(15, 40), tank: 1 }[kind];
  const tempRise = { pump: r(14, 24), compressor: r(25, 35), conveyor: r(10, 20), tank: r(5, 15) }[kind];
  const baseVibration = { pump: r(1.2, 2.8), compressor: r(1.8, 3.5), conveyor: r(1, 2.5), tank: 0 }[kind];
  const ratedHead = kind === 'compressor' ? r(6.5, 7.5) : r(3, 7);
  const level = r(30, 70);
  const command = threshold >= 0 ? demand > threshold : random() < 0.5;
  const speed = kind !== 'tank' && command ? 1 : 0;
  return {
    kind,
    area: slot.area,
    rated,
    ratedCurrent,
    ratedHead,
    staticHead: r(0.3, 0.8),
    baseVibration,
    tempRise,
    capacity: tankRated * 0.06,
    threshold,
    link,
    command,
    running: speed > 0,
    speed,
    loaded: random() < 0.5,
    flow: 0,
    pressure: kind === 'compressor' ? ratedHead + r(-0.4, 0.4) : 0,
    current: 0,
    vibration: 0.05 + speed * baseVibration,
    bearingTemp: ambient + speed * tempRise,
    beltSpeed: 0,
    level,
    inflow: 0,
    outflow: 0,
    temperature: ambient + tempRise,
    drift: 0,
    wear: 0,
    maintenance: false,
    // Drawn last, so that adding batches left every earlier draw, and the plant's readings, as they were.
    batch: Math.floor(r(1000, 9000)),
    batchRunS: 0,
    setpoint: 100,
  };
}
