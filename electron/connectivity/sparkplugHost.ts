import type { TagMeta } from '../../shared/domain.js';
import { Quality, qualityFromDa } from '../../shared/quality.js';
import type { InputErrors } from './inputErrors.js';
import type { DecodedSample, DecodedText, DeviceRef, IngestEvent } from './ingestEvents.js';
import { decodeSparkplug, type SparkplugMetric, type SparkplugPayload } from './sparkplugCodec.js';
import { limitsFromProperties } from './sparkplugLimits.js';
import { INTEGER_TYPES, statesFromProperties } from './sparkplugStates.js';

/**
 * The Sparkplug B host-application side of ingest: births, data and deaths of edge nodes and
 * their devices, with bdSeq matching, alias maps per edge node and rebirth requests (Eclipse
 * Sparkplug 3.0, "Operational Behavior"; ../shared/reference/sparkplug-host.md). Pure: MQTT
 * messages in, ingest events and rebirth requests out. Seq reordering and STATE arrive with the
 * full host application (issue #4); for now a seq gap asks for a rebirth.
 */
interface MetricDef {
  device: string | null;
  name: string;
  type: SparkplugMetric['type'];
}

interface EdgeNode {
  bdSeq: number | null;
  seq: number;
  aliases: Map<number, MetricDef>;
  devices: Set<string>;
}

const NUMERIC_TYPES = new Set([...INTEGER_TYPES, 'Float', 'Double', 'Boolean']);
/** Metrics that become string tags, stored as events. */
const TEXT_TYPES = new Set(['String', 'Text', 'UUID']);

export interface SparkplugHostOptions {
  errors: InputErrors;
  requestRebirth(group: string, node: string, reason: string): void;
  now?: () => number;
}

export class SparkplugHost {
  private readonly nodes = new Map<string, EdgeNode>();
  private readonly now: () => number;

  constructor(private readonly options: SparkplugHostOptions) {
    this.now = options.now ?? Date.now;
  }

  reset(): void {
    this.nodes.clear();
  }

  /** `levels` is the topic split on `/`, starting with `spBv1.0`. */
  handle(levels: string[], bytes: Uint8Array): IngestEvent[] {
    const [, group, type, node, device] = levels;
    if (!group || !type || group === 'STATE') return [];
    if (!node || levels.length > 5 || (type.startsWith('D') && !device)) {
      this.options.errors.record('sparkplug.bad_topic', levels.join('/').slice(0, 120));
      return [];
    }
    if (type === 'NCMD' || type === 'DCMD') return [];
    let payload: SparkplugPayload;
    try {
      payload = decodeSparkplug(bytes);
    } catch (error) {
      this.options.errors.record('sparkplug.undecodable', `${levels.join('/')}: ${(error as Error).message}`);
      this.rebirth(group, node, 'undecodable payload');
      return [];
    }
    const key = `${group}/${node}`;
    switch (type) {
      case 'NBIRTH':
        return this.onNodeBirth(key, node, payload);
      case 'NDEATH':
        return this.onNodeDeath(key, node, payload);
      case 'DBIRTH':
      case 'DDATA':
      case 'NDATA':
      case 'DDEATH':
        return this.onNodeMessage(key, group, node, type, device ?? null, payload);
      default:
        this.options.errors.record('sparkplug.bad_topic', `unknown message type ${type.slice(0, 20)}`);
        return [];
    }
  }

  private onNodeBirth(key: string, node: string, payload: SparkplugPayload): IngestEvent[] {
    const metrics = payload.metrics;
    const bdSeq = numberOrNull(metrics.find((m) => m.name === 'bdSeq')?.value);
    const state: EdgeNode = { bdSeq, seq: payload.seq ?? 0, aliases: new Map(), devices: new Set() };
    this.nodes.set(key, state);
    const nodeMetrics = metrics.filter((m) => m.name !== 'bdSeq' && !m.name?.startsWith('Node Control/'));
    return this.birth(state, { id: node, area: node, protocol: 'sparkplug' }, null, nodeMetrics, payload);
  }

