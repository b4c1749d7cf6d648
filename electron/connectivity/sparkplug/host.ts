import type { InputErrors } from '../inputErrors.js';
import type { DecodedSample, DecodedText, DeviceRef, IngestEvent } from '../ingestEvents.js';
import { isTagType, isWritable, leaves, tagMeta } from './births.js';
import { decodeSparkplug, SparkplugDecodeError } from './codec.js';
import { MetricDefs, type MetricDef } from './metricDefs.js';
import { NUMERIC_TYPES, readSample, readText, TEXT_TYPES } from './metricValues.js';
import { SeqReorder } from './seqReorder.js';
import type { SparkplugMetric, SparkplugPayload, SparkplugType } from './types.js';

/**
 * The Sparkplug B host-application side of ingest (Eclipse Sparkplug 3.0, "Operational
 * Behavior"; ../shared/reference/sparkplug-host.md): births, data and deaths of edge nodes and
 * their devices, bdSeq matching, one seq window per edge node with reordering (seqReorder.ts),
 * alias and name maps per edge node, and rebirth requests in every case the spec names. MQTT
 * messages in; ingest events out — returned for what a message makes due at once, handed to
 * `deliver` for what the reorder timer releases later.
 */
export type RebirthCause =
  | 'before NBIRTH'
  | 'seq gap'
  | 'late seq'
  | 'unknown metric'
  | 'DDATA without DBIRTH'
  | 'undecodable payload'
  | 'alias collision';

/** A live metric a command can be addressed to. */
export interface CommandableMetric {
  group: string;
  node: string;
  device: string | null;
  name: string;
  datatype: SparkplugType;
  writable: boolean;
}

export type MetricLookup = { ok: true; metric: CommandableMetric } | { ok: false; reason: string };

