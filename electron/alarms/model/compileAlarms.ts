import {
  AlarmDefinitionsSchema,
  alarmIdOf,
  familyOf,
  isLimitDef,
  type AlarmDefinition,
  type AlarmFamily,
  type AlarmLimitDef,
  type AlarmPriority,
  type Suppression,
} from '../../../shared/alarmDefinitions.js';
import type { AlarmLimitKind, TagMeta } from '../../../shared/domain.js';
import { compileStates, type StateSet } from './discreteStates.js';

/** What every condition of an alarm is timed and annunciated by (one per limit of a level alarm). */
export interface ConditionOptions {
  priority: AlarmPriority;
  message: string;
  onDelayMs: number;
  offDelayMs: number;
  reAlarmMs: number | null;
  latching: boolean;
}

export interface CompiledLimit {
  kind: AlarmLimitKind;
  value: number;
  deadband: number;
  /** HH and H: active at or above the limit; L and LL: at or below. */
  high: boolean;
  /** HH and LL are 2, H and L 1: moving to a higher rank is an escalation. */
  rank: 1 | 2;
}

interface Common {
  id: string;
  tag: string;
  /** One per condition: the level alarm's limits in `limits` order, else one. */
  options: ConditionOptions[];
  suppressWhen: Suppression | null;
  /** Equal signatures evaluate the same: a recompile with the same one changes nothing. */
  signature: string;
  /** Described by the device (Sparkplug alarm properties) rather than configured. */
  fromDevice: boolean;
}

export type CompiledAlarm =
  | (Common & { family: 'level'; limits: CompiledLimit[] })
  | (Common & { family: 'deviation'; setpointTag: string; value: number; deadband: number })
  | (Common & { family: 'rateOfChange'; value: number; deadband: number; windowMs: number })
  | (Common & { family: 'discrete'; states: StateSet })
  | (Common & { family: 'badQuality'; implicit: boolean });

export interface CompiledTag {
  alarms: CompiledAlarm[];
  /** Definitions that cannot run on this tag, in words (logged; the rest still run). */
  problems: string[];
}

export const DEFAULT_RATE_WINDOW_MS = 10_000;
/** Most severe first, so the level in force is the first limit found in force. */
const SEVERITY: readonly AlarmLimitKind[] = ['HH', 'LL', 'H', 'L'];
const LEVEL_WORDS: Readonly<Record<AlarmLimitKind, string>> = {
  HH: 'high-high',
  H: 'high',
  L: 'low',
  LL: 'low-low',
};
/** Device-described limits: the outer pair high, the inner pair medium (alarms.md, Priorities). */
const DEVICE_PRIORITY: Readonly<Record<AlarmLimitKind, AlarmPriority>> = {
  HH: 'high',
  LL: 'high',
  H: 'medium',
  L: 'medium',
};
/** A device-described limit clears 1 % of the engineering range past it (0 when the range is unknown). */
const DEVICE_DEADBAND_SHARE = 0.01;

/**
 * A tag's alarm definitions as the engine evaluates them (shared/alarmDefinitions.ts):
 * - configured definitions when the tag has any (an empty list too: the engineer said none);
 * - else the limits its device describes (TagMeta.limits, from Sparkplug alarmHH/H/L/LL), with
 *   HH/LL high, H/L medium, a deadband of 1 % of the range and no delays, so the demo plant
 *   shows a live alarm system without any configuration;
 * - plus an implicit low-priority bad-quality alarm on every tag with another alarm, unless one
 *   is configured, which is what a frozen limit alarm is announced by.
 * Text, on/off and enum tags evaluate discrete and bad-quality alarms only.
 */
export function compileTagAlarms(
  meta: TagMeta,
  configured: readonly AlarmDefinition[] | undefined,
): CompiledTag {
  const problems: string[] = [];
  const definitions = configured ?? deviceDefinitions(meta, problems);
  const fromDevice = configured === undefined;
  const usable = definitions.filter((definition) => {
    if (meta.dataType === 'number' || definition.kind === 'discrete' || definition.kind === 'badQuality')
      return true;
    problems.push(`${meta.id}: a ${definition.kind} alarm needs a number tag, not a ${meta.dataType} tag`);
    return false;
  });
  const label = meta.description || meta.name || meta.id;
  const alarms: CompiledAlarm[] = [];
  const limits = usable.filter(isLimitDef);
  if (limits.length > 0) alarms.push(levelAlarm(meta.id, label, limits, fromDevice));
  for (const definition of usable) {
    if (isLimitDef(definition)) continue;
    alarms.push(otherAlarm(meta, label, definition, fromDevice));
  }
  if (alarms.length > 0 && !alarms.some((alarm) => alarm.family === 'badQuality'))
    alarms.push(otherAlarm(meta, label, { kind: 'badQuality', priority: 'low' }, fromDevice, true));
  return { alarms, problems };
}

