import { areaNames, buildLayout, type DeviceDef } from './plantLayout.js';
import {
  PLANT_EVENT_KINDS,
  inMaintenance,
  scheduledEvent,
  wearAt,
  type EventCandidates,
  type PlantEventKind,
  type ScheduledEvent,
} from './plantEvents.js';
import { stepDevices, type PlantEnv } from './plantPhysics.js';
import { mulberry32, noise } from './prng.js';
import { MIN_SETPOINT } from './plantSignals.js';

export type { DeviceDef } from './plantLayout.js';
export type { TagDef } from './plantSignals.js';
export type { DeviceKind } from './plantPhysics.js';
export type { PlantEventKind } from './plantEvents.js';

export interface PlantOptions {
  /** Number of devices, spread over 3–4 areas for a demo plant (default 12). */
  devices?: number;
  /** Tags per device; default: each kind's natural signals (4–6). */
  tagsPerDevice?: number;
  seed?: number;
  /** Start of the run (ms since epoch); faults are scheduled relative to it. */
  startMs: number;
}

export interface TagValue {
  name: string;
  /** For a string tag, the number its text is made from (readers of numbers alone still get one). */
  value: number | boolean;
  bad: boolean;
  /** A string tag's text. */
  text?: string;
}

export interface DeviceReading {
  area: string;
  device: string;
  online: boolean;
  values: TagValue[];
}

/** An injected fault that is in progress, for logs and tests. */
export interface PlantEvent {
  kind: PlantEventKind;
  area: string;
  device: string;
  tag?: string;
  startMs: number;
  endMs: number;
}

export interface Plant {
  readonly areas: readonly string[];
  readonly devices: readonly DeviceDef[];
  /** Advances the plant to `nowMs` and samples every tag; time never runs backwards. */
  step(nowMs: number): DeviceReading[];
  activeEvents(): PlantEvent[];
  /**
   * A write from the control room to one of a device's writable tags. Applied, and seen in the
   * next step, when the device would accept it; otherwise ignored with the reason (a real device
   * says nothing back, so the host learns it only by the missing echo).
   */
  write(area: string, device: string, tag: string, value: number | boolean | string): WriteResult;
}

export type WriteResult = { ok: true } | { ok: false; reason: string };

/** Integration step: one second keeps tank and receiver integrators accurate. */
const MAX_SUBSTEP_S = 1;
/** After a long pause (laptop asleep) integrate at most this much and jump the rest. */
const MAX_CATCH_UP_S = 600;
const WARM_UP_S = 30;
const HOUR_MS = 3_600_000;

/**
 * A deterministic model of a small site: physics couples the signals of each device and of
 * pump → tank pairs, the time of day (UTC) drives demand and ambient temperature, and faults are
 * injected on a schedule derived from the seed. Pure: no timers, no I/O, time comes from `step`.
 */
