import { MAX_POINTS_PER_RULE, type MappingPoint, type MappingRuleDraft } from '../../shared/jsonMapping.js';

const NAME_KEYS = ['name', 'id', 'tag', 'key', 'metric', 'channel'];
const VALUE_KEYS = ['value', 'v', 'val', 'reading'];
const TIME_KEYS = ['ts', 'time', 'timestamp', 't', 'datetime'];
const QUALITY_KEYS = ['quality', 'q', 'status'];
const UNIT_KEYS = ['unit', 'units', 'u', 'uom'];

/**
 * A first rule for a message no rule matched, for the engineer to correct rather than write
 * from nothing: the topic's second and third levels as area and device, and the payload's
 * readings — an array of named values, or else its number and true/false fields — as points.
 */
export function suggestRule(topic: string, payload: string): MappingRuleDraft {
  const levels = topic.split('/').map((level) => level.replace(/[{}+#]/g, '_') || '_');
  const pattern =
    levels.length >= 3 ? [levels[0], '{area}', '{device}', ...levels.slice(3)].join('/') : levels.join('/');
  const named =
    levels.length >= 3 ? {} : { area: levels.length === 2 ? levels[0]! : 'site', device: levels.at(-1)! };
  return {
    name: `From ${topic.slice(0, 60)}`,
    topic: pattern,
    ...named,
    points: pointsOf(parse(payload)),
  };
}

function parse(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

function pointsOf(root: unknown): MappingPoint[] {
  if (!isObject(root)) return [{ value: '$.value', tag: 'value' }];
  const time = findKey(root, TIME_KEYS);
  const timestamp = time ? { timestamp: { path: member('$', time), format: 'auto' as const } } : {};
  for (const [key, value] of Object.entries(root)) {
    if (!Array.isArray(value) || !isObject(value[0])) continue;
    const first = value[0];
    const name = findKey(first, NAME_KEYS);
    const reading = findKey(first, VALUE_KEYS);
    if (!name || !reading) continue;
    const each = `${member('$', key)}[*]`;
    const field = (keys: string[]) => findKey(first, keys);
    const itemTime = field(TIME_KEYS);
    const quality = field(QUALITY_KEYS);
    const unit = field(UNIT_KEYS);
    return [
      {
        value: member(each, reading),
        tag: `{${member(each, name)}}`,
        ...(itemTime ? { timestamp: { path: member(each, itemTime), format: 'auto' as const } } : timestamp),
        ...(quality ? { quality: { path: member(each, quality) } } : {}),
        ...(unit ? { unit: `{${member(each, unit)}}` } : {}),
      },
    ];
  }
  const points: MappingPoint[] = [];
  const visit = (node: Record<string, unknown>, path: string, name: string[], depth: number) => {
    for (const [key, value] of Object.entries(node)) {
      if (points.length >= MAX_POINTS_PER_RULE || TIME_KEYS.includes(key)) continue;
      if (typeof value === 'number' || typeof value === 'boolean')
        points.push({
          value: member(path, key),
          tag: [...name, key].join('/').replace(/[{}]/g, '_'),
          ...timestamp,
        });
      else if (isObject(value) && depth < 3) visit(value, member(path, key), [...name, key], depth + 1);
    }
  };
  visit(root, '$', [], 0);
  return points.length > 0 ? points : [{ value: '$.value', tag: 'value', ...timestamp }];
}

function findKey(node: Record<string, unknown>, keys: string[]): string | undefined {
  return Object.keys(node).find((key) => keys.includes(key.toLowerCase()));
}

function member(path: string, key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}