function deviceDefinitions(meta: TagMeta, problems: string[]): AlarmDefinition[] {
  if (meta.dataType !== 'number' || !meta.limits || meta.limits.length === 0) return [];
  const span =
    meta.engLow !== null && meta.engHigh !== null && meta.engHigh > meta.engLow
      ? meta.engHigh - meta.engLow
      : 0;
  const parsed = AlarmDefinitionsSchema.safeParse(
    meta.limits.map((limit) => ({
      kind: limit.kind,
      value: limit.value,
      deadband: span * DEVICE_DEADBAND_SHARE,
      priority: DEVICE_PRIORITY[limit.kind],
    })),
  );
  if (parsed.success) return parsed.data;
  problems.push(
    `${meta.id}: the device describes limits that cannot be used: ${parsed.error.issues[0]?.message}`,
  );
  return [];
}

function optionsOf(definition: AlarmDefinition, message: string): ConditionOptions {
  return {
    priority: definition.priority,
    message: definition.message || message,
    onDelayMs: definition.onDelayMs ?? 0,
    offDelayMs: definition.offDelayMs ?? 0,
    reAlarmMs: definition.reAlarmMs ?? null,
    latching: definition.latching ?? false,
  };
}

function levelAlarm(tag: string, label: string, defs: AlarmLimitDef[], fromDevice: boolean): CompiledAlarm {
  const ordered = [...defs].sort((a, b) => SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind));
  return {
    family: 'level',
    id: alarmIdOf(tag, 'level'),
    tag,
    limits: ordered.map((def) => ({
      kind: def.kind,
      value: def.value,
      deadband: def.deadband,
      high: def.kind === 'HH' || def.kind === 'H',
      rank: def.kind === 'HH' || def.kind === 'LL' ? 2 : 1,
    })),
    options: ordered.map((def) => optionsOf(def, `${label} ${LEVEL_WORDS[def.kind]}`)),
    // One alarm, one suppression condition: the first limit (most severe first) that names one.
    suppressWhen: ordered.find((def) => def.suppressWhen)?.suppressWhen ?? null,
    signature: JSON.stringify(ordered),
    fromDevice,
  };
}

function otherAlarm(
  meta: TagMeta,
  label: string,
  definition: Exclude<AlarmDefinition, AlarmLimitDef>,
  fromDevice: boolean,
  implicit = false,
): CompiledAlarm {
  const common = {
    id: alarmIdOf(meta.id, familyOf(definition) as Exclude<AlarmFamily, 'level'>),
    tag: meta.id,
    suppressWhen: definition.suppressWhen ?? null,
    fromDevice,
  };
  switch (definition.kind) {
    case 'deviation':
      return {
        ...common,
        family: 'deviation',
        setpointTag: definition.setpointTag,
        value: definition.value,
        deadband: definition.deadband,
        options: [optionsOf(definition, `${label} deviates from ${definition.setpointTag}`)],
        signature: JSON.stringify(definition),
      };
    case 'rateOfChange':
      return {
        ...common,
        family: 'rateOfChange',
        value: definition.value,
        deadband: definition.deadband,
        windowMs: definition.windowMs ?? DEFAULT_RATE_WINDOW_MS,
        options: [optionsOf(definition, `${label} changing too fast`)],
        signature: JSON.stringify(definition),
      };
    case 'discrete':
      return {
        ...common,
        family: 'discrete',
        states: compileStates(definition.states, meta),
        options: [optionsOf(definition, `${label} in alarm state`)],
        // The tag's state table turns labels into values: a new table is a new evaluation.
        signature: JSON.stringify([definition, meta.dataType, meta.states ?? null]),
      };
    case 'badQuality':
      return {
        ...common,
        family: 'badQuality',
        implicit,
        options: [optionsOf(definition, `${label}: bad quality or communication lost`)],
        signature: JSON.stringify([definition, implicit]),
      };
  }
}
