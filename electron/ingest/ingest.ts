import type { Device, TagMeta } from '../../shared/domain.js';
import { TagIdSchema } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import type { InputErrors } from '../connectivity/inputErrors.js';
import type { DecodedSample, DeviceRef, IngestEvent, IngestSink } from '../connectivity/ingestEvents.js';
import type { DeviceRegistry } from '../tags/deviceRegistry.js';
import type { TagRegistry, TagState } from '../tags/tagRegistry.js';

export interface IngestDeps {
  tags: TagRegistry;
  devices: DeviceRegistry;
  errors: InputErrors;
  historian: { append(tagKey: number, ts: number, value: number | null, quality: number): void };
  onValueChanged(tagId: string): void;
  onDevicesChanged(devices: Device[]): void;
  now?: () => number;
  /** A device silent for this long is marked offline and its tags stale. */
  staleAfterMs?: number;
}

const STALE = Quality.UncertainNoCommunicationLastUsableValue;
/**
 * A device clock further ahead than this is wrong (often local time sent as UTC). Such a sample
 * would sit "in the future" and hide every real value after it, so it is stored at the time of
 * receipt, flagged uncertain, and counted.
 */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/**
 * Where decoded site data meets the rest of the app: every sample goes to the historian, the
 * current-value registry and the live pushes. Staleness is decided here too — on a device's
 * death certificate, on link loss, or when a device stays silent past its timeout — and
 * recorded in history as a sample with the last value and a stale quality.
 */
export class Ingest implements IngestSink {
  private samples = 0;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: IngestDeps) {
    this.now = deps.now ?? Date.now;
  }

  get sampleCount(): number {
    return this.samples;
  }

  start(): void {
    this.sweeper = setInterval(() => this.sweepSilentDevices(), 1_000);
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  accept(event: IngestEvent): void {
    switch (event.kind) {
      case 'tags':
        for (const meta of event.tags) this.define(meta);
        this.deviceSeen(
          event.device,
          event.tags.map((t) => t.id),
        );
        return;
      case 'samples':
        for (const sample of event.samples) this.record(event.device, sample);
        this.deviceSeen(
          event.device,
          event.samples.map((sample) => sample.tag),
        );
        return;
      case 'offline':
        this.markOffline([event.device.id], event.ts);
        return;
      case 'linkLost':
        this.markOffline(this.deps.devices.onlineIds(), event.ts);
        return;
    }
  }

  sweepSilentDevices(): void {
    const now = this.now();
    this.markOffline(this.deps.devices.silentSince(now - (this.deps.staleAfterMs ?? 15_000)), now);
  }

  private define(meta: TagMeta): TagState | null {
    if (!TagIdSchema.safeParse(meta.id).success) {
      this.deps.errors.record('tag.invalid_id', JSON.stringify(meta.id).slice(0, 120));
      return null;
    }
    return this.deps.tags.define(meta);
  }

  private record(device: DeviceRef, sample: DecodedSample): void {
    const tag =
      this.deps.tags.get(sample.tag) ??
      this.define({
        id: sample.tag,
        device: device.id,
        name: sample.tag.slice(device.id.length + 1),
        description: '',
        unit: '',
        dataType: 'number',
        engLow: null,
        engHigh: null,
      });
    if (!tag) return;
    let { ts, quality } = sample;
    const now = this.now();
    if (ts > now + MAX_CLOCK_AHEAD_MS) {
      this.deps.errors.record(
        'sample.future_timestamp',
        `${tag.id}: device time ${new Date(ts).toISOString()} is ${Math.round((ts - now) / 1000)} s ahead of this computer; stored at the time of receipt as uncertain`,
      );
      ts = now;
      quality = quality >>> 30 === 0 ? Quality.Uncertain : quality;
    }
    quality = withRangeCheck(tag, sample.value, quality);
    this.deps.historian.append(tag.key, ts, sample.value, quality);
    this.samples++;
    if (this.deps.tags.setCurrent(tag, ts, sample.value, quality)) this.deps.onValueChanged(tag.id);
  }

  private deviceSeen(device: DeviceRef, tagIds: string[]): void {
    const cameOnline = this.deps.devices.seen(device, this.now(), tagIds);
    if (cameOnline) this.deps.onDevicesChanged([cameOnline]);
  }

  private markOffline(deviceIds: string[], ts: number): void {
    const changed: Device[] = [];
    for (const id of deviceIds) {
      const offline = this.deps.devices.offline(id);
      if (!offline) continue;
      changed.push(offline.device);
      for (const tagId of offline.tagIds) {
        const tag = this.deps.tags.get(tagId);
        if (!tag || tag.ts === null || tag.quality >>> 30 === 2) continue;
        // One ms after the last sample at the earliest, so the marker never overwrites it.
        const at = Math.max(ts, tag.ts + 1);
        this.deps.historian.append(tag.key, at, tag.value, STALE);
        if (this.deps.tags.setCurrent(tag, at, tag.value, STALE)) this.deps.onValueChanged(tag.id);
      }
    }
    if (changed.length > 0) this.deps.onDevicesChanged(changed);
  }
}

/** A good value outside the tag's engineering range is flagged, not hidden (OPC UA EU exceeded). */
function withRangeCheck(tag: TagState, value: number | null, quality: number): number {
  if (value === null || quality >>> 30 !== 0) return quality;
  if ((tag.engLow !== null && value < tag.engLow) || (tag.engHigh !== null && value > tag.engHigh)) {
    return Quality.UncertainEngineeringUnitsExceeded;
  }
  return quality;
}