  private onNodeDeath(key: string, node: string, payload: SparkplugPayload): IngestEvent[] {
    const state = this.nodes.get(key);
    const bdSeq = numberOrNull(payload.metrics.find((m) => m.name === 'bdSeq')?.value);
    if (!state || (state.bdSeq !== null && bdSeq !== null && bdSeq !== state.bdSeq)) return [];
    this.nodes.delete(key);
    const ts = this.now();
    const offline = (id: string): IngestEvent => ({
      kind: 'offline',
      device: { id, area: node, protocol: 'sparkplug' },
      ts,
    });
    return [offline(node), ...[...state.devices].map((device) => offline(`${node}/${device}`))];
  }

  private onNodeMessage(
    key: string,
    group: string,
    node: string,
    type: string,
    device: string | null,
    payload: SparkplugPayload,
  ): IngestEvent[] {
    const state = this.nodes.get(key);
    if (!state) {
      this.rebirth(group, node, `${type} before NBIRTH`);
      return [];
    }
    const seq = payload.seq;
    if (seq !== undefined) {
      const expected = (state.seq + 1) % 256;
      state.seq = seq;
      if (seq !== expected) {
        this.options.errors.record('sparkplug.seq_gap', `${key}: expected seq ${expected}, got ${seq}`);
        this.rebirth(group, node, 'seq gap');
      }
    }
    const ref: DeviceRef = device
      ? { id: `${node}/${device}`, area: node, protocol: 'sparkplug' }
      : { id: node, area: node, protocol: 'sparkplug' };
    if (type === 'DBIRTH') {
      state.devices.add(device!);
      return this.birth(state, ref, device, payload.metrics, payload);
    }
    if (type === 'DDEATH') {
      return [{ kind: 'offline', device: ref, ts: payload.timestamp ?? this.now() }];
    }
    if (device && !state.devices.has(device)) {
      this.rebirth(group, node, `DDATA for ${device} without DBIRTH`);
      return [];
    }
    const samples: DecodedSample[] = [];
    const texts: DecodedText[] = [];
    for (const metric of payload.metrics) {
      const def = this.resolve(state, metric);
      if (!def) {
        this.options.errors.record(
          'sparkplug.unknown_metric',
          `${key}: ${metric.name ?? `alias ${metric.alias}`}`,
        );
        this.rebirth(group, node, 'unknown metric');
        continue;
      }
      if (NUMERIC_TYPES.has(def.type)) samples.push(this.sample(ref, def.name, metric, payload));
      else if (TEXT_TYPES.has(def.type)) texts.push(this.text(ref, def.name, metric, payload));
    }
    return valueEvents(ref, samples, texts);
  }

  private birth(
    state: EdgeNode,
    ref: DeviceRef,
    device: string | null,
    metrics: SparkplugMetric[],
    payload: SparkplugPayload,
  ): IngestEvent[] {
    const tags: TagMeta[] = [];
    const samples: DecodedSample[] = [];
    const texts: DecodedText[] = [];
    // An edge node without metrics of its own is not a device an operator needs to see.
    if (device === null && metrics.length === 0) return [];
    for (const metric of metrics) {
      if (!metric.name) continue;
      const alias = metric.alias;
      if (alias !== undefined) state.aliases.set(alias, { device, name: metric.name, type: metric.type });
      const id = `${ref.id}/${metric.name}`;
      if (TEXT_TYPES.has(metric.type)) {
        tags.push(textTagMeta(ref, metric));
        texts.push(this.text(ref, metric.name, metric, payload));
        continue;
      }
      if (!NUMERIC_TYPES.has(metric.type)) continue;
      const invalid = (cause: string) => (detail: string) =>
        this.options.errors.record(cause, `${id}: ${detail}`);
      tags.push(
        tagMeta(ref, metric, invalid('sparkplug.invalid_limit'), invalid('sparkplug.invalid_states')),
      );
      samples.push(this.sample(ref, metric.name, metric, payload));
    }
    return [{ kind: 'tags', device: ref, tags }, ...valueEvents(ref, samples, texts, true)];
  }

  private resolve(state: EdgeNode, metric: SparkplugMetric): MetricDef | null {
    if (metric.alias !== undefined) return state.aliases.get(metric.alias) ?? null;
    if (!metric.name) return null;
    for (const def of state.aliases.values()) if (def.name === metric.name) return def;
    return { device: null, name: metric.name, type: metric.type };
  }

