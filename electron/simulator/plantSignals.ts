import type { AlarmLimit, EnumState, TagDataType } from '../../shared/domain.js';
import type { DeviceKind, DeviceSim } from './plantPhysics.js';

/** What the rest of the app learns about a tag: the basis of a Sparkplug DBIRTH or a JSON `unit`. */
export interface TagDef {
  name: string;
  unit: string;
  description: string;
  dataType: TagDataType;
  engLow: number;
  engHigh: number;
  /** Alarm limits announced in the birth; absent or empty for signals that only describe operation. */
  limits?: readonly AlarmLimit[];
  /** An enum tag's state table, announced in the birth (and with every JSON message). */
  states?: readonly EnumState[];
  /** The device obeys writes to it (announced as the `writable` birth property). */
  writable?: true;
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
  /** The value; for a string tag, the number its text is made from. */
  read(sim: DeviceSim): number;
  /** A string tag's text. */
  text?(sim: DeviceSim): string;
}

/** Transmitter character of an analog instrument: noise as a fraction of span, display resolution, zero cutoff. */
interface Character {
  noise: number;
  resolution?: number;
  cutoff?: number;
}

/** An analog instrument ranged 0…engHigh (every range in this plant starts at zero). */
function analog(
  name: string,
  unit: string,
  description: string,
  engHigh: number,
  character: Character,
  read: (sim: DeviceSim) => number,
  limits: readonly AlarmLimit[] = [],
): SignalSpec {
  const { noise, resolution = 0.01, cutoff = 0 } = character;
  const dataType = 'number';
  return { name, unit, description, dataType, engLow: 0, engHigh, limits, noise, resolution, cutoff, read };
}

const highs = (h: number, hh: number): AlarmLimit[] => [
  { kind: 'HH', value: hh },
  { kind: 'H', value: h },
];
const lows = (l: number, ll: number): AlarmLimit[] => [
  { kind: 'L', value: l },
  { kind: 'LL', value: ll },
];

/**
 * Alarm limits of the demo plant, where a real site would set them: vibration at the ISO 10816-3
 * zone boundaries for medium machines (C from 7.1, D from 11 mm/s), bearings at 80/95 °C,
 * windings below their class F rating (155 °C), pressures above the normal operating band (a
 * receiver below it too), tank levels clear of the fill control (25–80 %). A wearing bearing
 * takes vibration and bearing temperature across H and then HH.
 */
const LIMITS = {
  vibration: highs(7.1, 11),
  bearingTemp: highs(80, 95),
  windingTemp: highs(130, 150),
  pumpPressure: highs(9.5, 12),
  receiverPressure: [...highs(8.6, 9.4), ...lows(5.5, 4.5)],
  productTemp: highs(55, 65),
  level: [...highs(88, 95), ...lows(15, 8)],
} satisfies Record<string, AlarmLimit[]>;

const running: SignalSpec = {
  name: 'running',
  unit: '',
  description: 'Motor run feedback',
  dataType: 'boolean',
  engLow: 0,
  engHigh: 1,
  limits: [],
  noise: 0,
  resolution: 1,
  cutoff: 0,
  read: (s) => (s.running ? 1 : 0),
};
/** A pump is Tripped while a worn bearing has it down (the end of a bearing-wear event). */
export const PUMP_STATES: readonly EnumState[] = [
  { value: 0, label: 'Stopped' },
  { value: 1, label: 'Running' },
  { value: 2, label: 'Tripped' },
];
const pumpState: SignalSpec = {
  name: 'state',
  unit: '',
  description: 'Pump state',
  dataType: 'enum',
  states: PUMP_STATES,
  engLow: 0,
  engHigh: 2,
  limits: [],
  noise: 0,
  resolution: 1,
  cutoff: 0,
  read: (s) => (s.maintenance ? 2 : s.running ? 1 : 0),
};

/** Lowest setpoint a drive accepts: below it a VFD-driven machine would overheat or stall. */
export const MIN_SETPOINT = 20;
/**
 * The drive's speed setpoint: the one signal of each machine an engineer writes. The demo's
 * devices obey a write in range (20–100 %) and report it in their next message; one out of range
 * they ignore, as a real drive would, so the control room reports the command as timed out.
 */
const speedSetpoint: SignalSpec = {
  name: 'speed_setpoint',
  unit: '%',
  description: 'Drive speed setpoint',
  dataType: 'number',
  engLow: 0,
  engHigh: 100,
  limits: [],
  noise: 0,
  resolution: 0.1,
  cutoff: 0,
  writable: true,
  read: (s) => s.setpoint,
};

const PRODUCTS = ['oat base', 'rye mash', 'barley malt'] as const;
/** The batch on a conveyor, as the line's MES would name it: `B4822 rye mash`. */
export function batchName(batch: number): string {
  return `B${batch} ${PRODUCTS[batch % PRODUCTS.length] ?? ''}`.trim();
}
const batch: SignalSpec = {
  name: 'batch',
  unit: '',
  description: 'Batch on the line',
  dataType: 'string',
  engLow: 0,
  engHigh: 0,
  limits: [],
  noise: 0,
  resolution: 1,
  cutoff: 0,
  read: (s) => s.batch,
  text: (s) => batchName(s.batch),
};

