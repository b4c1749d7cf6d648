import { type Tag, type TagCurrentValue, type TagMeta, type TagValue } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import type { StoredTag } from '../historian/types.js';
import type { TagConfig } from '../../shared/tagConfig.js';
import { effectiveMeta, sameMeta, sameStoredMeta } from './effectiveMeta.js';

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
 *
 * Each tag's metadata is what its device describes (kept apart, and what the historian stores)
 * with an engineer's configuration laid over it (see effectiveMeta.ts): a birth updates the
 * first, tags.configure the second, and whoever reads the tag sees the two combined.
 */
export class TagRegistry {
  private readonly byId = new Map<string, TagState>();
  /** What the sources described, by tag id: the layer under the engineers' configuration. */
  private readonly discovered = new Map<string, TagMeta>();
  private readonly configs = new Map<string, TagConfig>();
  private nextKey = 1;

  constructor(
    private readonly store: TagStore,
    private readonly onDiscovered: (tags: TagMeta[]) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const byKey = new Map<number, TagState>();
    for (const tag of await this.store.loadTags()) {
      const { key: _key, ...meta } = tag;
      this.discovered.set(tag.id, meta);
      const state: TagState = {
        ...effectiveMeta(meta, this.configs.get(tag.id)),
        key: tag.key,
        value: null,
        quality: Quality.BadWaitingForInitialData,
        ts: null,
      };
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

  /** What the tag's device describes, without any configuration. */
  discoveredMeta(id: string): TagMeta | undefined {
    return this.discovered.get(id);
  }

  /**
   * Creates a tag, or updates its metadata when a birth or mapping describes it anew. A source
   * that does not know a field (a JSON message has no engineering range) leaves it as it was.
   * Alarm limits live here only, in memory: the next birth after a restart brings them back.
   * An enum's state table is stored with the tag; a tag that is no longer an enum drops it.
   * A change that shows (configured fields hide the device's) is announced like a discovery,
   * so open windows redraw ranges and limits.
   */
  define(incoming: TagMeta): TagState {
    const existing = this.byId.get(incoming.id);
    const before = this.discovered.get(incoming.id);
    if (existing && before) {
      const discovered: TagMeta = {
        ...incoming,
        description: incoming.description || before.description,
        unit: incoming.unit || before.unit,
        engLow: incoming.engLow ?? before.engLow,
        engHigh: incoming.engHigh ?? before.engHigh,
        limits: incoming.limits ?? before.limits,
        states: incoming.dataType === 'enum' ? (incoming.states ?? before.states) : undefined,
        // A birth describes writability whole: not saying so now means read-only now.
        writable: incoming.writable,
      };
      this.discovered.set(incoming.id, discovered);
      if (!sameStoredMeta(before, discovered))
        this.store.upsertTags([{ ...stored(discovered), key: existing.key }]);
      this.refresh(existing);
      return existing;
    }
    this.discovered.set(incoming.id, incoming);
    const state: TagState = {
      ...effectiveMeta(incoming, this.configs.get(incoming.id)),
      key: this.nextKey++,
      value: null,
      quality: Quality.BadWaitingForInitialData,
      ts: null,
    };
    this.byId.set(incoming.id, state);
    this.store.upsertTags([{ ...stored(incoming), key: state.key }]);
    this.onDiscovered([metaOf(state)]);
    return state;
  }

  /**
   * Lays an engineer's configuration over a tag (none: it follows its device again), at once
   * and announced to every client. A configuration for a tag not seen yet waits for it.
   * Answers the tag as it now reads, or undefined when it is not known.
   */
  configure(id: string, config: TagConfig | null): TagMeta | undefined {
    if (config === null) this.configs.delete(id);
    else this.configs.set(id, config);
    const state = this.byId.get(id);
    if (!state) return undefined;
    this.refresh(state);
    return metaOf(state);
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
    return [...this.byId.values()].map((tag) => ({
      ...metaOf(tag),
      value: tag.value,
      quality: tag.quality,
      ts: tag.ts,
    }));
  }

  /** Recomputes a tag's metadata from its layers; announces it when what shows has changed. */
  private refresh(state: TagState): void {
    const discovered = this.discovered.get(state.id);
    if (!discovered) return;
    const meta = effectiveMeta(discovered, this.configs.get(state.id));
    if (sameMeta(state, meta)) return;
    Object.assign(state, meta, {
      limits: meta.limits,
      states: meta.states,
      decimals: meta.decimals,
      writable: meta.writable,
    });
    this.onDiscovered([metaOf(state)]);
  }
}

/** What the historian keeps of a tag: what its device describes, without limits or writability. */
function stored(meta: TagMeta): TagMeta {
  const { limits: _limits, decimals: _decimals, writable: _writable, ...rest } = meta;
  return rest;
}

function metaOf(tag: TagState): TagMeta {
  const { key: _key, value: _value, quality: _quality, ts: _ts, states, decimals, writable, ...meta } = tag;
  return {
    ...meta,
    ...(states === undefined ? {} : { states }),
    ...(decimals === undefined ? {} : { decimals }),
    ...(writable === undefined ? {} : { writable }),
  };
}