  private sample(
    ref: DeviceRef,
    name: string,
    metric: SparkplugMetric,
    payload: SparkplugPayload,
  ): DecodedSample {
    const daQuality = numberOrNull(metric.properties?.Quality?.value);
    const value = metric.isNull ? null : numberOrNull(metric.value);
    let quality: number = daQuality === null ? Quality.Good : qualityFromDa(daQuality);
    if (value !== null && !Number.isFinite(value)) quality = Quality.BadOutOfRange;
    if (!metric.isNull && typeof metric.value === 'string') {
      // A text where the birth promised a number: bad, never parsed into one.
      this.options.errors.record(
        'sparkplug.value_not_number',
        `${ref.id}/${name}: ${metric.value.slice(0, 40)}`,
      );
      quality = Quality.BadTypeMismatch;
    }
    return {
      tag: `${ref.id}/${name}`,
      ts: metric.timestamp ?? payload.timestamp ?? this.now(),
      value: value !== null && Number.isFinite(value) ? value : null,
      quality,
    };
  }

  /** A text metric's value; a value that is not text (a malformed payload) is bad, never coerced. */
  private text(
    ref: DeviceRef,
    name: string,
    metric: SparkplugMetric,
    payload: SparkplugPayload,
  ): DecodedText {
    const daQuality = numberOrNull(metric.properties?.Quality?.value);
    const ts = metric.timestamp ?? payload.timestamp ?? this.now();
    const tag = `${ref.id}/${name}`;
    if (metric.isNull || metric.value === null) return { tag, ts, text: null, quality: Quality.Bad };
    if (typeof metric.value !== 'string') {
      this.options.errors.record('sparkplug.value_not_text', `${tag}: ${String(metric.value).slice(0, 40)}`);
      return { tag, ts, text: null, quality: Quality.BadTypeMismatch };
    }
    return {
      tag,
      ts,
      text: metric.value,
      quality: daQuality === null ? Quality.Good : qualityFromDa(daQuality),
    };
  }

  private rebirth(group: string, node: string, reason: string): void {
    this.options.requestRebirth(group, node, reason);
  }
}

/** Samples and texts of one message as events, leaving out empty ones (a birth keeps its samples). */
function valueEvents(
  ref: DeviceRef,
  samples: DecodedSample[],
  texts: DecodedText[],
  keepSamples = false,
): IngestEvent[] {
  const events: IngestEvent[] = [];
  if (keepSamples || samples.length > 0) events.push({ kind: 'samples', device: ref, samples });
  if (texts.length > 0) events.push({ kind: 'texts', device: ref, texts });
  return events;
}

function propertyText(metric: SparkplugMetric, name: string): string {
  const value = metric.properties?.[name]?.value;
  return typeof value === 'string' ? value : '';
}

/**
 * A birth describes a metric whole: no limit properties means no limits, no `states` property no
 * state table, not "unchanged". An integer metric with a state table is an enum tag.
 */
function tagMeta(
  ref: DeviceRef,
  metric: SparkplugMetric,
  invalidLimit: (property: string) => void,
  invalidStates: (detail: string) => void,
): TagMeta {
  const property = (name: string) => metric.properties?.[name]?.value;
  const states = metric.type === 'Boolean' ? null : statesFromProperties(metric, invalidStates);
  return {
    id: `${ref.id}/${metric.name}`,
    device: ref.id,
    name: metric.name!,
    description: propertyText(metric, 'description') || propertyText(metric, 'Documentation'),
    unit: propertyText(metric, 'engUnit'),
    dataType: metric.type === 'Boolean' ? 'boolean' : states ? 'enum' : 'number',
    engLow: numberOrNull(property('engLow')),
    engHigh: numberOrNull(property('engHigh')),
    limits: metric.type === 'Boolean' || states ? [] : limitsFromProperties(metric, invalidLimit),
    ...(states ? { states } : {}),
  };
}

/** A String, Text or UUID metric: no unit, range or limits. */
function textTagMeta(ref: DeviceRef, metric: SparkplugMetric): TagMeta {
  return {
    id: `${ref.id}/${metric.name}`,
    device: ref.id,
    name: metric.name!,
    description: propertyText(metric, 'description') || propertyText(metric, 'Documentation'),
    unit: '',
    dataType: 'string',
    engLow: null,
    engHigh: null,
    limits: [],
  };
}

/** A metric value as a chartable number: booleans become 0/1; text and null are not numbers. */
function numberOrNull(value: SparkplugMetric['value'] | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}