const FINE: Character = { noise: 0.002 };
const THERMAL: Character = { noise: 0.001, resolution: 0.1 };
/** Flow meters and current transducers read exactly zero below 1 % of span (low-flow cutoff). */
const metered = (engHigh: number): Character => ({ noise: 0.003, resolution: 0.1, cutoff: engHigh * 0.01 });

const vibration = analog(
  'vibration',
  'mm/s',
  'Bearing housing vibration velocity (RMS)',
  25,
  { noise: 0.004 },
  (s) => s.vibration,
  LIMITS.vibration,
);
const bearingTemp = analog(
  'bearing_temp',
  '°C',
  'Drive-end bearing temperature',
  120,
  THERMAL,
  (s) => s.bearingTemp,
  LIMITS.bearingTemp,
);
const current = (engHigh: number) =>
  analog('motor_current', 'A', 'Motor current', engHigh, metered(engHigh), (s) => s.current);
const flow = (name: string, description: string, engHigh: number, read: (s: DeviceSim) => number) =>
  analog(name, 'm³/h', description, engHigh, metered(engHigh), read);
const pressure = (description: string, engHigh: number, limits: readonly AlarmLimit[]) =>
  analog('discharge_pressure', 'bar', description, engHigh, FINE, (s) => s.pressure, limits);

/** Each kind's own instruments, most important first: a device with M tags keeps the first M. */
export const NATURAL_SIGNALS: Readonly<Record<DeviceKind, readonly SignalSpec[]>> = {
  pump: [
    running,
    flow('flow', 'Discharge flow', 200, (s) => s.flow),
    pressure('Discharge pressure', 16, LIMITS.pumpPressure),
    current(100),
    vibration,
    bearingTemp,
    pumpState,
    speedSetpoint,
  ],
  compressor: [
    running,
    flow('flow', 'Free air delivery', 1200, (s) => s.flow),
    pressure('Receiver pressure', 10, LIMITS.receiverPressure),
    current(250),
    vibration,
    bearingTemp,
    speedSetpoint,
  ],
  conveyor: [
    running,
    analog('belt_speed', 'm/s', 'Belt speed', 3, { ...FINE, cutoff: 0.03 }, (s) => s.beltSpeed),
    current(60),
    vibration,
    bearingTemp,
    batch,
    speedSetpoint,
  ],
  tank: [
    analog('level', '%', 'Tank level', 100, { noise: 0.002, resolution: 0.1 }, (s) => s.level, LIMITS.level),
    flow('inflow', 'Inlet flow', 200, (s) => s.inflow),
    flow('outflow', 'Outlet flow', 200, (s) => s.outflow),
    analog('temperature', '°C', 'Product temperature', 80, THERMAL, (s) => s.temperature, LIMITS.productTemp),
  ],
};

/** A family of extra instruments derived from the device state; instance `n` varies the gain a little. */
interface AuxFamily {
  prefix: string;
  unit: string;
  description: string;
  engHigh: number;
  noise: number;
  limits: readonly AlarmLimit[];
  read(sim: DeviceSim, n: number): number;
}

const windingTemp: AuxFamily = {
  prefix: 'winding_temp',
  unit: '°C',
  description: 'Stator winding temperature',
  engHigh: 180,
  noise: 0.001,
  limits: LIMITS.windingTemp,
  read: (s, n) => s.bearingTemp + (8 + 30 * (s.current / s.ratedCurrent)) * (0.9 + 0.05 * (n % 4)),
};
const auxVibration: AuxFamily = {
  prefix: 'aux_vibration',
  unit: 'mm/s',
  description: 'Vibration, additional measuring point',
  engHigh: 25,
  noise: 0.004,
  limits: LIMITS.vibration,
  read: (s, n) => s.vibration * (0.55 + 0.1 * (n % 5)),
};
const auxPressure: AuxFamily = {
  prefix: 'aux_pressure',
  unit: 'bar',
  description: 'Line pressure downstream',
  engHigh: 16,
  noise: 0.002,
  limits: LIMITS.pumpPressure,
  read: (s, n) => s.pressure * (0.95 - 0.03 * (n % 6)),
};
const phaseCurrent: AuxFamily = {
  prefix: 'phase_current',
  unit: 'A',
  description: 'Motor phase current',
  engHigh: 250,
  noise: 0.003,
  limits: [],
  read: (s, n) => s.current * (0.97 + 0.02 * (n % 3)),
};
const auxLevel: AuxFamily = {
  prefix: 'aux_level',
  unit: '%',
  description: 'Redundant level transmitter',
  engHigh: 100,
  noise: 0.003,
  limits: LIMITS.level,
  read: (s, n) => Math.min(100, s.level * (0.99 + 0.005 * (n % 3))),
};
const auxTemp: AuxFamily = {
  prefix: 'aux_temp',
  unit: '°C',
  description: 'Product temperature, additional probe',
  engHigh: 80,
  noise: 0.001,
  limits: LIMITS.productTemp,
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
    const name = `${family.prefix}_${String(n).padStart(2, '0')}`;
    const character = { noise: family.noise, resolution: family.unit === '°C' ? 0.1 : 0.01 };
    result.push(
      analog(
        name,
        family.unit,
        `${family.description} ${n}`,
        family.engHigh,
        character,
        (s) => family.read(s, n),
        family.limits,
      ),
    );
  }
  return result;
}
