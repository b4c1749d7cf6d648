import type { Device, TagCurrentValue, TagMeta } from '../../shared/domain.js';
import { MAX_TEXT_LENGTH, TagIdSchema } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import type { InputErrors } from '../connectivity/inputErrors.js';
import type {
  DecodedSample,
  DecodedText,
  DeviceRef,
  IngestEvent,
  IngestSink,
} from '../connectivity/ingestEvents.js';
import type { DeviceRegistry } from '../tags/deviceRegistry.js';
import type { TagRegistry, TagState } from '../tags/tagRegistry.js';

/**
 * Cloud sync's producers (electron/sync/producers/): every sample as the historian stores it.
 * `sample` takes numeric samples of the live stream (late ones included) and stale markers,
 * which rollups are made of; `history` takes texts and backfilled samples, which only go raw.
 * Called for every sample at full ingest rate: an implementation must cost about a Map lookup.
 */
export interface IngestTap {
  sample(tag: string, ts: number, value: number | null, quality: number): void;
  history(tag: string, ts: number, value: number | string | null, quality: number): void;
}

export interface IngestDeps {
  tags: TagRegistry;
  devices: DeviceRegistry;
  errors: InputErrors;
  historian: {
    append(tagKey: number, ts: number, value: number | null, quality: number): void;
    appendText(tagKey: number, ts: number, text: string | null, quality: number): void;
  };
  onValueChanged(tagId: string): void;
  onDevicesChanged(devices: Device[]): void;
  /**
   * The alarm engine: every sample that becomes a tag's current value, stale markings included
   * (a DEATH or a silent device must freeze limit alarms and raise bad quality). Late samples
   * and backfill are history only, as for the live pushes.
   */
  alarms?: { observe(tag: string, value: TagCurrentValue, quality: number, ts: number): void };
  sync?: IngestTap;
  now?: () => number;
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
 *
 * A transient value (Sparkplug `is_transient`) is shown live and never stored.
 *
 * String tags are stored as events: a text is written when it, or its quality, changes (a device
 * that repeats its text every second adds nothing), cut to MAX_TEXT_LENGTH and flagged uncertain
 * when longer. A value of the other kind than its tag (a number for a string tag, or a text for
 * a numeric one) is recorded as bad with BadTypeMismatch, and counted.
 */
export class Ingest implements IngestSink {
  private samples = 0;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  /** The device and kind of the last event, to tell the events of one message from the next. */
  private previous: { device: DeviceRef; order: number } | null = null;

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
    const message = this.startsMessage(event);
    switch (event.kind) {
      case 'tags':
        for (const meta of event.tags) this.define(meta, event.device);
        this.deviceSeen(
          event.device,
          event.tags.map((t) => t.id),
          message,
        );
        return;
      case 'samples':
        for (const sample of event.samples) this.record(event.device, sample);
        this.deviceSeen(
          event.device,
          event.samples.map((sample) => sample.tag),
          message,
        );
        return;
      case 'texts':
        for (const text of event.texts) this.recordText(event.device, text);
        this.deviceSeen(
          event.device,
          event.texts.map((text) => text.tag),
          message,
        );
        return;
      case 'historical':
        this.backfill(event.device, event.samples, event.texts);
        return;
      case 'offline':
        this.markOffline([event.device.id], event.ts);
        return;
      case 'linkLost':
        this.markOffline(this.deps.devices.onlineIds(event.broker), event.ts);
        return;
    }
  }

  /**
   * Devices silent past their freshness (see DeviceRegistry) go offline and their tags stale;
   * so do single tags of a JSON device that talks on without them.
   */
  sweepSilentDevices(): void {
    const now = this.now();
    this.markOffline(this.deps.devices.overdue(now), now);
    for (const id of this.deps.devices.overdueTags(now)) {
      const tag = this.deps.tags.get(id);
      if (tag) this.markStale(tag, now);
    }
  }

  /**
   * Whether an event begins a new MQTT message, for the devices' message rates. A decoder turns
   * one message into at most one tags, one samples and one texts event, in that order, for one
   * device (and hands them over in a row): an event of the same device that does not come later
   * in that order, or that carries another DeviceRef object, belongs to the next message.
   */
  private startsMessage(event: IngestEvent): boolean {
    if (event.kind !== 'tags' && event.kind !== 'samples' && event.kind !== 'texts') return false;
    const order = EVENT_ORDER[event.kind];
    const previous = this.previous;
    this.previous = { device: event.device, order };
    return previous === null || previous.device !== event.device || previous.order >= order;
  }

  /** Refused or flagged input of a device: counted site-wide and against the device. */
  private fault(device: DeviceRef, cause: string, detail: string): void {
    this.deps.errors.record(cause, detail);
    this.deps.devices.errorSeen(device.id);
  }

