import type { MqttMessage } from './mqttLink.js';
import type { DeviceDef, DeviceReading, TagDef, TagValue } from './plantModel.js';
import {
  decodeSparkplug,
  encodeSparkplug,
  type SparkplugMetric,
  type SparkplugProperty,
} from '../connectivity/sparkplug/codec.js';
import { LIMIT_PROPERTY } from '../connectivity/sparkplug/limits.js';
import { STATES_PROPERTY } from '../connectivity/sparkplug/states.js';
import { formatStateTable } from '../../shared/stateTable.js';

export const SPARKPLUG_NAMESPACE = 'spBv1.0';
export const DEFAULT_GROUP_ID = 'factory';
export const REBIRTH_METRIC = 'Node Control/Rebirth';
/** Sparkplug's OPC-DA style quality values for the optional `Quality` metric property. */
const QUALITY_BAD = 0;
const QUALITY_GOOD = 192;

/** One metric a host asked a device to take. */
export interface DeviceWrite {
  area: string;
  device: string;
  tag: string;
  value: number | boolean | string;
}

export interface EdgeNodeOptions {
  groupId?: string;
  edgeNodeId: string;
  /** The devices of this edge node, in publishing order. */
  devices: readonly DeviceDef[];
}

interface DeviceSession {
  def: DeviceDef;
  /** Alias of the device's first tag; tag t has alias firstAlias + t. */
  firstAlias: number;
  /** True between this session's DBIRTH and the next DDEATH. */
  alive: boolean;
  /** Per tag: the last message carried Quality 0, so the next good value must say 192. */
  wasBad: Uint8Array;
}

/**
 * The Sparkplug B session state of one edge node (Sparkplug 3.0, Operational Behavior), kept
 * apart from MQTT so it can be tested byte for byte: bdSeq per connection, one shared seq counter
 * for the node and its devices, aliases unique across the node, DBIRTH/DDEATH as devices come
 * and go. Every method returns the messages to send, in order; nothing here does I/O.
 */
export class SparkplugEdgeNode {
  readonly groupId: string;
  readonly edgeNodeId: string;
  private readonly devices: DeviceSession[];
  private readonly byId = new Map<string, DeviceSession>();
  private bdSeq = 0;
  private seq = 0;
  private born = false;

  constructor(options: EdgeNodeOptions) {
    this.groupId = options.groupId ?? DEFAULT_GROUP_ID;
    this.edgeNodeId = options.edgeNodeId;
    let nextAlias = 1;
    this.devices = options.devices.map((def) => {
      const session = { def, firstAlias: nextAlias, alive: false, wasBad: new Uint8Array(def.tags.length) };
      nextAlias += def.tags.length;
      this.byId.set(def.id, session);
      return session;
    });
  }

  /** Where hosts send Node Control commands such as Rebirth. */
  get commandTopic(): string {
    return this.topic('NCMD');
  }

  /** Where hosts send writes to this node's devices: one DCMD topic per device. */
  get deviceCommandFilter(): string {
    return this.topic('DCMD', '+');
  }

  /**
   * The writes a DCMD asks for, by metric name or alias (hosts should use names), each with its
   * value; metrics of no known tag are left out. Undecodable bytes ask for nothing.
   */
  deviceCommands(topic: string, payload: Uint8Array): DeviceWrite[] {
    const prefix = `${this.topic('DCMD')}/`;
    const device = topic.startsWith(prefix) ? this.byId.get(topic.slice(prefix.length)) : undefined;
    if (!device) return [];
    let metrics: SparkplugMetric[];
    try {
      metrics = decodeSparkplug(payload).metrics;
    } catch {
      return [];
    }
    return metrics.flatMap((metric) => {
      const index =
        metric.name !== undefined
          ? device.def.tags.findIndex((tag) => tag.name === metric.name)
          : (metric.alias ?? 0) - device.firstAlias;
      const tag = device.def.tags[index];
      const value = metric.value;
      if (!tag || (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'string'))
        return [];
      return [{ area: this.edgeNodeId, device: device.def.id, tag: tag.name, value }];
    });
  }

  get isBorn(): boolean {
    return this.born;
  }

  get currentBdSeq(): number {
    return this.bdSeq;
  }

  /** Starts a session for a new MQTT connection whose Will carried `bdSeq`; births must follow. */
  beginSession(bdSeq: number): void {
    this.bdSeq = bdSeq & 0xff;
    this.born = false;
  }

  /** NDEATH for a connection: registered as the Will (QoS 1) and sent explicitly on a clean stop. */
  deathMessage(nowMs: number, bdSeq: number = this.bdSeq): MqttMessage {
    const payload = encodeSparkplug({ timestamp: nowMs, metrics: [bdSeqMetric(bdSeq & 0xff, nowMs)] });
    return { topic: this.topic('NDEATH'), payload, qos: 1, samples: 0 };
  }

  /** NBIRTH (seq 0) followed by a DBIRTH for every device that is online. */
  birthMessages(readings: readonly DeviceReading[], nowMs: number): MqttMessage[] {
    this.seq = 0;
    this.born = true;
    const nodeMetrics: SparkplugMetric[] = [
      bdSeqMetric(this.bdSeq, nowMs),
      { name: REBIRTH_METRIC, type: 'Boolean', value: false, timestamp: nowMs },
    ];
    const messages: MqttMessage[] = [
      {
        topic: this.topic('NBIRTH'),
        payload: encodeSparkplug({ timestamp: nowMs, seq: 0, metrics: nodeMetrics }),
        qos: 0,
        samples: 0,
      },
    ];
    for (const device of this.devices) device.alive = false;
    for (const reading of this.ownReadings(readings)) {
      const device = this.byId.get(reading.device);
      if (device && reading.online) messages.push(this.deviceBirth(device, reading, nowMs));
    }
    return messages;
  }

