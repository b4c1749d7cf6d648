import {
  isLimitDef,
  type AlarmDefinition,
  type AlarmPriority,
  type Comparison,
  type ConditionValue,
} from '../../shared/alarmDefinitions.js';
import type { AlarmLimitKind } from '../../shared/domain.js';

/**
 * A tag's alarm definitions as the tag editor's fields hold them: every family of
 * shared/alarmDefinitions.ts, as typed text, so that a half-typed number is kept and a stored
 * definition comes back from the form exactly as it went in. Times are shown in seconds.
 */

/** What every family carries (alarmDefinitions.ts `common`). */
export interface CommonAlarmFields {
  priority: AlarmPriority;
  message: string;
  onDelayS: string;
  offDelayS: string;
  reAlarmS: string;
  latching: boolean;
  /** Suppression by design: empty tag is none. */
  suppressTag: string;
  suppressOp: Comparison;
  suppressValue: string;
}

export interface LimitFields extends CommonAlarmFields {
  /** Empty: no alarm at this limit. */
  value: string;
  deadband: string;
}

export interface AlarmsForm {
  limits: Record<AlarmLimitKind, LimitFields>;
  deviation: CommonAlarmFields & { enabled: boolean; setpointTag: string; value: string; deadband: string };
  rateOfChange: CommonAlarmFields & { enabled: boolean; value: string; deadband: string; windowS: string };
  /** States as a comma list: `true`, `3, 4`, `fault, "tripped, hard"` (quotes keep a text a text). */
  discrete: CommonAlarmFields & { enabled: boolean; states: string };
  badQuality: CommonAlarmFields & { enabled: boolean };
}

export const LIMIT_KINDS: readonly AlarmLimitKind[] = ['HH', 'H', 'L', 'LL'];
export const PRIORITIES: readonly AlarmPriority[] = ['low', 'medium', 'high', 'critical'];
export const COMPARISONS: ReadonlyArray<{ op: Comparison; label: string }> = [
  { op: 'eq', label: '=' },
  { op: 'ne', label: '≠' },
  { op: 'lt', label: '<' },
  { op: 'le', label: '≤' },
  { op: 'gt', label: '>' },
  { op: 'ge', label: '≥' },
];

const text = (n: number | undefined) => (n === undefined ? '' : String(n));
const seconds = (ms: number | undefined) => (ms === undefined ? '' : String(ms / 1000));

/** A condition value as typed: a text that would read as a number or boolean is quoted. */
export function formatConditionValue(value: ConditionValue): string {
  if (typeof value !== 'string') return String(value);
  const ambiguous = value !== value.trim() || /[",]/.test(value) || typeof parseBare(value) !== 'string';
  return ambiguous ? JSON.stringify(value) : value;
}

function parseBare(text: string): ConditionValue {
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}

/** A typed condition value: `"…"` a text, `true`/`false` a boolean, a number, else the text. */
export function parseConditionValue(raw: string): ConditionValue | Error {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('"')) return parseBare(trimmed);
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'string' ? parsed : new Error(`${trimmed} is not a quoted text`);
  } catch {
    return new Error(`${trimmed.slice(0, 20)} is not a closed quoted text`);
  }
}

