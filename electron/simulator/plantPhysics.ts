import { noise, type Random } from './prng.js';

export type DeviceKind = 'pump' | 'compressor' | 'tank' | 'conveyor';

/**
 * The state of one simulated device. Physics writes it once per step; signals only read it, so
 * a device's tags stay consistent with each other (a stopped pump reads no flow *and* no current).
 */
export interface DeviceSim {
  readonly kind: DeviceKind;
  readonly area: number;
  /** Pump/compressor: rated flow (m³/h). Conveyor: rated belt speed (m/s). Tank: nominal outflow (m³/h). */
  readonly rated: number;
  readonly ratedCurrent: number;
  /** Pump: head at rated speed (bar). Compressor: centre of the load/unload pressure band (bar). */
  readonly ratedHead: number;
  readonly staticHead: number;
  readonly baseVibration: number;
  /** Temperature rise over ambient at full speed (bearing) or of the product (tank), in K. */
  readonly tempRise: number;
  /** Tank working volume (m³); sized so a fill/drain cycle takes a few minutes. */
  readonly capacity: number;
  /** Duty devices run while area demand is above this; -1 runs always. */
  readonly threshold: number;
  /** Tank: index of its feed pump (-1: a header valve). Pump: index of the tank it fills, or -1. */
  readonly link: number;
  /** Run command (for a tank fed from a header: the inlet valve). */
  command: boolean;
  running: boolean;
  speed: number;
  loaded: boolean;
  flow: number;
  pressure: number;
  current: number;
  vibration: number;
  bearingTemp: number;
  beltSpeed: number;
  level: number;
  inflow: number;
  outflow: number;
  temperature: number;
  /** Slow multiplicative drift (machine condition, fouling) shared by a device's signals. */
  drift: number;
  /** 0 healthy … 1 bearing about to fail; driven by the bearing-wear event. */
  wear: number;
  /** Stopped by the operator for a bearing change. */
  maintenance: boolean;
  /** Speed setpoint of the drive (VFD), % of rated: what an engineer writes from the control room. */
  setpoint: number;
  /** Conveyor: the number of the batch on the belt, and how long the belt has run on it. */
  batch: number;
  batchRunS: number;
}

/** Conditions shared by all devices during one integration step. */
export interface PlantEnv {
  dtS: number;
  ambient: number;
  demand: Float64Array;
  random: Random;
}

/** First-order lag, exact for any step length, so a long gap between steps cannot overshoot. */
export function lag(value: number, target: number, dtS: number, tauS: number): number {
  return target + (value - target) * Math.exp(-dtS / tauS);
}

/** Level-control hysteresis: the feed starts below 25 % and stops above 80 %. */
const LEVEL_START = 25;
const LEVEL_STOP = 80;
/** Demand hysteresis for duty/standby devices, so a standby pump does not chatter. */
const DEMAND_BAND = 0.03;
/** A conveyor moves on to the next batch after this much running time. */
const BATCH_RUN_S = 600;

/** Advances every device by one step: controls first, then machines, then tanks that integrate their flows. */
export function stepDevices(sims: readonly DeviceSim[], env: PlantEnv): void {
  for (const s of sims) {
    if (s.kind === 'tank') controlTank(s, sims);
    else if (s.link < 0 && s.threshold >= 0) controlDuty(s, env.demand[s.area] ?? 0);
  }
  for (const s of sims) {
    if (s.kind !== 'tank') stepMachine(s, sims, env);
  }
  for (const s of sims) {
    if (s.kind === 'tank') stepTank(s, sims, env);
  }
}

function controlTank(tank: DeviceSim, sims: readonly DeviceSim[]): void {
  const feed = tank.link >= 0 ? sims[tank.link] : tank;
  if (!feed) return;
  if (tank.level < LEVEL_START) feed.command = true;
  else if (tank.level > LEVEL_STOP) feed.command = false;
}

function controlDuty(s: DeviceSim, demand: number): void {
  if (demand > s.threshold + DEMAND_BAND) s.command = true;
  else if (demand < s.threshold - DEMAND_BAND) s.command = false;
}

