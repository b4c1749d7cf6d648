import type { DeviceKind, DeviceSim } from './plantPhysics.js';

/** What the rest of the app learns about a tag: the basis of a Sparkplug DBIRTH or a JSON `unit`. */
export interface TagDef {
  name: string;
  unit: string;
  description: string;
  dataType: 'number' | 'boolean';
  engLow: number;
  engHigh: number;
}

/**
 * How a tag is measured: where its true value comes from and how the transmitter distorts it.
 * `noise` is a fraction of span; `cutoff` is a low-flow style cutoff below which the instrument
 * reads exactly zero, which is why a stopped pump shows 0 m³/h rather than a dithering trace.
 */
export interface SignalSpec extends TagDef {
  resolution: number;
  noise: number;
  cutoff: number;
  read(sim: DeviceSim): number;
}

type SpecInput = Omit<SignalSpec, 'dataType' | 'cutoff' | 'resolution'> &
  Partial<Pick<SignalSpec, 'dataType' | 'cutoff' | 'resolution'>>;

function spec(input: SpecInput): SignalSpec {
  return { dataType: 'number', cutoff: 0, resolution: 0.01, ...input };
}

const running = spec({
  name: 'running',
  unit: '',
  description: 'Motor run feedback',
  dataType: 'boolean',
  engLow: 0,
  engHigh: 1,
  noise: 0,
  resolution: 1,
  read: (s) => (s.running ? 1 : 0),
});
const vibration = spec({
  name: 'vibration',
  unit: 'mm/s',
  description: 'Bearing housing vibration velocity (RMS)',
  engLow: 0,
  engHigh: 25,
  noise: 0.004,
  read: (s) => s.vibration,
});
const bearingTemp = spec({
  name: 'bearing_temp',
  unit: '°C',
  description: 'Drive-end bearing temperature',
  engLow: 0,
  engHigh: 120,
  noise: 0.001,
  resolution: 0.1,
  read: (s) => s.bearingTemp,
});

function flowSpec(name: string, description: string, engHigh: number, read: (s: DeviceSim) => number) {
  return spec({
    name,
    unit: 'm³/h',
    description,
    engLow: 0,
    engHigh,
    noise: 0.003,
    cutoff: engHigh / 100,
    resolution: 0.1,
    read,
  });
}
function currentSpec(engHigh: number) {
  return spec({
    name: 'motor_current',
    unit: 'A',
    description: 'Motor current',
    engLow: 0,
    engHigh,
    noise: 0.003,
    cutoff: engHigh / 100,
    resolution: 0.1,
    read: (s) => s.current,
  });
}
function pressureSpec(description: string, engHigh: number) {
  return spec({
    name: 'discharge_pressure',
    unit: 'bar',
    description,
    engLow: 0,
    engHigh,
    noise: 0.002,
    read: (s) => s.pressure,
  });
}

/** Each kind's own instruments, most important first: a device with M tags keeps the first M. */
export const NATURAL_SIGNALS: Readonly<Record<DeviceKind, readonly SignalSpec[]>> = {
  pump: [
    running,
    flowSpec('flow', 'Discharge flow', 200, (s) => s.flow),
    pressureSpec('Discharge pressure', 16),
    currentSpec(100),
    vibration,
    bearingTemp,
  ],
  compressor: [
    running,
    flowSpec('flow', 'Free air delivery', 1200, (s) => s.flow),
    pressureSpec('Receiver pressure', 10),
    currentSpec(250),
    vibration,
    bearingTemp,
  ],
  conveyor: [
    running,
    spec({
      name: 'belt_speed',
      unit: 'm/s',
      description: 'Belt speed',
      engLow: 0,
      engHigh: 3,
      noise: 0.002,
      cutoff: 0.03,
      read: (s) => s.beltSpeed,
    }),
    currentSpec(60),
    vibration,
    bearingTemp,
  ],
  tank: [
    spec({
      name: 'level',
      unit: '%',
      description: 'Tank level',
      engLow: 0,
      engHigh: 100,
      noise: 0.002,
      resolution: 0.1,
      read: (s) => s.level,
    }),
    flowSpec('inflow', 'Inlet flow', 200, (s) => s.inflow),
    flowSpec('outflow', 'Outlet flow', 200, (s) => s.outflow),
    spec({
      name: 'temperature',
      unit: '°C',
      description: 'Product temperature',
      engLow: 0,
      engHigh: 80,
      noise: 0.001,
      resolution: 0.1,
      read: (s) => s.temperature,
    }),
  ],
};