export interface Scheduler {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SparkplugHostOptions {
  errors: InputErrors;
  /** Rate limiting per edge node is the caller's (it owns the MQTT link). */
  requestRebirth(group: string, node: string, reason: RebirthCause): void;
  /** Events of held messages released when a seq gap is given up on (or on stop/reset). */
  deliver(events: IngestEvent[]): void;
  now?: () => number;
  /** How long an early message waits for the ones before it; 2 s by default. */
  reorderTimeoutMs?: number;
  scheduler?: Scheduler;
}

interface Pending {
  type: string;
  device: string | null;
  payload: SparkplugPayload;
}

interface EdgeNode {
  key: string;
  group: string;
  node: string;
  bdSeq: number | null;
  window: SeqReorder<Pending>;
  timer: unknown;
  defs: MetricDefs;
  /** Devices with a DBIRTH in this session. */
  devices: Set<string>;
}

interface Values {
  samples: DecodedSample[];
  texts: DecodedText[];
  oldSamples: DecodedSample[];
  oldTexts: DecodedText[];
}

const DEFAULT_REORDER_TIMEOUT_MS = 2_000;

const realTimers: Scheduler = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class SparkplugHost {
  private readonly nodes = new Map<string, EdgeNode>();
  /** Devices met per edge node in any session, so that an NBIRTH can mark them stale. */
  private readonly knownDevices = new Map<string, Set<string>>();
  private readonly rebirths = new Map<RebirthCause, number>();
  private readonly now: () => number;
  private readonly scheduler: Scheduler;
  private readonly record: (cause: string, detail: string) => void;

  constructor(private readonly options: SparkplugHostOptions) {
    this.now = options.now ?? Date.now;
    this.scheduler = options.scheduler ?? realTimers;
    this.record = (cause, detail) => options.errors.record(cause, detail);
  }

  /** Rebirth requests made, per cause (before the caller's rate limit). */
  rebirthCounts(): Partial<Record<RebirthCause, number>> {
    return Object.fromEntries(this.rebirths);
  }

  /**
   * A metric as the current session's births describe it, for writing to it: the edge node by
   * name (its group found here), the device (null: a node metric), the metric by name. Says why
   * not when there is no such live metric.
   */
  metric(node: string, device: string | null, name: string): MetricLookup {
    const sessions = [...this.nodes.values()].filter((state) => state.node === node);
    if (sessions.length === 0) return { ok: false, reason: `edge node ${node} has no session (no NBIRTH)` };
    if (sessions.length > 1)
      return { ok: false, reason: `edge node ${node} is in more than one group: ambiguous` };
    const state = sessions[0]!;
    if (device !== null && !state.devices.has(device))
      return { ok: false, reason: `device ${node}/${device} is not online (no DBIRTH in this session)` };
    const def = state.defs.member(device, name);
    if (!def || def.hidden)
      return {
        ok: false,
        reason: `${name} is not in the birth of ${node}${device === null ? '' : `/${device}`}`,
      };
    return {
      ok: true,
      metric: {
        group: state.group,
        node,
        device,
        name: def.name,
        datatype: def.type,
        writable: def.writable === true,
      },
    };
  }

  /** Forgets every session (the link was lost), delivering what was held first. */
  reset(): void {
    for (const state of this.nodes.values()) this.options.deliver(this.flush(state));
    this.nodes.clear();
  }

  /** Same as reset: no timer outlives the host. */
  stop(): void {
    this.reset();
  }

  /** `levels` is the topic split on `/`, starting with `spBv1.0`. */
  handle(levels: string[], bytes: Uint8Array): IngestEvent[] {
    const [, group, type, node, device] = levels;
    if (!group || !type || group === 'STATE') return [];
    if (!node || levels.length > 5 || (type.startsWith('D') && !device)) {
      this.record('sparkplug.bad_topic', levels.join('/').slice(0, 120));
      return [];
    }
    if (type === 'NCMD' || type === 'DCMD') return [];
    let payload: SparkplugPayload;
    try {
      payload = decodeSparkplug(bytes);
    } catch (error) {
      if (!(error instanceof SparkplugDecodeError)) throw error;
      this.record(error.code, `${levels.join('/').slice(0, 120)}: ${error.message}`);
      this.rebirth(group, node, 'undecodable payload');
      return [];
    }
    const key = `${group}/${node}`;
    switch (type) {
      case 'NBIRTH':
        return this.onNodeBirth(key, group, node, payload);
      case 'NDEATH':
        return this.onNodeDeath(key, node, payload);
      case 'DBIRTH':
      case 'DDATA':
      case 'NDATA':
      case 'DDEATH':
        return this.onSequenced(key, group, node, { type, device: device ?? null, payload });
      default:
        this.record('sparkplug.bad_topic', `unknown message type ${type.slice(0, 20)}`);
        return [];
    }
  }

  private onNodeBirth(key: string, group: string, node: string, payload: SparkplugPayload): IngestEvent[] {
    const old = this.nodes.get(key);
    const events = old ? this.flush(old) : [];
    const state: EdgeNode = {
      key,
      group,
      node,
      bdSeq: bdSeqOf(payload),
      window: new SeqReorder(payload.seq ?? 0),
      timer: null,
      defs: new MetricDefs(),
      devices: new Set(),
    };
    this.nodes.set(key, state);
    // The node's devices stay stale until their own new DBIRTH.
    const ts = this.now();
    for (const device of this.knownDevices.get(key) ?? []) events.push(offline(node, device, ts));
    const own: SparkplugMetric[] = [];
    for (const metric of payload.metrics) {
      if (metric.name === 'bdSeq' || metric.name?.startsWith('Node Control/')) {
        this.define(
          state,
          { device: null, name: metric.name, type: metric.type, hidden: true },
          metric.alias,
        );
      } else own.push(metric);
    }
    events.push(...this.birth(state, null, own, payload));
    return events;
  }

  private onNodeDeath(key: string, node: string, payload: SparkplugPayload): IngestEvent[] {
    const state = this.nodes.get(key);
    if (!state) return [];
    const bdSeq = bdSeqOf(payload);
    if (state.bdSeq !== null && bdSeq !== null && bdSeq !== state.bdSeq) {
      // The Will of an older session, delivered late: the current session is alive.
      this.record(
        'sparkplug.late_ndeath',
        `${key}: NDEATH bdSeq ${bdSeq}, current session ${state.bdSeq}; ignored`,
      );
      return [];
    }
    const events = this.flush(state);
    this.nodes.delete(key);
    const ts = this.now();
    events.push({ kind: 'offline', device: deviceRef(node, null), ts });
    for (const device of this.knownDevices.get(key) ?? []) events.push(offline(node, device, ts));
    return events;
  }

  private onSequenced(key: string, group: string, node: string, message: Pending): IngestEvent[] {
    const state = this.nodes.get(key);
    if (!state) {
      this.rebirth(group, node, 'before NBIRTH');
      return [];
    }
    const seq = message.payload.seq;
    if (seq === undefined) return this.process(state, message);
    const { verdict, ready } = state.window.offer(seq, message);
    if (verdict === 'late') {
      this.record('sparkplug.seq_late', `${key}: seq ${seq} arrived after later ones`);
      this.rebirth(group, node, 'late seq');
    }
    if (state.window.holding > 0 && state.timer === null) {
      state.timer = this.scheduler.setTimeout(
        () => this.giveUpWaiting(state),
        this.options.reorderTimeoutMs ?? DEFAULT_REORDER_TIMEOUT_MS,
      );
    } else if (state.window.holding === 0) this.stopTimer(state);
    return ready.flatMap((pending) => this.process(state, pending));
  }

  /** The reorder timeout passed with a seq still missing: deliver what was held, ask for a rebirth. */
  private giveUpWaiting(state: EdgeNode): void {
    state.timer = null;
    if (this.nodes.get(state.key) !== state) return;
    const held = state.window.release();
    this.record(
      'sparkplug.seq_gap',
      `${state.key}: a seq missing for ${this.options.reorderTimeoutMs ?? DEFAULT_REORDER_TIMEOUT_MS} ms`,
    );
    this.rebirth(state.group, state.node, 'seq gap');
    // Nothing calls this but a timer, so a bug here must not become an uncaught exception.
    try {
      this.options.deliver(held.flatMap((pending) => this.process(state, pending)));
    } catch (error) {
      this.record('ingest.internal', `${state.key}: ${(error as Error).message}`);
    }
  }

  /** Everything held, in seq order, before the session ends: nothing received is dropped. */
  private flush(state: EdgeNode): IngestEvent[] {
    this.stopTimer(state);
    return state.window.release().flatMap((pending) => this.process(state, pending));
  }

  private stopTimer(state: EdgeNode): void {
    if (state.timer !== null) this.scheduler.clearTimeout(state.timer);
    state.timer = null;
  }

  private process(state: EdgeNode, { type, device, payload }: Pending): IngestEvent[] {
    if (type === 'DBIRTH') {
      state.devices.add(device!);
      this.known(state.key).add(device!);
      return this.birth(state, device, payload.metrics, payload);
    }
    if (type === 'DDEATH') {
      state.devices.delete(device!);
      return [offline(state.node, device!, payload.timestamp ?? this.now())];
    }
    if (device !== null && !state.devices.has(device)) {
      this.rebirth(state.group, state.node, 'DDATA without DBIRTH');
      return [];
    }
    return this.data(state, device, payload);
  }

  private birth(
    state: EdgeNode,
    device: string | null,
    metrics: SparkplugMetric[],
    payload: SparkplugPayload,
  ): IngestEvent[] {
    state.defs.forgetDevice(device);
    const ref = deviceRef(state.node, device);
    const tags = [];
    const values: Values = { samples: [], texts: [], oldSamples: [], oldTexts: [] };
    for (const metric of metrics) {
      if (!metric.name) continue;
      const def: MetricDef = { device, name: metric.name, type: metric.type };
      if (isWritable(metric)) def.writable = true;
      this.define(state, def, metric.alias, metric);
      for (const leaf of leaves(metric.name, metric)) {
        if (!isTagType(leaf.metric)) continue;
        tags.push(tagMeta(ref, leaf, this.record));
        this.read(ref, leaf.name, leaf.metric.type, leaf.metric, timeOf(metric, payload, this.now), values);
      }
    }
    // An edge node without metrics of its own is not a device an operator needs to see.
    if (device === null && tags.length === 0) return [];
    return [{ kind: 'tags', device: ref, tags }, ...valueEvents(ref, values, true)];
  }

  private define(state: EdgeNode, def: MetricDef, alias: number | undefined, metric?: SparkplugMetric): void {
    const taken = state.defs.define(def, alias, metric);
    if (taken) {
      this.record(
        'sparkplug.alias_collision',
        `${state.key}: alias ${alias} names both ${taken.device ?? '(node)'}/${taken.name} and ${def.device ?? '(node)'}/${def.name}`,
      );
      this.rebirth(state.group, state.node, 'alias collision');
    }
  }

  private data(state: EdgeNode, device: string | null, payload: SparkplugPayload): IngestEvent[] {
    const ref = deviceRef(state.node, device);
    const values: Values = { samples: [], texts: [], oldSamples: [], oldTexts: [] };
    let unknown = 0;
    for (const metric of payload.metrics) {
      const def = state.defs.resolve(device, metric);
      if (!def) {
        unknown++;
        this.record('sparkplug.unknown_metric', `${state.key}: ${metric.name ?? `alias ${metric.alias}`}`);
        continue;
      }
      if (def.hidden) continue;
      unknown += this.readDefined(state, ref, device, def, metric, timeOf(metric, payload, this.now), values);
    }
    if (unknown > 0) this.rebirth(state.group, state.node, 'unknown metric');
    return valueEvents(ref, values, false);
  }

  /** One metric's value(s); a template's members by name. Returns how many were unknown. */
  private readDefined(
    state: EdgeNode,
    ref: DeviceRef,
    device: string | null,
    def: MetricDef,
    metric: SparkplugMetric,
    ts: number,
    values: Values,
  ): number {
    if (def.type !== 'Template') {
      this.read(ref, def.name, def.type, metric, ts, values);
      return 0;
    }
    let unknown = 0;
    for (const member of metric.template?.metrics ?? []) {
      const name = `${def.name}/${member.name ?? ''}`;
      const memberDef = member.name ? state.defs.member(device, name) : null;
      if (!memberDef) {
        unknown++;
        this.record('sparkplug.unknown_metric', `${state.key}: template member ${name}`);
        continue;
      }
      unknown += this.readDefined(state, ref, device, memberDef, member, member.timestamp ?? ts, values);
    }
    return unknown;
  }

  private read(
    ref: DeviceRef,
    name: string,
    type: SparkplugType,
    metric: SparkplugMetric,
    ts: number,
    values: Values,
  ): void {
    const tag = `${ref.id}/${name}`;
    const old = metric.isHistorical === true;
    if (NUMERIC_TYPES.has(type)) {
      (old ? values.oldSamples : values.samples).push(readSample(tag, type, metric, ts, this.record));
    } else if (TEXT_TYPES.has(type)) {
      (old ? values.oldTexts : values.texts).push(readText(tag, type, metric, ts, this.record));
    }
  }

  private known(key: string): Set<string> {
    let devices = this.knownDevices.get(key);
    if (!devices) this.knownDevices.set(key, (devices = new Set()));
    return devices;
  }

  private rebirth(group: string, node: string, cause: RebirthCause): void {
    this.rebirths.set(cause, (this.rebirths.get(cause) ?? 0) + 1);
    this.options.requestRebirth(group, node, cause);
  }
}

function deviceRef(node: string, device: string | null): DeviceRef {
  return { id: device === null ? node : `${node}/${device}`, area: node, protocol: 'sparkplug' };
}

function offline(node: string, device: string, ts: number): IngestEvent {
  return { kind: 'offline', device: deviceRef(node, device), ts };
}

function bdSeqOf(payload: SparkplugPayload): number | null {
  const value = payload.metrics.find((m) => m.name === 'bdSeq')?.value;
  return typeof value === 'number' ? value : null;
}

function timeOf(metric: SparkplugMetric, payload: SparkplugPayload, now: () => number): number {
  return metric.timestamp ?? payload.timestamp ?? now();
}

/** Backfill first, then live values; empty groups left out (a birth keeps its samples). */
function valueEvents(ref: DeviceRef, values: Values, keepSamples: boolean): IngestEvent[] {
  const events: IngestEvent[] = [];
  if (values.oldSamples.length > 0 || values.oldTexts.length > 0) {
    events.push({ kind: 'historical', device: ref, samples: values.oldSamples, texts: values.oldTexts });
  }
  if (keepSamples || values.samples.length > 0)
    events.push({ kind: 'samples', device: ref, samples: values.samples });
  if (values.texts.length > 0) events.push({ kind: 'texts', device: ref, texts: values.texts });
  return events;
}
