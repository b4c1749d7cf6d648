import type { Database, Statement } from 'better-sqlite3';
import type { AggregateSeries, HistoryResult } from '../../shared/domain.js';
import { AggregateAccumulator } from './aggregates.js';
import { qualitySeverity } from '../../shared/quality.js';
import { M4Accumulator } from './m4.js';
import { migrate } from './migrations/index.js';
import { mergeByTs, SampleTail, type SampleRow } from './sampleTail.js';
import type {
  AggregateQuery,
  ExportPageQuery,
  ExportRow,
  LastValue,
  RangeQuery,
  SampleColumns,
  StoredTag,
} from './types.js';

interface TagRow {
  key: number;
  id: string;
  device: string;
  name: string;
  description: string;
  unit: string;
  data_type: 'number' | 'boolean';
  eng_low: number | null;
  eng_high: number | null;
}

/**
 * The historian's SQLite logic, independent of the worker so that tests can drive it directly.
 * Writes go to the hot tail in one transaction per batch and reach the (tag, ts) tree on merge;
 * a sample for an existing (tag, ts) replaces it, so a redelivered message cannot duplicate.
 */
export class HistorianStore {
  private readonly tail: SampleTail;
  private readonly upsertTag: Statement;
  private readonly rangeRows: Statement;
  private readonly rangeCount: Statement;
  private readonly lastRow: Statement;
  private readonly rowAtOrBefore: Statement;
  private readonly pageRows: Statement;

