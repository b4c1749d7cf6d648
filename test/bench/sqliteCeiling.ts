import Database from 'better-sqlite3';
import { createPlant } from '../../electron/simulator/plantModel.js';
import { historianMigrations, migrate } from '../../electron/historian/migrations/index.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, type BenchResult } from './benchResult.js';

/**
 * The raw SQLite ceiling: the demo plant's rows written straight into the historian's schema
 * with batched, prepared, transactional better-sqlite3 inserts on one thread — no MQTT, no
 * decoding, no worker hop. What ingest achieves is reported as a fraction of this.
 */
export function measureSqliteCeiling(rows = 1_000_000): BenchResult {
  const plant = createPlant({ devices: 100, tagsPerDevice: 100, seed: 7, startMs: Date.UTC(2026, 0, 1) });
  const tagKeys = new Int32Array(rows);
  const ts = new Float64Array(rows);
  const values = new Float64Array(rows);
  let n = 0;
  for (let step = 0; n < rows; step++) {
    const now = Date.UTC(2026, 0, 1) + step * 100;
    let key = 0;
    for (const device of plant.step(now)) {
      for (const tag of device.values) {
        key++;
        if (n >= rows || !device.online) continue;
        tagKeys[n] = key;
        ts[n] = now;
        values[n] = typeof tag.value === 'boolean' ? Number(tag.value) : tag.value;
        n++;
      }
    }
  }
  const dir = makeTempDir('wk-bench-sqlite-');
  const db = new Database(`${dir.path}/ceiling.db`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, historianMigrations);
  const insert = db.prepare(
    'INSERT OR REPLACE INTO samples (tag_key, ts, value, quality) VALUES (?, ?, ?, ?)',
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(tagKeys[i], ts[i], values[i], 0);
  });
  const started = performance.now();
  for (let i = 0; i < rows; i += 16_384) batch(i, Math.min(rows, i + 16_384));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  dir.remove();
  return {
    name: 'ingest.sqlite_ceiling_rows_per_s',
    value: round(rows / seconds, 0),
    unit: 'rows/s',
    note: `${rows} rows, one thread`,
  };
}
