import type { EnumState, TagDataType } from '../../shared/domain.js';
import { JsonSamplePayloadSchema, type JsonSamplePayload } from '../../shared/sitePayloads.js';
import { Quality, qualityFromDa } from '../../shared/quality.js';
import { parseStateTable } from '../../shared/stateTable.js';
import type { InputErrors } from './inputErrors.js';
import type { DeviceRef, IngestEvent } from './ingestEvents.js';

/**
 * The shipped plain-JSON mapping: `{prefix}/{area}/{device}/{tag}` carrying one value per
 * message. Configurable mappings (nested paths, arrays, many tags per message) replace this in
 * issue #4; the decoding rules for values, timestamps and quality stay.
 */
export const MAX_JSON_BYTES = 256 * 1024;

const EPOCH_SECONDS_LIMIT = 1e11; // numbers below this are seconds, above are milliseconds

/** What the decoder last announced of a tag, so it announces again only on a change. */
interface KnownTag {
  unit: string;
  dataType: TagDataType;
  /** The `states` text as last sent, and the table read from it. */
  statesText: string | undefined;
  states: EnumState[];
}

export class JsonDecoder {
  private readonly knownTags = new Map<string, KnownTag>();

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
    const ref: DeviceRef = { id: `${area}/${device}`, area, protocol: 'json' };
    const tag = `${ref.id}/${rest.join('/')}`;
    const receivedAt = this.now();
    const parsed = JsonSamplePayloadSchema.safeParse(json);
    const known = this.knownTags.get(tag);
    if (!parsed.success) {
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        this.errors.record('json.not_object', `${topic}: ${JSON.stringify(json).slice(0, 80)}`);
        return [];
      }
      const onValue = parsed.error.issues.some((issue) => issue.path[0] === 'value');
      const cause = !onValue ? 'json.bad_field' : notValueCause(known?.dataType);
      this.errors.record(cause, `${topic}: ${JSON.stringify(json).slice(0, 80)}`);
      return [mismatch(ref, tag, receivedAt, known?.dataType)];
    }
    const payload = parsed.data;
    const { value } = payload;
    // A text on a numeric tag, or a number on a string tag: the tag keeps its type.
    if (known && value !== null && (known.dataType === 'string') !== (typeof value === 'string')) {
      this.errors.record(notValueCause(known.dataType), `${topic}: ${JSON.stringify(value).slice(0, 80)}`);
      return [mismatch(ref, tag, this.timestamp(topic, payload.ts, receivedAt), known.dataType)];
    }
    const events: IngestEvent[] = [];
    const { described, changed } = this.describe(topic, tag, payload, known);
    if (changed) {
      events.push({
        kind: 'tags',
        device: ref,
        tags: [
          {
            id: tag,
            device: ref.id,
            name: rest.join('/'),
            description: payload.sensor_id ? `sensor ${payload.sensor_id}` : '',
            unit: described.unit,
            dataType: described.dataType,
            engLow: null,
            engHigh: null,
            ...(described.dataType === 'enum' ? { states: described.states } : {}),
          },
        ],
      });
    }
    const ts = this.timestamp(topic, payload.ts, receivedAt);
    if (described.dataType === 'string') {
      const text = typeof value === 'string' ? value : null;
      const quality = this.quality(payload.quality, text);
      events.push({ kind: 'texts', device: ref, texts: [{ tag, ts, text, quality }] });
      return events;
    }
    const number = typeof value === 'boolean' ? Number(value) : typeof value === 'number' ? value : null;
    events.push({
      kind: 'samples',
      device: ref,
      samples: [{ tag, ts, value: number, quality: this.quality(payload.quality, number) }],
    });
    return events;
  }

  /**
   * What this message says the tag is, and whether that differs from what was last announced
   * (or the tag is new). A tag first seen with a text is a string tag; an integer with a
   * `states` table is an enum tag, whose table holds until a message sends another one.
   */
  private describe(
    topic: string,
    tag: string,
    payload: JsonSamplePayload,
    known: KnownTag | undefined,
  ): { described: KnownTag; changed: boolean } {
    const { value } = payload;
    const unit = payload.unit ?? '';
    let states = known?.states ?? [];
    let statesText = known?.statesText;
    if (payload.states !== undefined && payload.states !== statesText) {
      const parsed = parseStateTable(payload.states);
      if (parsed.invalid.length > 0)
        this.errors.record('json.invalid_states', `${topic}: ${parsed.invalid.join('; ').slice(0, 80)}`);
      statesText = payload.states;
      states = parsed.states;
    }
    let dataType: TagDataType;
    if (known?.dataType === 'string' || typeof value === 'string') dataType = 'string';
    else if (typeof value === 'boolean') dataType = 'boolean';
    else if (states.length > 0 && (value === null || Number.isInteger(value))) dataType = 'enum';
    else dataType = value === null && known ? known.dataType : 'number';
    const described: KnownTag = { unit, dataType, statesText, states };
    const changed =
      !known ||
      known.unit !== unit ||
      known.dataType !== dataType ||
      (dataType === 'enum' && known.statesText !== statesText);
    this.knownTags.set(tag, described);
    return { described, changed };
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
  private quality(quality: string | number | undefined, value: number | string | null): number {
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

function notValueCause(dataType: TagDataType | undefined): string {
  return dataType === 'string' ? 'json.value_not_text' : 'json.value_not_number';
}

/** A value of the wrong kind is recorded as bad, in the kind of the tag it was sent for. */
function mismatch(ref: DeviceRef, tag: string, ts: number, dataType: TagDataType | undefined): IngestEvent {
  const quality = Quality.BadTypeMismatch;
  return dataType === 'string'
    ? { kind: 'texts', device: ref, texts: [{ tag, ts, text: null, quality }] }
    : { kind: 'samples', device: ref, samples: [{ tag, ts, value: null, quality }] };
}
