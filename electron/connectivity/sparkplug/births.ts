import type { TagMeta } from '../../../shared/domain.js';
import type { DeviceRef } from '../ingestEvents.js';
import { limitsFromProperties } from './limits.js';
import { NUMERIC_TYPES, TEXT_TYPES } from './metricValues.js';
import { statesFromProperties } from './states.js';
import type { SparkplugMetric } from './types.js';

/**
 * What a birth says about each metric, flattened to the tags an operator sees.
 *
 * Templates (Sparkplug 3.0, "Template"): an instance's members become tags of their own, named
 * `metric/member` (nested templates `metric/member/inner`), each with its own datatype and
 * properties; template definitions (is_definition, in the NBIRTH) describe types, not values, and
 * make no tags. DataSets become string tags holding a JSON summary (metricValues.ts). Bytes, File,
 * DateTime, PropertySet and array metrics are remembered, so their DATA is not "unknown", but make
 * no tags.
 */
export interface Leaf {
  /** The metric's name, or `metric/member` for a template member. */
  name: string;
  metric: SparkplugMetric;
}

/** A template instance's members (or the metric itself) as leaves; nothing for a definition. */
export function leaves(name: string, metric: SparkplugMetric, out: Leaf[] = []): Leaf[] {
  if (metric.type !== 'Template') {
    out.push({ name, metric });
    return out;
  }
  if (!metric.template || metric.template.isDefinition) return out;
  for (const member of metric.template.metrics) {
    if (member.name) leaves(`${name}/${member.name}`, member, out);
  }
  return out;
}

export function isTagType(metric: SparkplugMetric): boolean {
  return NUMERIC_TYPES.has(metric.type) || TEXT_TYPES.has(metric.type);
}

function propertyText(metric: SparkplugMetric, name: string): string {
  const value = metric.properties?.[name]?.value;
  return typeof value === 'string' ? value : '';
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * A birth describes a metric whole: no limit properties means no limits, no `states` property no
 * state table, not "unchanged". An integer metric with a state table is an enum tag; String,
 * Text, UUID and DataSet metrics are string tags without unit, range or limits.
 */
export function tagMeta(
  ref: DeviceRef,
  leaf: Leaf,
  invalid: (cause: string, detail: string) => void,
): TagMeta {
  const { metric, name } = leaf;
  const id = `${ref.id}/${name}`;
  const description = propertyText(metric, 'description') || propertyText(metric, 'Documentation');
  if (TEXT_TYPES.has(metric.type)) {
    return {
      id,
      device: ref.id,
      name,
      description,
      unit: '',
      dataType: 'string',
      engLow: null,
      engHigh: null,
      limits: [],
      ...(isWritable(metric) ? { writable: true as const } : {}),
    };
  }
  const boolean = metric.type === 'Boolean';
  const states = boolean
    ? null
    : statesFromProperties(metric, (detail) => invalid('sparkplug.invalid_states', `${id}: ${detail}`));
  return {
    id,
    device: ref.id,
    name,
    description,
    unit: propertyText(metric, 'engUnit'),
    dataType: boolean ? 'boolean' : states ? 'enum' : 'number',
    engLow: numberOrNull(metric.properties?.engLow?.value),
    engHigh: numberOrNull(metric.properties?.engHigh?.value),
    limits:
      boolean || states
        ? []
        : limitsFromProperties(metric, (property) =>
            invalid('sparkplug.invalid_limit', `${id}: ${property}`),
          ),
    ...(states ? { states } : {}),
    ...(isWritable(metric) ? { writable: true as const } : {}),
  };
}

/**
 * Sparkplug B names no property for "a host may write this", so `writable` (Boolean) is
 * Watchkeeper's, like the alarm limits: the UI offers Write only where the device says it obeys.
 */
export function isWritable(metric: SparkplugMetric): boolean {
  return metric.properties?.writable?.value === true;
}
