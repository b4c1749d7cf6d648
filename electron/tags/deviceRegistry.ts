import type { DeviceConfig, StaleAfterSource } from '../../shared/deviceConfig.js';
import type { Device } from '../../shared/domain.js';
import type { DeviceRef } from '../connectivity/ingestEvents.js';
import { MessageRate } from './messageRate.js';

interface DeviceState {
  id: string;
  /** The area the device's topic names; a configured area shows instead. */
  area: string;
  protocol: Device['protocol'];
  /** The broker the device last spoke through. */
  broker: string | undefined;
  online: boolean;
  lastSeen: number;
  /** The device's tags, each with when a value of it was last received. */
  tags: Map<string, number>;
  /** What the device's birth or mapping said about its freshness, if anything. */
  declaredStaleAfterMs: number | undefined;
  rate: MessageRate;
  errors: number;
  rebirths: number;
}

export interface DeviceRegistryOptions {
  /** How long a JSON device may stay silent when neither it nor an engineer says otherwise. */
  siteStaleAfterMs: number;
  now?: () => number;
}

const NO_CONFIG: { config: DeviceConfig; version: number } = { config: {}, version: 0 };

/**
 * Devices as ingest has seen them: online state, last message time, their tags, traffic and
 * trouble counters, and each device's freshness expectation.
 *
 * Freshness, first that applies: what the device's birth or mapping declares (the device knows
 * its own publishing interval), then what an engineer configured, then — for JSON devices only —
 * the site default. A Sparkplug device that declares nothing and has no configured timeout has
 * none: it reports by exception, so silence means "no change", and its death certificate (or
 * its edge node's, sent by the broker as its will) is what turns its tags stale.
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceState>();
  /** Engineers' settings by device id, also for devices not seen since start. */
  private readonly configs = new Map<string, { config: DeviceConfig; version: number }>();
  private readonly now: () => number;

  constructor(private readonly options: DeviceRegistryOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Records traffic from a device (`message`: this event began a new MQTT message, see Ingest);
   * returns the device when it just came (back) online.
   */
  seen(ref: DeviceRef, at: number, tagIds: Iterable<string> = [], message = true): Device | null {
    let device = this.devices.get(ref.id);
    let cameOnline = false;
    if (!device) {
      device = {
        id: ref.id,
        area: ref.area,
        protocol: ref.protocol,
        broker: ref.broker,
        online: true,
        lastSeen: at,
        tags: new Map(),
        declaredStaleAfterMs: undefined,
        rate: new MessageRate(at),
        errors: 0,
        rebirths: 0,
      };
      this.devices.set(ref.id, device);
      cameOnline = true;
    } else if (!device.online) {
      device.online = true;
      cameOnline = true;
    }
    if (ref.staleAfterMs !== undefined) device.declaredStaleAfterMs = ref.staleAfterMs;
    if (ref.broker !== undefined) device.broker = ref.broker; // a device moved to another network
    device.lastSeen = Math.max(device.lastSeen, at);
    if (message) device.rate.add(at);
    for (const id of tagIds) device.tags.set(id, at);
    return cameOnline ? this.publicDevice(device) : null;
  }

  /** Marks a device offline; returns it and its tags when that is a change. */
  offline(id: string): { device: Device; tagIds: string[] } | null {
    const device = this.devices.get(id);
    if (!device || !device.online) return null;
    device.online = false;
    return { device: this.publicDevice(device), tagIds: [...device.tags.keys()] };
  }

  /** Counts a value from this device that ingest refused or flagged. */
  errorSeen(id: string): void {
    const device = this.devices.get(id);
    if (device) device.errors++;
  }

  /**
   * Counts a rebirth request sent to a Sparkplug edge node, against the node and each of its
   * devices (`node/device`): the request makes all of them describe themselves anew, and the
   * node itself is a device here only when it has metrics of its own.
   */
  rebirthRequested(node: string): void {
    for (const device of this.devices.values()) {
      if (device.protocol === 'sparkplug' && (device.id === node || device.id.startsWith(`${node}/`)))
        device.rebirths++;
    }
  }

  /** Online devices silent for longer than their freshness allows at `now`. */
  overdue(now: number): string[] {
    return [...this.devices.values()]
      .filter((d) => {
        const { staleAfterMs } = this.freshness(d);
        return d.online && staleAfterMs !== null && now - d.lastSeen > staleAfterMs;
      })
      .map((d) => d.id);
  }

  /**
   * Tags of online JSON devices not heard of for longer than their device's timeout. A JSON
   * device publishes each tag on its own topic, so one dead sensor can fall silent while its
   * neighbours talk on; a Sparkplug device reports by exception, so there only the device's
   * silence counts.
   */
  overdueTags(now: number): string[] {
    const overdue: string[] = [];
    for (const device of this.devices.values()) {
      if (!device.online || device.protocol !== 'json') continue;
      const { staleAfterMs } = this.freshness(device);
      if (staleAfterMs === null) continue;
      for (const [id, at] of device.tags) if (now - at > staleAfterMs) overdue.push(id);
    }
    return overdue;
  }

  /** Applies an engineer's settings; returns the device as it now shows, when it is known. */
  configure(id: string, config: DeviceConfig, version: number): Device | null {
    this.configs.set(id, { config, version });
    const device = this.devices.get(id);
    return device ? this.publicDevice(device) : null;
  }

  has(id: string): boolean {
    return this.devices.has(id);
  }

  get(id: string): Device | undefined {
    const device = this.devices.get(id);
    return device && this.publicDevice(device);
  }

  /** The tags a device has sent since start. */
  tagIds(id: string): string[] {
    return [...(this.devices.get(id)?.tags.keys() ?? [])];
  }

  /** Devices online, all of them or those that spoke through one broker. */
  onlineIds(broker?: string): string[] {
    return [...this.devices.values()]
      .filter((d) => d.online && (broker === undefined || d.broker === broker))
      .map((d) => d.id);
  }

  list(): Device[] {
    return [...this.devices.values()].map((device) => this.publicDevice(device));
  }

  private freshness(device: DeviceState): { staleAfterMs: number | null; source: StaleAfterSource } {
    if (device.declaredStaleAfterMs !== undefined)
      return { staleAfterMs: device.declaredStaleAfterMs, source: 'device' };
    const configured = this.configs.get(device.id)?.config.staleAfterMs;
    if (configured !== undefined) return { staleAfterMs: configured, source: 'configured' };
    if (device.protocol === 'json') return { staleAfterMs: this.options.siteStaleAfterMs, source: 'site' };
    return { staleAfterMs: null, source: 'none' };
  }

  private publicDevice(device: DeviceState): Device {
    const { config, version } = this.configs.get(device.id) ?? NO_CONFIG;
    const { staleAfterMs, source } = this.freshness(device);
    return {
      id: device.id,
      area: config.area ?? device.area,
      protocol: device.protocol,
      ...(device.broker !== undefined ? { broker: device.broker } : {}),
      online: device.online,
      lastSeen: device.lastSeen,
      tagCount: device.tags.size,
      messageRate: device.rate.perSecond(this.now()),
      errorCount: device.errors,
      rebirths: device.rebirths,
      staleAfterMs,
      staleAfterSource: source,
      config,
      configVersion: version,
    };
  }
}
