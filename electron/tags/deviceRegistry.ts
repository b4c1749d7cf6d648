import type { Device } from '../../shared/domain.js';
import type { DeviceRef } from '../connectivity/ingestEvents.js';

interface DeviceState extends Device {
  tagIds: Set<string>;
}

/** Devices as ingest has seen them: online state, last message time and their tags. */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceState>();

  /** Records a message from a device; returns it when it just came (back) online. */
  seen(ref: DeviceRef, at: number, tagIds: Iterable<string> = []): Device | null {
    let device = this.devices.get(ref.id);
    let cameOnline = false;
    if (!device) {
      device = { ...ref, online: true, lastSeen: at, tagCount: 0, tagIds: new Set() };
      this.devices.set(ref.id, device);
      cameOnline = true;
    } else if (!device.online) {
      device.online = true;
      cameOnline = true;
    }
    device.lastSeen = Math.max(device.lastSeen ?? 0, at);
    if (ref.broker !== undefined) device.broker = ref.broker; // a device moved to another network
    for (const id of tagIds) device.tagIds.add(id);
    device.tagCount = device.tagIds.size;
    return cameOnline ? publicDevice(device) : null;
  }

  /** Marks a device offline; returns it and its tags when that is a change. */
  offline(id: string): { device: Device; tagIds: string[] } | null {
    const device = this.devices.get(id);
    if (!device || !device.online) return null;
    device.online = false;
    return { device: publicDevice(device), tagIds: [...device.tagIds] };
  }

  /**
   * JSON devices online but silent since before `cutoff`. Sparkplug devices are left out: they
   * report by exception and announce their own death, so silence there means "no change".
   */
  silentSince(cutoff: number): string[] {
    return [...this.devices.values()]
      .filter((d) => d.protocol === 'json' && d.online && (d.lastSeen ?? 0) < cutoff)
      .map((d) => d.id);
  }

  /** Devices online, all of them or those that spoke through one broker. */
  onlineIds(broker?: string): string[] {
    return [...this.devices.values()]
      .filter((d) => d.online && (broker === undefined || d.broker === broker))
      .map((d) => d.id);
  }

  list(): Device[] {
    return [...this.devices.values()].map(publicDevice);
  }
}

function publicDevice({ tagIds: _tagIds, ...device }: DeviceState): Device {
  return { ...device };
}