export function createPlant(options: PlantOptions): Plant {
  const deviceCount = options.devices ?? 12;
  const tagsPerDevice = options.tagsPerDevice;
  const seed = (options.seed ?? 1) >>> 0;
  if (!Number.isInteger(deviceCount) || deviceCount < 1) {
    throw new RangeError('devices must be a positive integer');
  }
  if (tagsPerDevice !== undefined && (!Number.isInteger(tagsPerDevice) || tagsPerDevice < 1)) {
    throw new RangeError('tagsPerDevice must be a positive integer');
  }
  const startMs = options.startMs;
  const random = mulberry32(seed);
  const areaCount = areaNames(deviceCount).length;
  const env: PlantEnv = { dtS: 0, ambient: 0, demand: new Float64Array(areaCount), random };
  const demandNoise = new Float64Array(areaCount);
  setClimate(env, demandNoise, startMs);
  const { areas, defs, sims, signals } = buildLayout(
    deviceCount,
    tagsPerDevice,
    seed,
    env.ambient,
    env.demand,
  );

  const offline = new Uint8Array(deviceCount);
  const badTag = new Int32Array(deviceCount).fill(-1);
  const failHigh = new Uint8Array(deviceCount);
  const numericTags = signals.map((specs) =>
    specs.flatMap((spec, t) => (spec.dataType === 'number' ? [t] : [])),
  );
  const candidates: Record<PlantEventKind, EventCandidates> = {
    bearingWear: { devices: sims.flatMap((s, i) => (s.kind === 'tank' ? [] : [i])) },
    sensorFailure: {
      devices: numericTags.flatMap((tags, i) => (tags.length > 0 ? [i] : [])),
      numericTags: (i) => numericTags[i] ?? [],
    },
    networkDrop: { devices: defs.map((_, i) => i) },
  };
  const occurrence = { bearingWear: 0, sensorFailure: 0, networkDrop: 0 };
  const pending = new Map<PlantEventKind, ScheduledEvent | undefined>(
    PLANT_EVENT_KINDS.map((kind) => [kind, scheduledEvent(seed, kind, 0, startMs, candidates[kind])]),
  );
  let active: ScheduledEvent[] = [];
  let lastMs = startMs;

  function advance(seconds: number, nowMs: number): void {
    for (let left = seconds; left > 1e-9; left -= MAX_SUBSTEP_S) {
      env.dtS = Math.min(MAX_SUBSTEP_S, left);
      for (let a = 0; a < areaCount; a++) {
        // Ornstein–Uhlenbeck wander around the daily curve: 5-minute memory, ±0.08 typical.
        const next =
          (demandNoise[a] ?? 0) * (1 - env.dtS / 300) + 0.0065 * Math.sqrt(env.dtS) * noise(random);
        demandNoise[a] = next;
      }
      setClimate(env, demandNoise, nowMs);
      stepDevices(sims, env);
    }
  }

  function applyEvent(event: ScheduledEvent, on: boolean): void {
    const i = event.deviceIndex;
    const sim = sims[i];
    if (event.kind === 'networkDrop') offline[i] = on ? 1 : 0;
    else if (event.kind === 'sensorFailure') {
      badTag[i] = on ? event.tagIndex : -1;
      failHigh[i] = event.failHigh ? 1 : 0;
    } else if (sim && !on) {
      sim.wear = 0;
      sim.maintenance = false;
    }
  }

  function updateEvents(nowMs: number): void {
    active = active.filter((event) => {
      if (event.endMs > nowMs) return true;
      applyEvent(event, false);
      return false;
    });
    for (const kind of PLANT_EVENT_KINDS) {
      let next = pending.get(kind);
      while (next && next.startMs <= nowMs) {
        if (next.endMs > nowMs) {
          active.push(next);
          applyEvent(next, true);
        }
        occurrence[kind] += 1;
        next = scheduledEvent(seed, kind, occurrence[kind], startMs, candidates[kind]);
      }
      pending.set(kind, next);
    }
    for (const event of active) {
      const sim = sims[event.deviceIndex];
      if (event.kind !== 'bearingWear' || !sim) continue;
      sim.wear = wearAt(event, nowMs - event.startMs);
      sim.maintenance = inMaintenance(event, nowMs);
    }
  }

  function sample(i: number): DeviceReading {
    const def = defs[i];
    const sim = sims[i];
    const specs = signals[i] ?? [];
    const values: TagValue[] = new Array<TagValue>(specs.length);
    for (let t = 0; t < specs.length; t++) {
      const spec = specs[t];
      if (!spec || !sim) continue;
      const span = spec.engHigh - spec.engLow;
      if (spec.dataType === 'boolean') {
        values[t] = { name: spec.name, value: spec.read(sim) > 0.5, bad: false };
      } else if (spec.dataType === 'enum') {
        values[t] = { name: spec.name, value: spec.read(sim), bad: false };
      } else if (spec.dataType === 'string') {
        values[t] = { name: spec.name, value: spec.read(sim), bad: false, text: spec.text?.(sim) ?? '' };
      } else if (badTag[i] === t) {
        const value = failHigh[i] ? spec.engHigh + 0.0625 * span : spec.engLow - 0.025 * span;
        values[t] = { name: spec.name, value, bad: true };
      } else {
        let value = spec.read(sim) + noise(random) * spec.noise * span;
        if (value < spec.cutoff) value = 0;
        // Transmitters saturate at the ends of their calibrated range.
        value = Math.min(spec.engHigh, Math.max(spec.engLow, value));
        const steps = Math.round(1 / spec.resolution);
        values[t] = { name: spec.name, value: Math.round(value * steps) / steps, bad: false };
      }
    }
    return { area: def?.area ?? '', device: def?.id ?? '', online: offline[i] === 0, values };
  }

  advance(WARM_UP_S, startMs);

  return {
    areas,
    devices: defs,
    step(nowMs) {
      const now = Math.max(nowMs, lastMs);
      updateEvents(now);
      advance(Math.min(MAX_CATCH_UP_S, (now - lastMs) / 1000), now);
      lastMs = now;
      return defs.map((_, i) => sample(i));
    },
    write(area, device, tag, value) {
      const i = defs.findIndex((def) => def.area === area && def.id === device);
      const sim = sims[i];
      const spec = signals[i]?.find((candidate) => candidate.name === tag);
      if (!sim || !spec?.writable) return { ok: false, reason: `${area}/${device}/${tag} is not writable` };
      if (typeof value !== 'number' || !(value >= MIN_SETPOINT && value <= 100))
        return { ok: false, reason: `setpoint ${String(value)} outside ${MIN_SETPOINT}…100 %` };
      sim.setpoint = value;
      return { ok: true };
    },
    activeEvents() {
      return active.map((event) => {
        const def = defs[event.deviceIndex];
        const tag = event.tagIndex >= 0 ? def?.tags[event.tagIndex]?.name : undefined;
        return {
          kind: event.kind,
          area: def?.area ?? '',
          device: def?.id ?? '',
          ...(tag === undefined ? {} : { tag }),
          startMs: event.startMs,
          endMs: event.endMs,
        };
      });
    },
  };
}

/**
 * Demand peaks mid-afternoon and bottoms out at night (UTC, so runs are reproducible in any time
 * zone); ambient temperature lags it by an hour.
 */
function setClimate(env: PlantEnv, demandNoise: Float64Array, nowMs: number): void {
  const hour = (((nowMs / HOUR_MS) % 24) + 24) % 24;
  const daily = 0.55 + 0.3 * Math.sin((2 * Math.PI * (hour - 8)) / 24);
  env.ambient = 17 + 6 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
  for (let a = 0; a < env.demand.length; a++) {
    env.demand[a] = Math.min(1, Math.max(0.05, daily + (demandNoise[a] ?? 0)));
  }
}
