import type { Database, Statement } from 'better-sqlite3';
import { tagPatternMatcher, type CompressionRule } from '../../../shared/historianSettings.js';
import {
  NO_COMPRESSION,
  StorageCompressionSchema,
  type StorageCompression,
} from '../../../shared/storageCompression.js';
import type { SampleColumns } from '../types.js';
import { createSampleFilter, type SampleFilter } from './sampleFilter.js';

/**
 * Applies each tag's archive compression to appended batches (migration 0005 records which
 * setting shaped which stretch of a tag's history). Tags no rule matches are stored as
 * received, and with no rules at all a batch passes through untouched. A tag's own setting (an
 * engineer's storage deadband, tags.configure) wins over the site's pattern rules.
 */
export class ArchiveCompression {
  private readonly rules: { matches: (tag: string) => boolean; setting: StorageCompression }[];
  private readonly filters = new Map<number, SampleFilter | null>();
  /** Per-tag settings by tag id, over the rules; by id so a tag not stored yet gets it too. */
  private readonly overrides = new Map<string, StorageCompression>();
  private readonly latest: Statement<[number], { since_ms: number; setting: string }>;
  private readonly record: Statement;

  constructor(
    db: Database,
    rules: readonly CompressionRule[],
    private readonly tagIdOf: (key: number) => string | undefined,
  ) {
    this.rules = rules.map((rule) => {
      const matchers = rule.tags.map(tagPatternMatcher);
      return { matches: (tag: string) => matchers.some((m) => m(tag)), setting: rule.setting };
    });
    this.latest = db.prepare(
      'SELECT since_ms, setting FROM tag_compression WHERE tag_key = ? ORDER BY since_ms DESC LIMIT 1',
    );
    this.record = db.prepare(
      'INSERT OR REPLACE INTO tag_compression (tag_key, since_ms, setting) VALUES (?, ?, ?)',
    );
  }

  /** The rows of a batch to archive; the batch itself when nothing is compressed. */
  thin(batch: SampleColumns): SampleColumns {
    if (this.rules.length === 0 && this.overrides.size === 0) return batch;
    const { count, tagKeys, ts, values, qualities } = batch;
    const out: SampleColumns = {
      count: 0,
      tagKeys: new Int32Array(count),
      ts: new Float64Array(count),
      values: new Float64Array(count),
      qualities: new Uint32Array(count),
    };
    const keep = (key: number, t: number, value: number, quality: number) => {
      const i = out.count++;
      out.tagKeys[i] = key;
      out.ts[i] = t;
      out.values[i] = value;
      out.qualities[i] = quality;
    };
    for (let i = 0; i < count; i++) {
      const key = tagKeys[i]!;
      const filter = this.filterOf(key);
      if (!filter) keep(key, ts[i]!, values[i]!, qualities[i]!);
      else {
        const value = values[i]!;
        for (const [t, v, q] of filter.offer([ts[i]!, Number.isNaN(value) ? null : value, qualities[i]!]))
          keep(key, t, v ?? NaN, q);
      }
    }
    return out;
  }

  /** The snapshots the filters hold (the newest sample of each compressed tag), for a shutdown. */
  flush(): SampleColumns {
    const rows: [number, number, number | null, number][] = [];
    for (const [key, filter] of this.filters)
      for (const row of filter?.flush() ?? []) rows.push([key, ...row]);
    return columnsOf(rows);
  }

  /**
   * Sets (or with null, removes) a tag's own setting. The snapshot its old filter holds is
   * archived now and returned, so nothing received before the change is lost to it; the new
   * setting applies from the next sample.
   */
  override(id: string, setting: StorageCompression | null): SampleColumns {
    if (setting === null) this.overrides.delete(id);
    else this.overrides.set(id, setting);
    const rows: [number, number, number | null, number][] = [];
    for (const [key, filter] of this.filters) {
      if (this.tagIdOf(key) !== id) continue;
      for (const row of filter?.flush() ?? []) rows.push([key, ...row]);
      this.filters.delete(key);
    }
    return columnsOf(rows);
  }

  /** The setting a tag is stored with now (recorded in the database the first time it is used). */
  settingOf(key: number): StorageCompression {
    const id = this.tagIdOf(key);
    if (id === undefined) return NO_COMPRESSION;
    return this.overrides.get(id) ?? this.rules.find((rule) => rule.matches(id))?.setting ?? NO_COMPRESSION;
  }

  private filterOf(key: number): SampleFilter | null {
    let filter = this.filters.get(key);
    if (filter === undefined) {
      const setting = this.settingOf(key);
      this.recordIfChanged(key, setting);
      filter = setting.mode === 'none' ? null : createSampleFilter(setting);
      this.filters.set(key, filter);
    }
    return filter;
  }

  private recordIfChanged(key: number, setting: StorageCompression): void {
    const stored = this.latest.get(key);
    const previous =
      stored === undefined
        ? NO_COMPRESSION
        : StorageCompressionSchema.safeParse(JSON.parse(stored.setting)).data;
    if (JSON.stringify(previous) === JSON.stringify(setting)) return;
    // Two changes within one millisecond (an engineer's quick edits) must both be kept.
    const since = Math.max(Date.now(), (stored?.since_ms ?? 0) + 1);
    this.record.run(key, since, JSON.stringify(setting));
  }
}

function columnsOf(rows: readonly [number, number, number | null, number][]): SampleColumns {
  return {
    count: rows.length,
    tagKeys: Int32Array.from(rows, (r) => r[0]),
    ts: Float64Array.from(rows, (r) => r[1]),
    values: Float64Array.from(rows, (r) => r[2] ?? NaN),
    qualities: Uint32Array.from(rows, (r) => r[3]),
  };
}
