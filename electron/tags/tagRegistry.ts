import {
  sameLimits,
  sameStates,
  type Tag,
  type TagCurrentValue,
  type TagMeta,
  type TagValue,
} from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import type { StoredTag } from '../historian/types.js';

/** A tag's metadata plus what is currently known of it. */
export interface TagState extends StoredTag {
  /** A text for a string tag, else a number. */
  value: TagCurrentValue;
  quality: number;
  ts: number | null;
}

export interface TagStore {
  loadTags(): Promise<StoredTag[]>;
  lastValues(): Promise<{ key: number; ts: number; value: TagCurrentValue; quality: number }[]>;
  upsertTags(tags: StoredTag[]): void;
}

/**
 * Every tag the site has shown us, with its current value. Keys are small integers handed out
 * here and stored by the historian, so samples travel as numbers, not strings. After a restart
 * the last stored values come back flagged "last usable" until the device speaks again.
 */
export class TagRegistry {
  private readonly byId = new Map<string, TagState>();
  private nextKey = 1;

  constructor(
    private readonly store: TagStore,
    private readonly onDiscovered: (tags: TagMeta[]) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const byKey = new Map<number, TagState>();
    for (const tag of await this.store.loadTags()) {
      const state: TagState = { ...tag, value: null, quality: Quality.BadWaitingForInitialData, ts: null };
      this.byId.set(tag.id, state);
      byKey.set(tag.key, state);
      this.nextKey = Math.max(this.nextKey, tag.key + 1);
    }
    for (const last of await this.store.lastValues()) {
      const state = byKey.get(last.key);
      if (!state) continue;
      state.value = last.value;
      state.ts = last.ts;
      state.quality = last.quality >>> 30 === 0 ? Quality.UncertainLastUsableValue : last.quality;
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): TagState | undefined {
    return this.byId.get(id);
  }

  /**
   * Creates a tag, or updates its metadata when a birth or mapping describes it anew. A source
   * that does not know a field (a JSON message has no engineering range) leaves it as it was.
   * Alarm limits live here only, in memory: the next birth after a restart brings them back.
   * An enum's state table is stored with the tag; a tag that is no longer an enum drops it.
   * A change is announced like a discovery, so open windows redraw ranges and limits.
   */
  define(incoming: TagMeta): TagState {
    const existing = this.byId.get(incoming.id);
    if (existing) {
      const meta: TagMeta = {
        ...incoming,
        description: incoming.description || existing.description,
        unit: incoming.unit || existing.unit,
        engLow: incoming.engLow ?? existing.engLow,
        engHigh: incoming.engHigh ?? existing.engHigh,
        limits: incoming.limits ?? existing.limits,
        states: incoming.dataType === 'enum' ? (incoming.states ?? existing.states) : undefined,
      };
      const storedChanged = !sameMeta(existing, meta);
      if (storedChanged || !sameLimits(existing.limits, meta.limits)) {
        Object.assign(existing, meta);
        if (storedChanged) this.store.upsertTags([stored(existing)]);
        this.onDiscovered([metaOf(existing)]);
      }
      return existing;
    }
    const state: TagState = {
      ...incoming,
      key: this.nextKey++,
      value: null,
      quality: Quality.BadWaitingForInitialData,
      ts: null,
    };
    this.byId.set(incoming.id, state);
    this.store.upsertTags([stored(state)]);
    this.onDiscovered([metaOf(state)]);
    return state;
  }

  /** Sets the current value unless the sample is older than what is shown (late data). */
  setCurrent(tag: TagState, ts: number, value: TagCurrentValue, quality: number): boolean {
    if (tag.ts !== null && ts < tag.ts) return false;
    tag.ts = ts;
    tag.value = value;
    tag.quality = quality;
    return true;
  }

  value(id: string): TagValue | null {
    const tag = this.byId.get(id);
    if (!tag) return null;
    return { id: tag.id, value: tag.value, quality: tag.quality, ts: tag.ts ?? 0 };
  }

  list(): Tag[] {
    return [...this.byId.values()].map(({ key: _key, states, ...tag }) =>
      states === undefined ? tag : { ...tag, states },
    );
  }
}

/** What the historian keeps of a tag: its metadata without the alarm limits. */
function stored(tag: TagState): StoredTag {
  const { value: _value, quality: _quality, ts: _ts, limits: _limits, ...meta } = tag;
  return meta;
}

function metaOf(tag: TagState): TagMeta {
  const { key: _key, value: _value, quality: _quality, ts: _ts, states, ...meta } = tag;
  return states === undefined ? meta : { ...meta, states };
}

function sameMeta(a: TagMeta, b: TagMeta): boolean {
  return (
    a.device === b.device &&
    a.name === b.name &&
    a.description === b.description &&
    a.unit === b.unit &&
    a.dataType === b.dataType &&
    a.engLow === b.engLow &&
    a.engHigh === b.engHigh &&
    sameStates(a.states, b.states)
  );
}
