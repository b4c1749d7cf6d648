import { describeAlarmDefinition, type AlarmDefinition } from '../../shared/alarmDefinitions.js';

type Config = Readonly<Record<string, unknown>>;

/** A configured value in words: `0 – 40`, `H 12 (±0.5, high)`, `(device)` when not configured. */
function describe(key: string, value: unknown): string {
  if (value === undefined) return '(device)';
  if (key === 'engRange') {
    const range = value as { low: number; high: number };
    return `${range.low} – ${range.high}`;
  }
  if (key === 'alarms') {
    const alarms = value as AlarmDefinition[];
    return alarms.length === 0 ? 'none' : alarms.map(describeAlarmDefinition).join(', ');
  }
  if (key === 'staleAfterMs') return `${Number(value) / 1000} s`;
  return typeof value === 'string' ? `“${value}”` : String(value);
}

const LABELS: Readonly<Record<string, string>> = {
  description: 'description',
  unit: 'unit',
  engRange: 'range',
  decimals: 'decimals',
  storageDeadband: 'storage deadband',
  alarms: 'alarms',
  staleAfterMs: 'timeout',
  area: 'area',
};

/**
 * What one version changed, field by field: `unit “m³/h” → “l/s”; range (device) → 0 – 40`.
 * A field back to `(device)` follows the device again.
 */
export function describeChange(before: Config | null, after: Config): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])];
  const changes = keys.flatMap((key) => {
    const [was, now] = [describe(key, before?.[key]), describe(key, after[key])];
    return was === now ? [] : [`${LABELS[key] ?? key} ${was} → ${now}`];
  });
  return changes.length === 0 ? 'no change' : changes.join('; ');
}