  /** `maxBytes` caps the file, for small disks: writes beyond it fail as a full disk does. */
  constructor(
    private readonly db: Database,
    options: { maxBytes?: number } = {},
  ) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Ten thousand tags touch ten thousand B-tree leaves per second; keep them in memory.
    db.pragma('cache_size = -65536');
    migrate(db);
    if (options.maxBytes) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
    this.tail = new SampleTail(db);
    this.tail.merge(); // rows left by a crash
    this.upsertTag = db.prepare(`
      INSERT INTO tags (key, id, device, name, description, unit, data_type, eng_low, eng_high, created_ms)
      VALUES (@key, @id, @device, @name, @description, @unit, @dataType, @engLow, @engHigh, @createdMs)
      ON CONFLICT (key) DO UPDATE SET device = excluded.device, name = excluded.name,
        description = excluded.description, unit = excluded.unit, data_type = excluded.data_type,
        eng_low = excluded.eng_low, eng_high = excluded.eng_high`);
    this.rangeRows = db
      .prepare('SELECT ts, value, quality FROM samples WHERE tag_key = ? AND ts >= ? AND ts <= ? ORDER BY ts')
      .raw(true);
    this.rangeCount = db
      .prepare('SELECT COUNT(*) FROM samples WHERE tag_key = ? AND ts >= ? AND ts <= ?')
      .pluck(true);
    this.lastRow = db
      .prepare('SELECT ts, value, quality FROM samples WHERE tag_key = ? ORDER BY ts DESC LIMIT 1')
      .raw(true);
    this.rowAtOrBefore = db
      .prepare(
        'SELECT ts, value, quality FROM samples WHERE tag_key = ? AND ts <= ? ORDER BY ts DESC LIMIT 1',
      )
      .raw(true);
    this.pageRows = db
      .prepare(
        'SELECT ts, value, quality FROM samples WHERE tag_key = ? AND ts > ? AND ts <= ? ORDER BY ts LIMIT ?',
      )
      .raw(true);
  }

  loadTags(): StoredTag[] {
    const rows = this.db.prepare('SELECT * FROM tags ORDER BY key').all() as TagRow[];
    return rows.map((row) => ({
      key: row.key,
      id: row.id,
      device: row.device,
      name: row.name,
      description: row.description,
      unit: row.unit,
      dataType: row.data_type,
      engLow: row.eng_low,
      engHigh: row.eng_high,
    }));
  }

  upsertTags(tags: StoredTag[]): number {
    const now = Date.now();
    this.db.transaction(() => {
      for (const tag of tags) this.upsertTag.run({ ...tag, createdMs: now });
    })();
    return tags.length;
  }

  append(batch: SampleColumns): number {
    this.tail.append(batch);
    return batch.count;
  }

  /** Moves the hot tail into the main tree; the worker calls this every few seconds. */
  mergeTail(): void {
    this.tail.merge();
  }

  queryRange(query: RangeQuery): HistoryResult {
    const { key, tag, from, to, maxPoints } = query;
    const tail = this.tail.range(key, from, to);
    const count = (this.rangeCount.get(key, from, to) as number) + tail.length;
    const rows = mergeByTs(this.rangeRows.iterate(key, from, to) as IterableIterator<SampleRow>, tail);
    if (count <= maxPoints) {
      const points = { ts: [] as number[], value: [] as (number | null)[], quality: [] as number[] };
      for (const [ts, value, quality] of rows) {
        points.ts.push(ts);
        points.value.push(chartValue(value, quality));
        points.quality.push(quality);
      }
      return { tag, from, to, mode: 'raw', points };
    }
    const m4 = new M4Accumulator(from, to, Math.max(1, Math.floor(maxPoints / 4)));
    for (const [ts, value, quality] of rows) m4.add(ts, chartValue(value, quality), quality);
    return { tag, from, to, mode: 'm4', points: m4.finish() };
  }

  /**
   * One page of an export, merged across tags in time order (ties by tag key). Each tag is
   * read from where its previous page ended, so memory stays bounded by the page size.
   */
  exportPage(query: ExportPageQuery): ExportRow[] {
    const rows: ExportRow[] = [];
    for (const key of query.keys) {
      const after = query.after[key] ?? query.from - 1;
      const main = this.pageRows.iterate(key, after, query.to, query.limit) as Iterable<SampleRow>;
      let taken = 0;
      for (const [ts, value, quality] of mergeByTs(main, this.tail.range(key, after + 1, query.to))) {
        if (taken++ === query.limit) break;
        rows.push({ key, ts, value, quality });
      }
    }
    // Each tag contributed its next `limit` rows, so the first `limit` of the merge are exactly
    // the next `limit` rows of the whole export: no tag can have an unread row before them.
    rows.sort((a, b) => a.ts - b.ts || a.key - b.key);
    return rows.length <= query.limit ? rows : rows.slice(0, query.limit);
  }

  /** The newest sample at or before `at`, from the main tree or the tail. */
  valueAt(key: number, at: number): LastValue | null {
    const main = this.rowAtOrBefore.get(key, at) as SampleRow | undefined;
    const tail = this.tail.range(key, main ? main[0] : -1, at).at(-1);
    const row = tail ?? main;
    return row ? { key, ts: row[0], value: row[1], quality: row[2] } : null;
  }

  aggregates(query: AggregateQuery): AggregateSeries {
    const { key, tag, from, to, interval, aggregates } = query;
    const carry = this.valueAt(key, from - 1);
    const accumulator = new AggregateAccumulator(
      from,
      to,
      interval,
      carry && [carry.ts, carry.value, carry.quality],
    );
    const rows = this.rangeRows.iterate(key, from, to) as IterableIterator<SampleRow>;
    for (const [ts, value, quality] of mergeByTs(rows, this.tail.range(key, from, to))) {
      accumulator.add(ts, value, quality);
    }
    return accumulator.finish(tag, aggregates);
  }

  lastValues(): LastValue[] {
    const keys = this.db.prepare('SELECT key FROM tags ORDER BY key').pluck(true).all() as number[];
    const out: LastValue[] = [];
    for (const key of keys) {
      const main = this.lastRow.get(key) as SampleRow | undefined;
      const tail = this.tail.last(key);
      const newest = tail && (!main || tail[0] >= main[0]) ? tail : main;
      if (newest) out.push({ key, ts: newest[0], value: newest[1], quality: newest[2] });
    }
    return out;
  }

  checkpoint(): { walPages: number; checkpointed: number } {
    const [result] = this.db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    return { walPages: result?.log ?? 0, checkpointed: result?.checkpointed ?? 0 };
  }

  close(): void {
    this.tail.merge();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}

/** Bad samples are drawn as gaps: their stored value is kept for export but not charted. */
function chartValue(value: number | null, quality: number): number | null {
  return qualitySeverity(quality) === 'bad' ? null : value;
}
