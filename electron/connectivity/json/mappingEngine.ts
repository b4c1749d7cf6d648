import type { TagMeta } from '../../../shared/domain.js';
import { MAX_STATE_TABLE_CHARS } from '../../../shared/stateTable.js';
import { Quality } from '../../../shared/quality.js';
import { coveringFilters } from '../../../shared/topicFilters.js';
import type { DecodedSample, DecodedText, DeviceRef, IngestEvent } from '../ingestEvents.js';
import {
  matchTopic,
  render,
  type CompiledPoint,
  type CompiledRule,
  type TemplateScope,
} from './compiledRules.js';
import { readQuality, readTimestamp, sampleQuality } from './fieldReaders.js';
import { findAll, readAt, type PathMatch } from './pathEval.js';
import { describeTag, type KnownTag } from './tagKinds.js';
import { cleanLevelName, cleanTagName, MAX_TAG_ID, type CleanName } from './tagNames.js';

/** Largest payload read; a longer one is refused before it is parsed, and counted. */
export const MAX_JSON_BYTES = 256 * 1024;
const MAX_UNIT = 32;

/** Where rejected input is counted (InputErrors, or the preview's list of problems). */
export interface ErrorRecorder {
  record(cause: string, detail: string): void;
}

type Value = number | boolean | string | null;

/** What one message produced, gathered into one event per kind. */
class MessageEvents {
  readonly tags: TagMeta[] = [];
  readonly samples: DecodedSample[] = [];
  readonly texts: DecodedText[] = [];

  constructor(readonly ref: DeviceRef) {}

  events(): IngestEvent[] {
    const events: IngestEvent[] = [];
    const device = this.ref;
    if (this.tags.length > 0) events.push({ kind: 'tags', device, tags: this.tags });
    if (this.samples.length > 0) events.push({ kind: 'samples', device, samples: this.samples });
    if (this.texts.length > 0) events.push({ kind: 'texts', device, texts: this.texts });
    return events;
  }
}

/**
 * Plain-JSON mapping engine: the first rule whose topic pattern matches a message reads it
 * (rules are in the engineer's order), and each of the rule's points yields one tag per value
 * its path finds. Nothing a device sends can make it throw: every problem is counted with its
 * cause, the tag is recorded as bad where one can be named, and the rest of the message, and
 * every later message, is still read. Rules swap at once with `setRules`; what the engine has
 * learnt about each tag's type stays.
 */
export class JsonMappingEngine {
  private rules: readonly CompiledRule[] = [];
  private readonly knownTags = new Map<string, KnownTag>();
  /**
   * A site publishes on the same topics again and again: which rule each goes to, and the
   * derived names made legal, are kept rather than worked out per message (bounded: emptied
   * when full, and the topics whenever the rules change).
   */
  private readonly topicRules = new Map<string, RuleMatch | null>();
  private readonly cleanNames = new Map<string, CleanName | null>();

  constructor(
    private readonly errors: ErrorRecorder,
    private readonly now: () => number = Date.now,
    private readonly onUnmatched: (topic: string, bytes: Uint8Array) => void = () => {},
  ) {}

  setRules(rules: readonly CompiledRule[]): void {
    this.rules = rules;
    this.topicRules.clear();
  }

  /** What the rules read: their subscriptions, none covered by another. */
  topicFilters(): string[] {
    return coveringFilters(this.rules.map((rule) => rule.filter));
  }

  /** The rule a topic goes to, with its captures. */
  ruleFor(topic: string): RuleMatch | null {
    const known = this.topicRules.get(topic);
    if (known !== undefined) return known;
    const levels = topic.split('/');
    let found: RuleMatch | null = null;
    for (const rule of this.rules) {
      const captures = matchTopic(rule.levels, levels);
      if (captures) {
        found = { rule, captures };
        break;
      }
    }
    if (topic.length <= MAX_CACHED_KEY) remember(this.topicRules, topic, found);
    return found;
  }

  handle(topic: string, bytes: Uint8Array): IngestEvent[] {
    const match = this.ruleFor(topic);
    if (!match) {
      this.errors.record('topic.unmapped', `${topic.slice(0, 120)} matches no mapping rule`);
      this.onUnmatched(topic, bytes);
      return [];
    }
    return this.apply(match.rule, match.captures, topic, bytes);
  }

