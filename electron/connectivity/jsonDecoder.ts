import { JsonSamplePayloadSchema } from '../../shared/sitePayloads.js';
import { Quality, qualityFromDa } from '../../shared/quality.js';
import type { InputErrors } from './inputErrors.js';
import type { IngestEvent } from './ingestEvents.js';

/**
 * The shipped plain-JSON mapping: `{prefix}/{area}/{device}/{tag}` carrying one value per
 * message. Configurable mappings (nested paths, arrays, many tags per message) replace this in
 * issue #4; the decoding rules for values, timestamps and quality stay.
 */
export const MAX_JSON_BYTES = 256 * 1024;

const EPOCH_SECONDS_LIMIT = 1e11; // numbers below this are seconds, above are milliseconds

export class JsonDecoder {
  private readonly knownTags = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    private readonly errors: InputErrors,
    private readonly now: () => number = Date.now,
  ) {}

  get topicFilter(): string {
    return `${this.prefix}/#`;
  }

  handle(topic: string, bytes: Uint8Array): IngestEvent[] {
    const levels = topic.split('/');
    const [, area, device, ...rest] = levels;
    if (levels[0] !== this.prefix || !area || !device || rest.length === 0 || rest.some((l) => l === '')) {
      this.errors.record(
        'topic.unmapped',
        `${topic.slice(0, 120)} does not match ${this.prefix}/<area>/<device>/<tag>`,
      );
      return [];
    }
    if (bytes.byteLength > MAX_JSON_BYTES) {
      this.errors.record('json.too_large', `${topic}: ${bytes.byteLength} bytes`);
      return [];
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    } catch {
      this.errors.record('json.invalid', `${topic}: payload is not JSON`);
      return [];
    }
    const ref = { id: `${area}/${device}`, area, protocol: 'json' as const };
    const tag = `${ref.id}/${rest.join('/')}`;
    const receivedAt = this.now();
    const parsed = JsonSamplePayloadSchema.safeParse(json);
    if (!parsed.success) {
      const cause =
        typeof json !== 'object' || json === null || Array.isArray(json)
          ? 'json.not_object'
          : 'json.value_not_number';
      this.errors.record(cause, `${topic}: ${JSON.stringify(json).slice(0, 80)}`);
      if (cause === 'json.not_object') return [];
      return [
        {
          kind: 'samples',
          device: ref,
          samples: [{ tag, ts: receivedAt, value: null, quality: Quality.BadTypeMismatch }],
        },
      ];
    }
    const payload = parsed.data;
    const events: IngestEvent[] = [];
    const unit = payload.unit ?? '';
    if (this.knownTags.get(tag) !== unit) {
      this.knownTags.set(tag, unit);
      events.push({
        kind: 'tags',
        device: ref,
        tags: [
          {
            id: tag,
            device: ref.id,
            name: rest.join('/'),
            description: payload.sensor_id ? `sensor ${payload.sensor_id}` : '',
            unit,
            dataType: typeof payload.value === 'boolean' ? 'boolean' : 'number',
            engLow: null,
            engHigh: null,
          },
        ],
      });
    }
    const value = typeof payload.value === 'boolean' ? Number(payload.value) : payload.value;
    events.push({
      kind: 'samples',
      device: ref,
      samples: [
        {
          tag,
          ts: this.timestamp(topic, payload.ts, receivedAt),
          value,
          quality: this.quality(payload.quality, value),
        },
      ],
    });
    return events;
  }

  private timestamp(topic: string, ts: string | number | undefined, receivedAt: number): number {
    if (ts === undefined) return receivedAt;
    const ms = typeof ts === 'number' ? (ts < EPOCH_SECONDS_LIMIT ? ts * 1000 : ts) : Date.parse(ts);
    if (Number.isFinite(ms) && ms >= 0 && ms <= 8.64e15) return Math.round(ms);
    this.errors.record(
      'json.bad_timestamp',
      `${topic}: ${String(ts).slice(0, 40)}; used the time of receipt`,
    );
    return receivedAt;
  }

  /** A null value is never good: with no stated quality it is plain Bad. */
  private quality(quality: string | number | undefined, value: number | null): number {
    const stated =
      typeof quality === 'number'
        ? qualityFromDa(quality)
        : quality === 'bad'
          ? Quality.BadSensorFailure
          : quality === 'stale'
            ? Quality.UncertainNoCommunicationLastUsableValue
            : quality === 'uncertain'
              ? Quality.Uncertain
              : Quality.Good;
    return value === null && stated === Quality.Good ? Quality.Bad : stated;
  }
}