  /** One message per device for this tick: DDATA with every metric, or DBIRTH/DDEATH on a change of state. */
  dataMessages(readings: readonly DeviceReading[], nowMs: number): MqttMessage[] {
    if (!this.born) return [];
    const messages: MqttMessage[] = [];
    for (const reading of this.ownReadings(readings)) {
      const device = this.byId.get(reading.device);
      if (!device) continue;
      if (reading.online && !device.alive) messages.push(this.deviceBirth(device, reading, nowMs));
      else if (!reading.online && device.alive) {
        device.alive = false;
        const payload = encodeSparkplug({ timestamp: nowMs, seq: this.nextSeq(), metrics: [] });
        messages.push({ topic: this.topic('DDEATH', device.def.id), payload, qos: 0, samples: 0 });
      } else if (reading.online) messages.push(this.deviceData(device, reading, nowMs));
    }
    return messages;
  }

  private deviceBirth(device: DeviceSession, reading: DeviceReading, nowMs: number): MqttMessage {
    device.alive = true;
    const metrics = device.def.tags.map((tag, t): SparkplugMetric => {
      const sample = reading.values[t];
      device.wasBad[t] = sample?.bad ? 1 : 0;
      return {
        name: tag.name,
        alias: device.firstAlias + t,
        ...valueOf(tag, sample),
        timestamp: nowMs,
        properties: {
          ...engineeringProperties(tag),
          description: { type: 'String', value: tag.description },
          ...limitProperties(tag),
          ...(tag.states
            ? { [STATES_PROPERTY]: { type: 'String', value: formatStateTable(tag.states) } }
            : {}),
          ...(sample?.bad ? { Quality: { type: 'Int32', value: QUALITY_BAD } } : {}),
          ...(tag.writable ? { writable: { type: 'Boolean', value: true } } : {}),
        },
      };
    });
    const payload = encodeSparkplug({ timestamp: nowMs, seq: this.nextSeq(), metrics });
    return { topic: this.topic('DBIRTH', device.def.id), payload, qos: 0, samples: metrics.length };
  }

  private deviceData(device: DeviceSession, reading: DeviceReading, nowMs: number): MqttMessage {
    const metrics = device.def.tags.map((tag, t): SparkplugMetric => {
      const sample = reading.values[t];
      const bad = sample?.bad === true;
      const recovered = !bad && device.wasBad[t] === 1;
      device.wasBad[t] = bad ? 1 : 0;
      const metric: SparkplugMetric = {
        alias: device.firstAlias + t,
        ...valueOf(tag, sample),
        timestamp: nowMs,
      };
      if (bad || recovered) {
        metric.properties = { Quality: { type: 'Int32', value: bad ? QUALITY_BAD : QUALITY_GOOD } };
      }
      return metric;
    });
    const payload = encodeSparkplug({ timestamp: nowMs, seq: this.nextSeq(), metrics });
    return { topic: this.topic('DDATA', device.def.id), payload, qos: 0, samples: metrics.length };
  }

  private ownReadings(readings: readonly DeviceReading[]): DeviceReading[] {
    return readings.filter((reading) => reading.area === this.edgeNodeId);
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) & 0xff;
    return this.seq;
  }

  private topic(type: string, deviceId?: string): string {
    const base = `${SPARKPLUG_NAMESPACE}/${this.groupId}/${type}/${this.edgeNodeId}`;
    return deviceId === undefined ? base : `${base}/${deviceId}`;
  }
}

/** True when an NCMD payload asks for a rebirth (by name, as hosts must). Undecodable bytes are not a request. */
export function isRebirthRequest(payload: Uint8Array): boolean {
  try {
    return decodeSparkplug(payload).metrics.some((m) => m.name === REBIRTH_METRIC && m.value === true);
  } catch {
    return false;
  }
}

function bdSeqMetric(bdSeq: number, nowMs: number): SparkplugMetric {
  return { name: 'bdSeq', type: 'UInt64', value: bdSeq, timestamp: nowMs };
}

/** The tag's alarm limits as the birth properties the host reads (see connectivity/sparkplug/limits.ts). */
function limitProperties(tag: TagDef): Record<string, SparkplugProperty> {
  return Object.fromEntries(
    (tag.limits ?? []).map((limit) => [LIMIT_PROPERTY[limit.kind], { type: 'Double', value: limit.value }]),
  );
}

/** Unit and range describe measured values; a text has none. */
function engineeringProperties(tag: TagDef): Record<string, SparkplugProperty> {
  if (tag.dataType === 'string') return {};
  return {
    engUnit: { type: 'String', value: tag.unit },
    engLow: { type: 'Double', value: tag.engLow },
    engHigh: { type: 'Double', value: tag.engHigh },
  };
}

function valueOf(tag: TagDef, sample: TagValue | undefined): Pick<SparkplugMetric, 'type' | 'value'> {
  const value = sample?.value;
  if (tag.dataType === 'boolean') return { type: 'Boolean', value: value === true };
  if (tag.dataType === 'string') return { type: 'String', value: sample?.text ?? '' };
  if (tag.dataType === 'enum') return { type: 'Int32', value: typeof value === 'number' ? value : 0 };
  return { type: 'Double', value: typeof value === 'number' ? value : Number.NaN };
}