function stepMachine(s: DeviceSim, sims: readonly DeviceSim[], env: PlantEnv): void {
  const { dtS } = env;
  const demand = env.demand[s.area] ?? 0;
  s.running = s.command && !s.maintenance;
  s.speed = lag(s.speed, s.running ? s.setpoint / 100 : 0, dtS, s.kind === 'compressor' ? 2.5 : 1.5);
  if (!s.running && s.speed < 0.002) s.speed = 0;
  // Ornstein–Uhlenbeck drift with a 10-minute time constant and ~5 % standard deviation.
  s.drift += (-s.drift / 600) * dtS + 0.003 * Math.sqrt(dtS) * noise(env.random);

  const condition = s.baseVibration * (1 + s.drift) + s.wear * 9;
  s.vibration = lag(s.vibration, 0.05 + s.speed * condition, dtS, 4);
  const heat = s.tempRise * (1 + s.drift) + s.wear * 38;
  s.bearingTemp = lag(s.bearingTemp, env.ambient + s.speed * heat, dtS, 150);

  if (s.kind === 'pump') {
    const tank = s.link >= 0 ? sims[s.link] : undefined;
    // A feed pump sees more back-pressure as its tank fills; a transfer pump follows demand.
    const duty = tank ? 0.92 - 0.15 * (tank.level / 100) : 0.55 + 0.4 * demand;
    s.flow = lag(s.flow, s.rated * s.speed * duty, dtS, 1);
    s.pressure = s.staticHead + s.ratedHead * s.speed * s.speed * (1.2 - 0.35 * duty);
    s.current = s.ratedCurrent * s.speed * (0.3 + 0.7 * duty);
  } else if (s.kind === 'compressor') {
    stepCompressor(s, demand, dtS);
  } else {
    const load = Math.min(1, Math.max(0, 0.35 + 0.5 * demand + s.drift));
    s.beltSpeed = s.rated * s.speed;
    s.current = s.ratedCurrent * s.speed * (0.3 + 0.65 * load);
    if (s.running) s.batchRunS += dtS;
    if (s.batchRunS >= BATCH_RUN_S) {
      s.batch += 1;
      s.batchRunS = 0;
    }
  }
}

/** Load/unload control on its own receiver, the way most plant-air screw compressors run. */
function stepCompressor(s: DeviceSim, demand: number, dtS: number): void {
  const high = s.ratedHead + 0.5;
  if (s.running) {
    if (s.pressure < s.ratedHead - 0.5) s.loaded = true;
    else if (s.pressure > high) s.loaded = false;
    const delivered = s.loaded ? s.rated * s.speed : 0;
    const consumed = s.rated * (0.3 + 0.45 * demand);
    const next = s.pressure + ((delivered - consumed) / s.rated) * 0.05 * dtS;
    s.pressure = Math.min(high + 0.2, Math.max(0, next));
  } else {
    s.loaded = false;
    s.pressure = lag(s.pressure, 0, dtS, 20);
  }
  s.flow = lag(s.flow, s.loaded ? s.rated * s.speed : 0, dtS, 1.5);
  s.current = lag(s.current, s.ratedCurrent * s.speed * (s.loaded ? 0.95 : 0.35), dtS, 1.5);
}

/** Tank level integrates inflow − outflow; the outlet follows demand and starves as the tank empties. */
function stepTank(s: DeviceSim, sims: readonly DeviceSim[], env: PlantEnv): void {
  const { dtS } = env;
  const demand = env.demand[s.area] ?? 0;
  const feed = s.link >= 0 ? sims[s.link] : undefined;
  s.inflow = feed ? feed.flow : lag(s.inflow, s.command ? s.rated * 1.6 : 0, dtS, 3);
  const draw = s.rated * (0.7 + 0.6 * demand);
  s.outflow = s.level > 3 ? draw : (draw * s.level) / 3;
  const next = s.level + (((s.inflow - s.outflow) / s.capacity) * 100 * dtS) / 3600;
  s.level = Math.min(100, Math.max(0, next));
  s.temperature = lag(s.temperature, env.ambient + s.tempRise, dtS, 900);
}
