import {
  DEFAULT_ECHO_TIMEOUT_MS,
  DEFAULT_EXPIRY_SECONDS,
  type CommandTarget,
  type JsonCommandDef,
} from '../../shared/commands.js';
import type { MetricLookup } from '../connectivity/sparkplug/host.js';
import { encodeSparkplug } from '../connectivity/sparkplug/codec.js';
import { fillCommandTemplate } from './jsonCommandTemplate.js';
import { checkWrite, isWritableDatatype, type WriteValue } from './writeValue.js';

/** What the resolver needs of a tag and its device: narrow, so it is tested without a runtime. */
export interface TargetSources {
  tag(id: string): { device: string; name: string } | undefined;
  device(id: string): { protocol: 'sparkplug' | 'json' | 'model' | 'system'; broker?: string } | undefined;
  /** A JSON tag's command definition, as its engineer configured it. */
  commandDef(tagId: string): JsonCommandDef | undefined;
  sparkplugMetric(broker: string, node: string, device: string | null, name: string): MetricLookup;
}

/** Who asks and when: what a JSON template's placeholders are filled with. */
export interface CommandContext {
  user: string;
  now: number;
}

/** A tag's command target, and how to turn a checked value into the bytes to publish. */
export interface ResolvedTarget {
  target: CommandTarget;
  qos: 0 | 1;
  expirySeconds: number;
  timeoutMs: number;
  /** Checks a value against the target's datatype; the payload to publish, or why not. */
  encode(value: WriteValue, context: CommandContext): Encoded;
}

export type Encoded = { ok: true; value: WriteValue; payload: Buffer } | { ok: false; error: string };
export type TargetOutcome = { ok: true; resolved: ResolvedTarget } | { ok: false; reason: string };

/**
 * Where a write to a tag goes, worked out when it is asked for (never cached: a new birth may
 * have changed the metric's datatype, or the device moved broker). Sparkplug tags are written by
 * NCMD (a node metric) or DCMD (a device metric) addressed by metric NAME — aliases are the edge
 * node's to hand out, and a host must not rely on them in commands — with the value encoded in
 * the birth's datatype. JSON tags are written as their engineer configured (JsonCommandDef).
 */
export function resolveTarget(sources: TargetSources, tagId: string): TargetOutcome {
  const tag = sources.tag(tagId);
  if (!tag) return { ok: false, reason: `unknown tag: ${tagId}` };
  const device = sources.device(tag.device);
  if (!device) return { ok: false, reason: `the device of ${tagId} is not known` };
  if (!device.broker) return { ok: false, reason: `no broker is known for device ${tag.device}` };
  return device.protocol === 'sparkplug'
    ? sparkplugTarget(sources, device.broker, tag.device, tag.name)
    : jsonTarget(sources.commandDef(tagId), device.broker, tagId);
}

function sparkplugTarget(
  sources: TargetSources,
  broker: string,
  deviceId: string,
  name: string,
): TargetOutcome {
  const slash = deviceId.indexOf('/');
  const node = slash < 0 ? deviceId : deviceId.slice(0, slash);
  const device = slash < 0 ? null : deviceId.slice(slash + 1);
  const lookup = sources.sparkplugMetric(broker, node, device, name);
  if (!lookup.ok) return { ok: false, reason: lookup.reason };
  const { metric } = lookup;
  // A measurement is not a setpoint: only metrics the edge node declares writable are written,
  // so a slip of the hand cannot send a value to a sensor reading the device never meant to take.
  if (!metric.writable)
    return {
      ok: false,
      reason: `${name} is not declared writable in the birth of ${deviceId} (Boolean property "writable")`,
    };
  if (!isWritableDatatype(metric.datatype))
    return { ok: false, reason: `${name} is a ${metric.datatype} metric: Watchkeeper cannot write those` };
  const topic =
    metric.device === null
      ? `spBv1.0/${metric.group}/NCMD/${metric.node}`
      : `spBv1.0/${metric.group}/DCMD/${metric.node}/${metric.device}`;
  return {
    ok: true,
    resolved: {
      target: { kind: 'sparkplug', broker, topic, metric: metric.name, datatype: metric.datatype },
      // Sparkplug 3.0: CMD messages are QoS 0, not retained.
      qos: 0,
      expirySeconds: DEFAULT_EXPIRY_SECONDS,
      timeoutMs: DEFAULT_ECHO_TIMEOUT_MS,
      encode: (raw, { now }) => {
        const checked = checkWrite(metric.datatype, raw);
        if (!checked.ok) return checked;
        const payload = encodeSparkplug({
          timestamp: now,
          metrics: [{ name: metric.name, type: metric.datatype, value: checked.value, timestamp: now }],
        });
        return { ok: true, value: checked.value, payload: Buffer.from(payload) };
      },
    },
  };
}

function jsonTarget(def: JsonCommandDef | undefined, broker: string, tagId: string): TargetOutcome {
  if (!def)
    return { ok: false, reason: `${tagId} has no command definition: an engineer sets one on the tag first` };
  return {
    ok: true,
    resolved: {
      target: { kind: 'json', broker, topic: def.topic, metric: def.valuePath, datatype: def.datatype },
      // The broker's acknowledgement is what "sent" means for a plain-JSON device.
      qos: 1,
      expirySeconds: def.expirySeconds,
      timeoutMs: def.timeoutMs,
      encode: (raw, { user, now }) => {
        const checked = checkWrite(def.datatype, raw);
        if (!checked.ok) return checked;
        const filled = fillCommandTemplate(def.template, def.valuePath, checked.value, {
          tag: tagId,
          user,
          ts: now,
        });
        if (!filled.ok) return filled;
        return { ok: true, value: checked.value, payload: Buffer.from(JSON.stringify(filled.payload)) };
      },
    },
  };
}

export function sameTarget(a: CommandTarget, b: CommandTarget): boolean {
  return (
    a.kind === b.kind &&
    a.broker === b.broker &&
    a.topic === b.topic &&
    a.metric === b.metric &&
    a.datatype === b.datatype
  );
}
