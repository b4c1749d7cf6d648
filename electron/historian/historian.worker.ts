import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { serveWorker, Transfer, workerLog, type WorkerHandlers } from '../platform/workerHost.js';
import { rawRows } from '../export/csvFormat.js';
import type { HistorianSettings } from '../../shared/historianSettings.js';
import { HistorianStore } from './historianStore.js';
import { historyBuffers } from './packedSeries.js';
import { RetentionPlan } from './retention.js';
import { guardBatch } from './sampleGuard.js';
import type { HistorianWorkerApi } from './types.js';

/**
 * The historian's worker thread: owns the SQLite connection so that no write or query ever runs
 * on the thread that answers the window. A file that SQLite cannot read as a database is moved
 * aside (never deleted) and a fresh one is started, so a damaged disk does not stop the plant's
 * data from being recorded.
 */
const { path, maxBytes, nativeBinding, retention } = workerData as {
  path: string;
  maxBytes?: number;
  nativeBinding?: string;
  retention?: Pick<HistorianSettings, 'retention' | 'classes' | 'warnAt' | 'compression'>;
};
const open = () => new Database(path, nativeBinding ? { nativeBinding } : {});
const storeOptions = {
  maxBytes,
  retention: new RetentionPlan(retention),
  warnAt: retention?.warnAt,
  compression: retention?.compression,
};

function openStore(): HistorianStore {
  try {
    return new HistorianStore(open(), storeOptions);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes(code) || !existsSync(path)) throw error;
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    }
    workerLog(
      'error',
      `historian file ${path} is damaged (${code}); kept it as ${aside} and started a new one`,
    );
    return new HistorianStore(open(), storeOptions);
  }
}

/**
 * How often the hot tail moves into the main tree, and the WAL is checkpointed. With
 * synchronous=NORMAL a commit reaches the disk at the next checkpoint, so this also bounds
 * what a power cut can take back (see "Durability" in the README).
 */
const MAINTENANCE_INTERVAL_MS = 5_000;
/** How often expired history is dropped; each pass is short, a long backlog takes several. */
const RETENTION_INTERVAL_MS = 60_000;
/** When the read path is warmed after the worker opened (see HistorianStore.warmUp). */
const WARM_UP_AFTER_MS = 1_000;
/** Sealing done after each appended batch (batches arrive every 100 ms under load). */
const SEAL_SLICE_MS = 20;

serveWorker(() => {
  const store = openStore();
  // Once start-up is over: the first long-span chart then finds the read path ready.
  const warming = setTimeout(() => {
    try {
      store.warmUp();
    } catch (error) {
      workerLog('warn', `could not warm the read path: ${(error as Error).message}`);
    }
  }, WARM_UP_AFTER_MS);
  warming.unref();
  let failing = false;
  let lastSweep = 0;
  const merging = setInterval(() => {
    try {
      store.mergeTail();
      store.seal();
      store.checkpoint();
      const evicted = store.enforceCap();
      if (evicted) {
        workerLog(
          'warn',
          `size cap: dropped ${evicted.samples} raw samples before ${new Date(evicted.droppedBefore).toISOString()} (rollups kept)`,
        );
      }
      if (Date.now() - lastSweep >= RETENTION_INTERVAL_MS) {
        lastSweep = Date.now();
        const swept = store.sweepRetention(Date.now());
        if (swept.samples + swept.buckets + swept.events > 0) {
          workerLog(
            'info',
            `retention: dropped ${swept.samples} raw samples, ${swept.buckets} rollup rows and ${swept.events} events`,
          );
        }
      }
      failing = false;
    } catch (error) {
      // Disk full or I/O error: the rows stay in the tail and the next merge tries again.
      if (!failing)
        workerLog('error', `could not move recent samples into the main table: ${(error as Error).message}`);
      failing = true;
    }
  }, MAINTENANCE_INTERVAL_MS);
  const handlers: WorkerHandlers<HistorianWorkerApi> = {
    loadTags: () => store.loadTags(),
    upsertTags: (tags) => store.upsertTags(tags),
    append: (batch) => {
      const guard = guardBatch(batch);
      if (guard.dropped + guard.flagged > 0) {
        workerLog(
          'warn',
          `refused ${guard.dropped} samples without a valid time and stored ${guard.flagged} infinite values as BadOutOfRange`,
        );
      }
      const count = store.append(batch);
      // Sealing keeps pace with ingest in small slices rather than in long pauses.
      store.seal({ budgetMs: SEAL_SLICE_MS });
      return count;
    },
    appendEvents: (batch) => store.appendEvents(batch),
    queryEvents: (query) => store.queryEvents(query),
    queryRange: (query) => {
      const result = store.queryRangePacked(query);
      return new Transfer(result, historyBuffers([result]));
    },
    queryRanges: (queries) => {
      const results = queries.map((query) => store.queryRangePacked(query));
      return new Transfer(results, historyBuffers(results));
    },
    exportCsvRows: ({ keys, ids, from, to }) => {
      const page = store.exportPage({ keys, from, to });
      return { count: page.count, text: rawRows(page, new Map(keys.map((key, i) => [key, ids[i]!]))) };
    },
    lastValues: () => store.lastValues(),
    valueAt: ({ key, at }) => store.valueAt(key, at),
    aggregates: (query) => store.aggregates(query),
    checkpoint: () => store.checkpoint(),
    sealAll: () => store.sealAll(),
    storageStatus: () => store.storageStatus(),
    sweepRetention: ({ now }) => store.sweepRetention(now),
    setTagCompression: ({ id, setting }) => {
      store.setTagCompression(id, setting);
      return null;
    },
  };
  return {
    handlers,
    close: () => {
      clearTimeout(warming);
      clearInterval(merging);
      store.close();
    },
  };
});
