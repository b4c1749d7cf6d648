import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { AuditRecord } from '../../../shared/sync.js';
import type { DecodedBatch } from '../wire.js';

/**
 * The reference receiver's SQLite file: every batch once, keyed by (site, outbox, stream, seq),
 * its records by (batch, line), and the drops the sites announced. The key lives in the file, so
 * a receiver restarted on the same file still recognises a resent batch as a duplicate. Records
 * read back in order per stream by (seq, line), whatever order the batches arrived in.
 *
 * Synchronous SQLite on purpose: the receiver is its own small process with nothing else to
 * serve, and committing before the message handler returns means mqtt.js sends the PUBACK only
 * after the batch is on disk (a crash before that leaves it with the broker to deliver again).
 */
export class ReceiverStore {
  private readonly db: Db;
  private readonly insertBatch: Statement;
  private readonly insertRecord: Statement;
  private readonly insertDrop: Statement;
  private readonly bump: Statement;
  private readonly again: Statement;
  /** Order of arrival of new batches over all streams (1, 2, 3 …), kept in the file. */
  private arrival: number;
  private readonly storeNow: (site: string, batch: DecodedBatch, now: number) => boolean;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Others may read the file while the receiver writes (a report, a test).
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS batches (
        site TEXT NOT NULL, outbox TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL,
        station TEXT NOT NULL, count INTEGER NOT NULL, first_at INTEGER NOT NULL,
        last_at INTEGER NOT NULL, received_ms INTEGER NOT NULL,
        arrival INTEGER NOT NULL, copies INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (site, outbox, stream, seq)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS records (
        site TEXT NOT NULL, outbox TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL,
        line INTEGER NOT NULL, at INTEGER NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (site, outbox, stream, seq, line)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS drops (
        site TEXT NOT NULL, outbox TEXT NOT NULL, stream TEXT NOT NULL,
        from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL, records INTEGER NOT NULL,
        PRIMARY KEY (site, outbox, stream, from_seq, to_seq)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, count INTEGER NOT NULL);
    `);
    this.insertBatch = this.db.prepare(`INSERT OR IGNORE INTO batches
      VALUES (@site, @outbox, @stream, @seq, @station, @count, @firstAtMs, @lastAtMs, @now, @arrival, 1)`);
    this.again = this.db.prepare(`UPDATE batches SET copies = copies + 1
      WHERE site = @site AND outbox = @outbox AND stream = @stream AND seq = @seq`);
    this.arrival =
      (this.db.prepare('SELECT MAX(arrival) AS n FROM batches').get() as { n: number | null }).n ?? 0;
    this.insertRecord = this.db.prepare(`INSERT INTO records
      VALUES (@site, @outbox, @stream, @seq, @line, @at, @json)`);
    this.insertDrop = this.db.prepare(`INSERT OR IGNORE INTO drops
      VALUES (@site, @outbox, @stream, @fromSeq, @toSeq, @records)`);
    this.bump = this.db.prepare(`INSERT INTO counters VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET count = count + excluded.count`);
    this.storeNow = this.db.transaction((site: string, batch: DecodedBatch, now: number) => {
      const { header, records, invalid } = batch;
      const key = { site, outbox: header.outbox, stream: header.stream, seq: header.seq };
      if (this.insertBatch.run({ ...header, ...key, now, arrival: this.arrival + 1 }).changes === 0) {
        this.again.run(key);
        this.bump.run('duplicate_batches', 1);
        return false;
      }
      records.forEach((record, line) => {
        const at = (record as { at: number }).at;
        this.insertRecord.run({ ...key, line, at, json: JSON.stringify(record) });
        const dropped = header.stream === 'audit' ? (record as AuditRecord).dropped : undefined;
        if (dropped) this.insertDrop.run({ site, outbox: header.outbox, ...dropped });
      });
      if (invalid.length > 0) this.bump.run('invalid_records', invalid.length);
      this.arrival++;
      return true;
    });
  }

  /** Stores a batch unless (site, outbox, stream, seq) is already here; true when it was new. */
  store(site: string, batch: DecodedBatch, now = Date.now()): boolean {
    return this.storeNow(site, batch, now);
  }

  /** Counts something that was refused (a payload that is not a batch, a topic that lies). */
  count(name: string): void {
    this.bump.run(name, 1);
  }

  counters(): Record<string, number> {
    const rows = this.db.prepare('SELECT name, count FROM counters').all() as {
      name: string;
      count: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.count]));
  }

  /** Each sequence space's batches and records as received (site, outbox, stream). */
  streams(): {
    site: string;
    outbox: string;
    stream: string;
    batches: number;
    records: number;
    maxSeq: number;
  }[] {
    return this.db
      .prepare(
        `SELECT site, outbox, stream, COUNT(*) AS batches, SUM(count) AS records, MAX(seq) AS maxSeq
         FROM batches GROUP BY site, outbox, stream ORDER BY site, outbox, stream`,
      )
      .all() as ReturnType<ReceiverStore['streams']>;
  }

  /** Each batch of one stream in seq order: when it first arrived (over all streams) and how often. */
  batches(site: string, stream: string): { outbox: string; seq: number; arrival: number; copies: number }[] {
    return this.db
      .prepare(
        'SELECT outbox, seq, arrival, copies FROM batches WHERE site = ? AND stream = ? ORDER BY outbox, seq',
      )
      .all(site, stream) as ReturnType<ReceiverStore['batches']>;
  }

  /** Records of one stream of one site, in order (seq, then line), parsed. */
  records(site: string, stream: string): unknown[] {
    const rows = this.db
      .prepare('SELECT json FROM records WHERE site = ? AND stream = ? ORDER BY outbox, seq, line')
      .all(site, stream) as { json: string }[];
    return rows.map((row) => JSON.parse(row.json) as unknown);
  }

  /**
   * Missing seqs per sequence space, from 1 to the highest received: `dropped` when the site's
   * audit stream announced that range as dropped, `lost` otherwise (or still on its way).
   */
  gaps(): Gap[] {
    const rows = this.db
      .prepare(
        `SELECT site, outbox, stream, seq,
           LAG(seq, 1, 0) OVER (PARTITION BY site, outbox, stream ORDER BY seq) AS prev
         FROM batches`,
      )
      .all() as { site: string; outbox: string; stream: string; seq: number; prev: number }[];
    const drops = this.db.prepare('SELECT * FROM drops').all() as {
      site: string;
      outbox: string;
      stream: string;
      from_seq: number;
      to_seq: number;
    }[];
    return rows
      .filter((row) => row.seq - row.prev > 1)
      .flatMap((row) => {
        const ranges = drops
          .filter((d) => d.site === row.site && d.outbox === row.outbox && d.stream === row.stream)
          .map((d) => [d.from_seq, d.to_seq] as const);
        return split(row.prev + 1, row.seq - 1, ranges).map((part) => ({
          site: row.site,
          outbox: row.outbox,
          stream: row.stream,
          ...part,
        }));
      });
  }

  close(): void {
    this.db.close();
  }
}

export interface Gap {
  site: string;
  outbox: string;
  stream: string;
  fromSeq: number;
  toSeq: number;
  kind: 'dropped' | 'lost';
}

/** Splits [from, to] into the parts covered by the drop ranges and the parts that are not. */
function split(
  from: number,
  to: number,
  drops: readonly (readonly [number, number])[],
): { fromSeq: number; toSeq: number; kind: Gap['kind'] }[] {
  const parts: { fromSeq: number; toSeq: number; kind: Gap['kind'] }[] = [];
  const push = (fromSeq: number, toSeq: number, kind: Gap['kind']) => {
    const last = parts.at(-1);
    if (last && last.kind === kind && last.toSeq + 1 === fromSeq) last.toSeq = toSeq;
    else parts.push({ fromSeq, toSeq, kind });
  };
  let at = from;
  for (const [a, b] of [...drops].sort((x, y) => x[0] - y[0])) {
    if (b < at || a > to) continue;
    if (a > at) push(at, a - 1, 'lost');
    push(Math.max(a, at), Math.min(b, to), 'dropped');
    at = Math.min(b, to) + 1;
    if (at > to) break;
  }
  if (at <= to) push(at, to, 'lost');
  return parts;
}
