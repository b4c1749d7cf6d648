import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';
import { openOrSetAside } from '../platform/sqliteFile.js';
import { Transfer, serveWorker, workerLog, type WorkerHandlers } from '../platform/workerHost.js';
import { DEFAULT_ALARM_SETTINGS } from '../../shared/alarms.js';
import { JournalRetention } from './alarmJournalRetention.js';
import { ConfigStore } from './configStore.js';
import type { ConfigWorkerApi } from './types.js';

/**
 * config.db's worker thread: owns the SQLite connection, so a synchronous=FULL commit waiting on
 * the disk never holds up the thread that answers the window. A file SQLite cannot read is moved
 * aside (never deleted) and a fresh one is started, so a damaged disk does not keep the control
 * room from starting; the operator's views in it can still be rescued by hand.
 */
const { path, nativeBinding } = workerData as { path: string; nativeBinding?: string };

/** How often the outbox seals quiet streams and applies its size and age limits. */
const OUTBOX_TICK_MS = 30_000;

function open(): ConfigStore {
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  try {
    return new ConfigStore(db, (message) => workerLog('warn', message), { log: workerLog });
  } catch (error) {
    // Let go of the file before it is moved aside.
    db.close();
    throw error;
  }
}

serveWorker(() => {
  const store = openOrSetAside(path, open, (message) => workerLog('error', message), 'config file');
  const { alarms } = store;
  const retention = new JournalRetention({
    deleteOlderThan: (cutoff, chunk) => alarms.journal.deleteOlderThan(cutoff, chunk),
    retentionDays: () => (alarms.settings.current() ?? DEFAULT_ALARM_SETTINGS).journalRetentionDays,
    now: Date.now,
    log: workerLog,
  });
  retention.start();
  const { outbox } = store;
  const outboxTick = setInterval(() => outbox.tick(), OUTBOX_TICK_MS);
  outboxTick.unref();
  const handlers: WorkerHandlers<ConfigWorkerApi> = {
    listViews: () => store.views.list(),
    saveView: (request) => store.views.saveView(request),
    deleteView: ({ id }) => store.views.deleteView(id),
    listMappings: () => store.mappings.list(),
    seedShippedMappings: ({ rules }) => store.mappings.seedShipped(rules),
    saveMapping: (request) => store.mappings.saveRule(request),
    deleteMapping: ({ id }) => store.mappings.deleteRule(id),
    setMappingFallback: ({ fallback }) => store.mappings.setFallback(fallback),
    listItemConfigs: ({ kind }) => store.items.list(kind),
    saveItemConfig: (request) => store.items.saveConfig(request),
    listItemConfigVersions: ({ kind, id, limit }) => store.items.versions(kind, id, limit),
    addCommand: (record) => store.commands.add(record),
    setCommandOutcome: (update) => store.commands.setOutcome(update),
    listCommands: ({ limit }) => store.commands.list(limit),
    replaceMappings: (request) => store.mappings.replaceAll(request),
    saveItemConfigs: ({ requests }) => store.items.saveConfigs(requests),
    siteBrokers: () => store.site.brokers(),
    setSiteBrokers: ({ brokers, by, now }) => store.site.setBrokers(brokers, by, now),
    loadAlarmStates: () => alarms.states.list(),
    writeAlarmBatch: (batch) => void alarms.writeBatch(batch),
    alarmSettings: () => alarms.settings.current(),
    setAlarmSettings: ({ settings, by, now, baseVersion }) => {
      const version = alarms.saveSettings(settings, by, now, baseVersion);
      // A shorter retention applies now, not tomorrow.
      retention.runNow();
      return version;
    },
    alarmSettingsVersions: ({ limit }) => alarms.settings.versions(limit),
    queryAlarmJournal: (query) => alarms.journal.query(query),
    alarmJournalCsv: (query) => alarms.journalCsvPage(query),
    alarmKpiReport: ({ from, to }) => alarms.kpiReport(from, to),
    listBindings: () => store.bindings.list(),
    saveBinding: (request) => store.bindings.save(request),
    deleteBinding: (request) => store.bindings.delete(request),
    listBindingVersions: ({ id, limit }) => store.bindings.versions(id, limit),
    syncSetIdentity: (identity) => outbox.setIdentity(identity),
    syncAppend: ({ records }) => outbox.append(records),
    syncNextBatches: (request) => {
      // Each payload copied into its own buffer, which is moved to the main thread, not copied again.
      const batches = outbox
        .nextBatches(request)
        .map((batch) => ({ ...batch, payload: new Uint8Array(batch.payload) }));
      return new Transfer(
        batches,
        batches.map((batch) => batch.payload.buffer),
      );
    },
    syncAcknowledge: ({ acks }) => outbox.acknowledge(acks),
    syncBacklog: () => outbox.backlog(),
    syncDrop: ({ request, by }) => outbox.drop(request, by),
    syncOutboxId: () => outbox.outboxId(),
    syncDownSeen: ({ id }) => store.downSeen.seen(id),
    syncRememberDown: (entry) => store.downSeen.remember(entry),
    syncSettings: () => outbox.syncSettings(),
    saveSyncSettings: ({ settings, baseVersion, by }) => outbox.saveSyncSettings(settings, baseVersion, by),
  };
  const close = () => {
    clearInterval(outboxTick);
    retention.stop();
    store.close();
  };
  return { handlers, close };
});