  private apply(
    rule: CompiledRule,
    captures: Map<string, string>,
    topic: string,
    bytes: Uint8Array,
  ): IngestEvent[] {
    const where = topic.slice(0, 120);
    if (bytes.byteLength > MAX_JSON_BYTES) {
      this.errors.record(
        'json.too_large',
        `${where}: ${bytes.byteLength} bytes, more than ${MAX_JSON_BYTES}`,
      );
      return [];
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch {
      this.errors.record('json.invalid', `${where}: payload is not JSON`);
      return [];
    }
    const isObject = typeof root === 'object' && root !== null;
    if (!isObject || (Array.isArray(root) && !rule.arrayRoot)) {
      this.errors.record('json.not_object', `${where}: ${text.slice(0, 80)}`);
      return [];
    }
    const scope: TemplateScope = { captures, root, keys: [] };
    const ref = this.deviceRef(rule, scope, where);
    if (!ref) return [];
    const out = new MessageEvents(ref);
    const receivedAt = this.now();
    let budget = rule.maxTags;
    let dropped = false;
    for (const point of rule.points) {
      const matches = this.matches(point, root, budget + 1, where);
      if (matches.length > budget) {
        dropped = true;
        matches.length = budget;
      }
      budget -= matches.length;
      for (const match of matches)
        this.point(point, match, { ...scope, keys: match.keys }, out, receivedAt, where);
    }
    if (dropped)
      this.errors.record(
        'json.too_many_tags',
        `${where}: rule "${rule.name}" makes at most ${rule.maxTags} tags of one message; dropped the rest`,
      );
    return out.events();
  }

  private deviceRef(rule: CompiledRule, scope: TemplateScope, where: string): DeviceRef | null {
    const names: string[] = [];
    for (const [label, template] of [
      ['area', rule.area],
      ['device', rule.device],
    ] as const) {
      const rendered = render(template, scope);
      const clean = 'text' in rendered ? this.clean(rendered.text, cleanLevelName, '\u0000') : null;
      if (!clean) {
        const why = 'missing' in rendered ? rendered.missing : 'it is empty';
        this.errors.record('json.no_device_name', `${where}: no ${label} name: ${why}`);
        return null;
      }
      if (clean.changed)
        this.errors.record('json.name_sanitised', `${where}: ${label} name made ${clean.name}`);
      names.push(clean.name);
    }
    const [area, device] = names as [string, string];
    const ref: DeviceRef = { id: `${area}/${device}`, area, protocol: 'json' };
    if (rule.staleAfterMs !== undefined) ref.staleAfterMs = rule.staleAfterMs;
    return ref;
  }

  /** A derived name made legal, from the cache when it was seen before. */
  private clean(raw: string, cleaner: (raw: string) => CleanName | null, kind: string): CleanName | null {
    const key = kind + raw;
    let clean = this.cleanNames.get(key);
    if (clean === undefined) {
      clean = cleaner(raw);
      if (raw.length <= MAX_CACHED_KEY) remember(this.cleanNames, key, clean);
    }
    return clean;
  }

  /** A path without wildcards names one tag even when its value is missing: that is recorded as bad. */
  private matches(point: CompiledPoint, root: unknown, limit: number, where: string): PathMatch[] {
    if (point.value.wildcards === 0) return [{ value: readAt(root, point.value, []), keys: [] }];
    const found = findAll(root, point.value, limit);
    if (found.length === 0)
      this.errors.record('json.path_no_match', `${where}: nothing at ${pathText(point)}`);
    return found;
  }

  private point(
    point: CompiledPoint,
    match: PathMatch,
    scope: TemplateScope,
    out: MessageEvents,
    receivedAt: number,
    where: string,
  ): void {
    const tag = this.tagId(point, scope, out.ref, where);
    if (!tag) return;
    const { value } = match;
    const known = this.knownTags.get(tag.id);
    const fields = this.fields(point, scope);
    const valueOk = value === null || ['number', 'boolean', 'string'].includes(typeof value);
    if (!valueOk || !fields.ok) {
      const cause = !valueOk ? notValueCause(known?.dataType) : 'json.bad_field';
      const detail = !valueOk ? describeValue(value) : fields.problem;
      this.errors.record(cause, `${where}: ${tag.id}: ${detail}`);
      mismatch(out, tag.id, receivedAt, known?.dataType);
      return;
    }
    const sent = value as Value;
    const ts = this.timestamp(fields.ts, point, receivedAt, where);
    // A text on a numeric tag, or a number on a string tag: the tag keeps its type.
    if (known && sent !== null && (known.dataType === 'string') !== (typeof sent === 'string')) {
      this.errors.record(notValueCause(known.dataType), `${where}: ${tag.id}: ${describeValue(sent)}`);
      mismatch(out, tag.id, ts, known.dataType);
      return;
    }
    const { described, changed, invalidStates } = describeTag(sent, fields, known);
    if (invalidStates.length > 0)
      this.errors.record('json.invalid_states', `${where}: ${invalidStates.join('; ').slice(0, 80)}`);
    this.knownTags.set(tag.id, described);
    if (changed) {
      out.tags.push({
        id: tag.id,
        device: out.ref.id,
        name: tag.name,
        description: described.description,
        unit: described.unit,
        dataType: described.dataType,
        engLow: null,
        engHigh: null,
        ...(described.dataType === 'enum' ? { states: described.states } : {}),
      });
    }
    if (described.dataType === 'string') {
      const text = typeof sent === 'string' ? sent : null;
      out.texts.push({ tag: tag.id, ts, text, quality: sampleQuality(fields.quality, text) });
      return;
    }
    const number = typeof sent === 'boolean' ? Number(sent) : typeof sent === 'number' ? sent : null;
    out.samples.push({ tag: tag.id, ts, value: number, quality: sampleQuality(fields.quality, number) });
  }

  private tagId(point: CompiledPoint, scope: TemplateScope, ref: DeviceRef, where: string) {
    const rendered = render(point.tag, scope);
    if ('missing' in rendered) {
      const cause = rendered.tooLong ? 'json.bad_tag_name' : 'json.no_tag_name';
      this.errors.record(cause, `${where}: cannot name a tag: ${rendered.missing}`);
      return null;
    }
    const clean = this.clean(rendered.text, cleanTagName, '');
    const id = clean && `${ref.id}/${clean.name}`;
    if (!clean || !id || id.length > MAX_TAG_ID) {
      this.errors.record('json.bad_tag_name', `${where}: "${rendered.text.slice(0, 60)}" cannot name a tag`);
      return null;
    }
    if (clean.changed) this.errors.record('json.name_sanitised', `${where}: tag name made ${clean.name}`);
    return { id, name: clean.name };
  }

  /** The point's fields beside its value; any that breaks the format makes the value bad. */
  private fields(point: CompiledPoint, scope: TemplateScope) {
    const unit = point.unit ? render(point.unit, scope) : { text: '' };
    const description = point.description ? render(point.description, scope) : { text: '' };
    const rawQuality = point.quality ? readAt(scope.root, point.quality.path, scope.keys) : undefined;
    const quality = readQuality(rawQuality, point.quality?.map);
    const ts = point.timestamp ? readAt(scope.root, point.timestamp.path, scope.keys) : undefined;
    const states = point.states ? readAt(scope.root, point.states, scope.keys) : undefined;
    const problem =
      'missing' in unit && unit.tooLong
        ? `unit: ${unit.missing}`
        : 'text' in unit && unit.text.length > MAX_UNIT
          ? `unit is longer than ${MAX_UNIT} characters`
          : 'missing' in description && description.tooLong
            ? `description: ${description.missing}`
            : quality === null
              ? `quality ${describeValue(rawQuality)} is not one the rule knows`
              : ts !== undefined && typeof ts !== 'string' && typeof ts !== 'number'
                ? `timestamp ${describeValue(ts)} is not text or a number`
                : typeof ts === 'string' && ts.length > 64
                  ? 'timestamp text is longer than 64 characters'
                  : states !== undefined &&
                      (typeof states !== 'string' || states.length > MAX_STATE_TABLE_CHARS)
                    ? 'states is not a state table text'
                    : null;
    if (problem !== null) return { ok: false as const, problem };
    return {
      ok: true as const,
      unit: 'text' in unit ? unit.text : '',
      description: 'text' in description ? description.text : '',
      quality: quality ?? undefined,
      ts,
      states: states as string | undefined,
    };
  }

  private timestamp(raw: unknown, point: CompiledPoint, receivedAt: number, where: string): number {
    const ms = readTimestamp(raw, point.timestamp?.format ?? 'auto');
    if (ms === undefined) return receivedAt;
    if (ms !== null) return ms;
    this.errors.record('json.bad_timestamp', `${where}: ${describeValue(raw)}; used the time of receipt`);
    return receivedAt;
  }
}

interface RuleMatch {
  rule: CompiledRule;
  captures: Map<string, string>;
}

const MAX_CACHED = 50_000;
const MAX_CACHED_KEY = 512;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
}

function notValueCause(dataType: string | undefined): string {
  return dataType === 'string' ? 'json.value_not_text' : 'json.value_not_number';
}

/** A value of the wrong kind is recorded as bad, in the kind of the tag it was sent for. */
function mismatch(out: MessageEvents, tag: string, ts: number, dataType: string | undefined): void {
  const quality = Quality.BadTypeMismatch;
  if (dataType === 'string') out.texts.push({ tag, ts, text: null, quality });
  else out.samples.push({ tag, ts, value: null, quality });
}

/** A short, safe description of a payload value for the log (never the whole of a large one). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value).slice(0, 40);
}

function pathText(point: CompiledPoint): string {
  return point.value.steps
    .map((step) =>
      step.kind === 'wildcard' ? '[*]' : step.kind === 'index' ? `[${step.index}]` : `.${step.name}`,
    )
    .join('')
    .replace(/^/, '$');
}