/** A family of extra instruments derived from the device state; instance `n` varies the gain a little. */
interface AuxFamily {
  prefix: string;
  unit: string;
  description: string;
  engHigh: number;
  noise: number;
  read(sim: DeviceSim, n: number): number;
}

const windingTemp: AuxFamily = {
  prefix: 'winding_temp',
  unit: '°C',
  description: 'Stator winding temperature',
  engHigh: 180,
  noise: 0.001,
  read: (s, n) => s.bearingTemp + (8 + 30 * (s.current / s.ratedCurrent)) * (0.9 + 0.05 * (n % 4)),
};
const auxVibration: AuxFamily = {
  prefix: 'aux_vibration',
  unit: 'mm/s',
  description: 'Vibration, additional measuring point',
  engHigh: 25,
  noise: 0.004,
  read: (s, n) => s.vibration * (0.55 + 0.1 * (n % 5)),
};
const auxPressure: AuxFamily = {
  prefix: 'aux_pressure',
  unit: 'bar',
  description: 'Line pressure downstream',
  engHigh: 16,
  noise: 0.002,
  read: (s, n) => s.pressure * (0.95 - 0.03 * (n % 6)),
};
const phaseCurrent: AuxFamily = {
  prefix: 'phase_current',
  unit: 'A',
  description: 'Motor phase current',
  engHigh: 250,
  noise: 0.003,
  read: (s, n) => s.current * (0.97 + 0.02 * (n % 3)),
};
const auxLevel: AuxFamily = {
  prefix: 'aux_level',
  unit: '%',
  description: 'Redundant level transmitter',
  engHigh: 100,
  noise: 0.003,
  read: (s, n) => Math.min(100, s.level * (0.99 + 0.005 * (n % 3))),
};
const auxTemp: AuxFamily = {
  prefix: 'aux_temp',
  unit: '°C',
  description: 'Product temperature, additional probe',
  engHigh: 80,
  noise: 0.001,
  read: (s, n) => s.temperature + 0.4 * (n % 4) - 0.6,
};

const AUX_FAMILIES: Readonly<Record<DeviceKind, readonly AuxFamily[]>> = {
  pump: [windingTemp, auxPressure, auxVibration, phaseCurrent],
  compressor: [windingTemp, auxPressure, auxVibration, phaseCurrent],
  conveyor: [windingTemp, auxVibration, phaseCurrent],
  tank: [auxLevel, auxTemp],
};

/**
 * The tag list of one device: its natural signals, cut to `count`, or extended with auxiliary
 * instruments (`winding_temp_01`, `aux_pressure_01`, …) when the demo asks for more tags per device.
 */
export function signalsFor(kind: DeviceKind, count: number | undefined): SignalSpec[] {
  const natural = NATURAL_SIGNALS[kind];
  if (count === undefined) return [...natural];
  if (count <= natural.length) return natural.slice(0, count);
  const families = AUX_FAMILIES[kind];
  const result = [...natural];
  for (let k = 0; result.length < count; k++) {
    const family = families[k % families.length];
    if (!family) break;
    const n = Math.floor(k / families.length) + 1;
    result.push(
      spec({
        name: `${family.prefix}_${String(n).padStart(2, '0')}`,
        unit: family.unit,
        description: `${family.description} ${n}`,
        engLow: 0,
        engHigh: family.engHigh,
        noise: family.noise,
        read: (s) => family.read(s, n),
      }),
    );
  }
  return result;
}