  private define(meta: TagMeta, device: DeviceRef): TagState | null {
    if (!TagIdSchema.safeParse(meta.id).success) {
      this.fault(device, 'tag.invalid_id', JSON.stringify(meta.id).slice(0, 120));
      return null;
    }
    const existing = this.deps.tags.get(meta.id);
    if (device.protocol === 'json' && existing && isText(existing.dataType) !== isText(meta.dataType)) {
      // A JSON decoder guesses a tag's type from the first value it sees since it started; the
      // type the tag already has wins, so one stray value cannot turn its history into another kind.
      return this.deps.tags.define({ ...meta, dataType: existing.dataType, states: existing.states });
    }
    return this.deps.tags.define(meta);
  }

  /** A tag first met in a value rather than a description gets an empty one. */
  private tagFor(device: DeviceRef, id: string, dataType: 'number' | 'string'): TagState | null {
    return (
      this.deps.tags.get(id) ??
      this.define(
        {
          id,
          device: device.id,
          name: id.slice(device.id.length + 1),
          description: '',
          unit: '',
          dataType,
          engLow: null,
          engHigh: null,
        },
        device,
      )
    );
  }

  private record(device: DeviceRef, sample: DecodedSample): void {
    const tag = this.tagFor(device, sample.tag, 'number');
    if (!tag) return;
    if (tag.dataType === 'string') {
      this.fault(device, 'sample.type_mismatch', `${tag.id}: a number for a string tag`);
      this.recordText(device, { ...sample, text: null, quality: Quality.BadTypeMismatch });
      return;
    }
    const { ts, quality } = this.onOurClock(device, tag.id, sample.ts, sample.quality);
    const checked = withRangeCheck(tag, sample.value, quality);
    if (!sample.transient) {
      this.deps.historian.append(tag.key, ts, sample.value, checked);
      this.deps.sync?.sample(tag.id, ts, sample.value, checked);
    }
    this.samples++;
    if (this.deps.tags.setCurrent(tag, ts, sample.value, checked)) this.changed(tag);
  }

  private changed(tag: TagState): void {
    this.deps.alarms?.observe(tag.id, tag.value, tag.quality, tag.ts!);
    this.deps.onValueChanged(tag.id);
  }

  private recordText(device: DeviceRef, sample: DecodedText): void {
    const tag = this.tagFor(device, sample.tag, 'string');
    if (!tag) return;
    if (tag.dataType !== 'string') {
      this.fault(device, 'sample.type_mismatch', `${tag.id}: a text for a ${tag.dataType} tag`);
      this.record(device, { ...sample, value: null, quality: Quality.BadTypeMismatch });
      return;
    }
    const clocked = this.onOurClock(device, tag.id, sample.ts, sample.quality);
    const ts = clocked.ts;
    let quality = clocked.quality;
    let text = sample.text;
    if (text !== null && text.length > MAX_TEXT_LENGTH) {
      this.fault(
        device,
        'text.truncated',
        `${tag.id}: ${text.length} characters; kept the first ${MAX_TEXT_LENGTH}, flagged uncertain`,
      );
      text = truncateText(text);
      quality = quality >>> 30 === 0 ? Quality.Uncertain : quality;
    }
    this.samples++;
    const repeat = tag.ts !== null && ts >= tag.ts && tag.value === text && tag.quality === quality;
    if (!repeat && !sample.transient) {
      this.deps.historian.appendText(tag.key, ts, text, quality);
      this.deps.sync?.history(tag.id, ts, text, quality);
    }
    if (this.deps.tags.setCurrent(tag, ts, text, quality)) this.changed(tag);
  }

