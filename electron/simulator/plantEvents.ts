import { between, hashSeed, mulberry32 } from './prng.js';

export type PlantEventKind = 'bearingWear' | 'sensorFailure' | 'networkDrop';

export const PLANT_EVENT_KINDS: readonly PlantEventKind[] = ['bearingWear', 'sensorFailure', 'networkDrop'];

/** One injected fault, by device and tag index into the plant's device list. */
export interface ScheduledEvent {
  kind: PlantEventKind;
  occurrence: number;
  deviceIndex: number;
  /** Sensor failure: the failing tag; otherwise -1. */
  tagIndex: number;
  /** Sensor failure: true reads over range (≥ 21 mA), false under range (≤ 3.6 mA), per NAMUR NE 43. */
  failHigh: boolean;
  startMs: number;
  endMs: number;
}

interface Timing {
  /** Offset of the first occurrence after the start of the run. */
  first: readonly [number, number];
  period: number;
  duration: readonly [number, number];
}

const MINUTE = 60_000;

/**
 * When faults happen. The first of each kind falls inside the first 2½ minutes so a short demo
 * shows all three; later ones recur every few minutes with jitter. Durations stay well under a
 * period so two occurrences of one kind never overlap.
 */
const TIMING: Readonly<Record<PlantEventKind, Timing>> = {
  bearingWear: { first: [15_000, 45_000], period: 15 * MINUTE, duration: [5 * MINUTE, 7 * MINUTE] },
  sensorFailure: { first: [45_000, 90_000], period: 6 * MINUTE, duration: [30_000, 60_000] },
  networkDrop: { first: [80_000, 140_000], period: 8 * MINUTE, duration: [20_000, 40_000] },
};

/** How long a worn bearing is stopped for replacement at the end of a bearing-wear event. */
export const MAINTENANCE_MS = 60_000;

const KIND_CODE: Readonly<Record<PlantEventKind, number>> = {
  bearingWear: 1,
  sensorFailure: 2,
  networkDrop: 3,
};

/** Devices (and, for sensor failures, numeric tags) an event of a kind may hit. */
export interface EventCandidates {
  devices: readonly number[];
  /** Numeric tag indices per device index; only used for sensor failures. */
  numericTags?: (deviceIndex: number) => readonly number[];
}

/**
 * The `occurrence`-th event of a kind, computed from the seed alone (not from the random stream
 * the physics consumes), so the schedule does not depend on how often the plant is stepped.
 * Returns undefined when no device qualifies.
 */
export function scheduledEvent(
  seed: number,
  kind: PlantEventKind,
  occurrence: number,
  runStartMs: number,
  candidates: EventCandidates,
): ScheduledEvent | undefined {
  const { devices, numericTags } = candidates;
  if (devices.length === 0) return undefined;
  const random = mulberry32(hashSeed(seed, KIND_CODE[kind], occurrence));
  const timing = TIMING[kind];
  const jitter = occurrence === 0 ? 0 : between(random, 0, timing.period * 0.3);
  const startMs =
    runStartMs + Math.round(between(random, ...timing.first) + occurrence * timing.period + jitter);
  const endMs = startMs + Math.round(between(random, ...timing.duration));
  const deviceIndex = devices[Math.floor(random() * devices.length)] ?? 0;
  let tagIndex = -1;
  if (kind === 'sensorFailure' && numericTags) {
    const tags = numericTags(deviceIndex);
    tagIndex = tags[Math.floor(random() * tags.length)] ?? -1;
  }
  return { kind, occurrence, deviceIndex, tagIndex, failHigh: random() < 0.5, startMs, endMs };
}

/**
 * How far a bearing has worn `elapsedMs` into an event: slow at first, accelerating towards the
 * end as real bearing damage does, and held at its worst while the machine is down for repair.
 */
export function wearAt(event: ScheduledEvent, elapsedMs: number): number {
  const rampMs = event.endMs - event.startMs - MAINTENANCE_MS;
  const x = Math.min(1, Math.max(0, elapsedMs / rampMs));
  return x * Math.sqrt(x);
}

/** True while the machine is stopped for the bearing change that ends a bearing-wear event. */
export function inMaintenance(event: ScheduledEvent, nowMs: number): boolean {
  return event.kind === 'bearingWear' && nowMs >= event.endMs - MAINTENANCE_MS && nowMs < event.endMs;
}