/** Splits `a, "b, c", 3` at the commas outside quotes. */
export function splitList(raw: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (char === '"' && raw[i - 1] !== '\\') quoted = !quoted;
    if (char === ',' && !quoted) {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function commonFrom(def: AlarmDefinition | undefined): CommonAlarmFields {
  return {
    priority: def?.priority ?? 'medium',
    message: def?.message ?? '',
    onDelayS: seconds(def?.onDelayMs),
    offDelayS: seconds(def?.offDelayMs),
    reAlarmS: seconds(def?.reAlarmMs),
    latching: def?.latching ?? false,
    suppressTag: def?.suppressWhen?.tag ?? '',
    suppressOp: def?.suppressWhen?.op ?? 'eq',
    suppressValue: def?.suppressWhen ? formatConditionValue(def.suppressWhen.value) : '',
  };
}

export function alarmsFormFromDefinitions(defs: readonly AlarmDefinition[] = []): AlarmsForm {
  const limit = (kind: AlarmLimitKind): LimitFields => {
    const def = defs.filter(isLimitDef).find((d) => d.kind === kind);
    return { ...commonFrom(def), value: text(def?.value), deadband: text(def?.deadband) };
  };
  const find = <K extends AlarmDefinition['kind']>(kind: K) =>
    defs.find((d): d is Extract<AlarmDefinition, { kind: K }> => d.kind === kind);
  const deviation = find('deviation');
  const rate = find('rateOfChange');
  const discrete = find('discrete');
  const bad = find('badQuality');
  return {
    limits: { HH: limit('HH'), H: limit('H'), L: limit('L'), LL: limit('LL') },
    deviation: {
      ...commonFrom(deviation),
      enabled: deviation !== undefined,
      setpointTag: deviation?.setpointTag ?? '',
      value: text(deviation?.value),
      deadband: text(deviation?.deadband),
    },
    rateOfChange: {
      ...commonFrom(rate),
      enabled: rate !== undefined,
      value: text(rate?.value),
      deadband: text(rate?.deadband),
      windowS: seconds(rate?.windowMs),
    },
    discrete: {
      ...commonFrom(discrete),
      enabled: discrete !== undefined,
      states: discrete ? discrete.states.map(formatConditionValue).join(', ') : '',
    },
    badQuality: { ...commonFrom(bad), enabled: bad !== undefined },
  };
}

/** Reads typed text as numbers; every problem is named by the field it came from. */
class Reader {
  readonly errors: string[] = [];

  number(field: string, raw: string): number | undefined {
    const trimmed = raw.trim();
    if (trimmed === '') return undefined;
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
    this.errors.push(`${field}: “${trimmed.slice(0, 20)}” is not a finite number`);
    return undefined;
  }

  /** Seconds as typed, to whole milliseconds. */
  ms(field: string, raw: string): number | undefined {
    const value = this.number(field, raw);
    return value === undefined ? undefined : Math.round(value * 1000);
  }

  condition(field: string, raw: string): ConditionValue | undefined {
    const value = parseConditionValue(raw);
    if (value instanceof Error) {
      this.errors.push(`${field}: ${value.message}`);
      return undefined;
    }
    return value;
  }
}

function commonDraft(name: string, fields: CommonAlarmFields, read: Reader): Record<string, unknown> {
  const draft: Record<string, unknown> = { priority: fields.priority };
  if (fields.message.trim() !== '') draft.message = fields.message;
  const delays = [
    ['onDelayMs', 'on-delay', fields.onDelayS],
    ['offDelayMs', 'off-delay', fields.offDelayS],
    ['reAlarmMs', 're-alarm', fields.reAlarmS],
  ] as const;
  for (const [key, label, raw] of delays) {
    const ms = read.ms(`${name} ${label}`, raw);
    if (ms !== undefined) draft[key] = ms;
  }
  if (fields.latching) draft.latching = true;
  if (fields.suppressTag.trim() !== '') {
    const value = read.condition(`${name} suppression value`, fields.suppressValue);
    draft.suppressWhen = { tag: fields.suppressTag.trim(), op: fields.suppressOp, value };
  }
  return draft;
}

/**
 * The definitions a form describes, as drafts for the contract's schema to check (crossed
 * limits, a missing setpoint…), and what could not be read at all.
 */
export function definitionsFromAlarmsForm(form: AlarmsForm): { drafts: unknown[]; errors: string[] } {
  const read = new Reader();
  const drafts: unknown[] = [];
  for (const kind of LIMIT_KINDS) {
    const row = form.limits[kind];
    const value = read.number(`${kind} limit`, row.value);
    const deadband = read.number(`${kind} deadband`, row.deadband);
    if (value === undefined) continue;
    drafts.push({ kind, value, deadband: deadband ?? 0, ...commonDraft(kind, row, read) });
  }
  const { deviation, rateOfChange: rate, discrete, badQuality } = form;
  const required = (field: string, raw: string) => {
    if (raw.trim() === '') read.errors.push(`${field}: required`);
  };
  if (deviation.enabled) {
    required('deviation setpoint tag', deviation.setpointTag);
    required('deviation limit', deviation.value);
    drafts.push({
      kind: 'deviation',
      setpointTag: deviation.setpointTag.trim(),
      value: read.number('deviation limit', deviation.value),
      deadband: read.number('deviation deadband', deviation.deadband) ?? 0,
      ...commonDraft('deviation', deviation, read),
    });
  }
  if (rate.enabled) {
    required('rate limit', rate.value);
    const windowMs = read.ms('rate window', rate.windowS);
    drafts.push({
      kind: 'rateOfChange',
      value: read.number('rate limit', rate.value),
      deadband: read.number('rate deadband', rate.deadband) ?? 0,
      ...(windowMs === undefined ? {} : { windowMs }),
      ...commonDraft('rate of change', rate, read),
    });
  }
  if (discrete.enabled) {
    required('discrete states', discrete.states);
    drafts.push({
      kind: 'discrete',
      states: splitList(discrete.states).map((state) => read.condition('discrete state', state)),
      ...commonDraft('discrete', discrete, read),
    });
  }
  if (badQuality.enabled)
    drafts.push({ kind: 'badQuality', ...commonDraft('bad quality', badQuality, read) });
  return { drafts, errors: read.errors };
}