  /**
   * Backfilled values go to history only: the current value, live pushes and alarms follow the
   * live stream, and a reading from an hour ago must not show as now. A value of the wrong kind
   * is stored as bad, as it would be live.
   */
  private backfill(device: DeviceRef, samples: DecodedSample[], texts: DecodedText[]): void {
    for (const sample of [...samples].sort((a, b) => a.ts - b.ts)) {
      const tag = this.tagFor(device, sample.tag, 'number');
      if (!tag) continue;
      const { ts, quality } = this.onOurClock(device, tag.id, sample.ts, sample.quality);
      if (tag.dataType === 'string') {
        this.fault(device, 'sample.type_mismatch', `${tag.id}: a number for a string tag`);
        this.deps.historian.appendText(tag.key, ts, null, Quality.BadTypeMismatch);
        this.deps.sync?.history(tag.id, ts, null, Quality.BadTypeMismatch);
      } else {
        const checked = withRangeCheck(tag, sample.value, quality);
        this.deps.historian.append(tag.key, ts, sample.value, checked);
        this.deps.sync?.history(tag.id, ts, sample.value, checked);
      }
      this.samples++;
    }
    for (const text of [...texts].sort((a, b) => a.ts - b.ts)) {
      const tag = this.tagFor(device, text.tag, 'string');
      if (!tag) continue;
      const { ts, quality } = this.onOurClock(device, tag.id, text.ts, text.quality);
      if (tag.dataType !== 'string') {
        this.fault(device, 'sample.type_mismatch', `${tag.id}: a text for a ${tag.dataType} tag`);
        this.deps.historian.append(tag.key, ts, null, Quality.BadTypeMismatch);
        this.deps.sync?.history(tag.id, ts, null, Quality.BadTypeMismatch);
      } else {
        const long = text.text !== null && text.text.length > MAX_TEXT_LENGTH;
        const stored = long ? truncateText(text.text!) : text.text;
        const flagged = long && quality >>> 30 === 0 ? Quality.Uncertain : quality;
        this.deps.historian.appendText(tag.key, ts, stored, flagged);
        this.deps.sync?.history(tag.id, ts, stored, flagged);
      }
      this.samples++;
    }
  }

  /**
   * A device clock far ahead is wrong: such a value is stored at the time of receipt, flagged
   * uncertain, and counted.
   */
  private onOurClock(
    device: DeviceRef,
    tagId: string,
    ts: number,
    quality: number,
  ): { ts: number; quality: number } {
    const now = this.now();
    if (ts <= now + MAX_CLOCK_AHEAD_MS) return { ts, quality };
    this.fault(
      device,
      'sample.future_timestamp',
      `${tagId}: device time ${new Date(ts).toISOString()} is ${Math.round((ts - now) / 1000)} s ahead of this computer; stored at the time of receipt as uncertain`,
    );
    return { ts: now, quality: quality >>> 30 === 0 ? Quality.Uncertain : quality };
  }

  private deviceSeen(device: DeviceRef, tagIds: string[], message: boolean): void {
    const cameOnline = this.deps.devices.seen(device, this.now(), tagIds, message);
    if (cameOnline) this.deps.onDevicesChanged([cameOnline]);
  }

  /**
   * Records a tag's last value again with a stale quality, in history and as its current value.
   * A tag never heard from, or already bad, stays as it is: stale would claim a usable value.
   * One already stale needs no second marker.
   */
  private markStale(tag: TagState, ts: number): void {
    if (tag.ts === null || tag.quality >>> 30 === 2 || tag.quality === STALE) return;
    // One ms after the last sample at the earliest, so the marker never overwrites it.
    const at = Math.max(ts, tag.ts + 1);
    if (typeof tag.value === 'string' || tag.dataType === 'string') {
      const text = typeof tag.value === 'string' ? tag.value : null;
      this.deps.historian.appendText(tag.key, at, text, STALE);
      this.deps.sync?.history(tag.id, at, text, STALE);
    } else {
      this.deps.historian.append(tag.key, at, tag.value, STALE);
      this.deps.sync?.sample(tag.id, at, tag.value, STALE);
    }
    if (this.deps.tags.setCurrent(tag, at, tag.value, STALE)) this.changed(tag);
  }

  private markOffline(deviceIds: string[], ts: number): void {
    const changed: Device[] = [];
    for (const id of deviceIds) {
      const offline = this.deps.devices.offline(id);
      if (!offline) continue;
      changed.push(offline.device);
      for (const tagId of offline.tagIds) {
        const tag = this.deps.tags.get(tagId);
        if (tag) this.markStale(tag, ts);
      }
    }
    if (changed.length > 0) this.deps.onDevicesChanged(changed);
  }
}

const EVENT_ORDER = { tags: 0, samples: 1, texts: 2 } as const;

const isText = (dataType: TagMeta['dataType']) => dataType === 'string';

/** The first MAX_TEXT_LENGTH code units, without splitting a character in two. */
export function truncateText(text: string): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_TEXT_LENGTH - 1))
    ? MAX_TEXT_LENGTH - 1
    : MAX_TEXT_LENGTH;
  return text.slice(0, end);
}

/** A good value outside the tag's engineering range is flagged, not hidden (OPC UA EU exceeded). */
function withRangeCheck(tag: TagState, value: number | null, quality: number): number {
  if (value === null || quality >>> 30 !== 0) return quality;
  if ((tag.engLow !== null && value < tag.engLow) || (tag.engHigh !== null && value > tag.engHigh)) {
    return Quality.UncertainEngineeringUnitsExceeded;
  }
  return quality;
}
