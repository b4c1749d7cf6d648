import type { Database } from 'better-sqlite3';
import type { AlarmKpiReport, AlarmSettings } from '../../shared/alarms.js';
import type { AlarmWriteBatch } from '../alarms/ports.js';
import { alarmKpiReport } from '../alarms/report/kpiReport.js';
import { alarmCsvRows } from '../export/alarmCsvFormat.js';
import type { AlarmCsvPage, AlarmCsvPageQuery } from '../export/alarmJournalCsv.js';
import { AlarmJournalTable } from './alarmJournalTable.js';
import { AlarmKpiSource } from './alarmKpiSource.js';
import { AlarmSettingsTable, type AlarmSettingsVersion } from './alarmSettingsTable.js';
import { AlarmStateTable } from './alarmStateTable.js';
import { writeOrExplain } from './storageFailure.js';
import type { OutboxJournal } from './syncOutbox.js';
import { alarmRecord } from './syncRecords.js';

/**
 * Everything alarms keep in config.db (migration 0006): the latest state of each alarm, the
 * journal and the site's alarm settings. A batch of the engine's is one transaction: states,
 * removals and journal lines reach the disk together (synchronous=FULL, see ConfigStore) or, on
 * a crash or a refused write, not at all — the state on disk never runs ahead of its journal.
 * While cloud sync is on, each journal line also goes to the outbox (stream `alarms`) in that
 * same transaction: the cloud gets every line the journal has, and none it has not.
 */
export class AlarmTables {
  readonly states: AlarmStateTable;
  readonly journal: AlarmJournalTable;
  readonly settings: AlarmSettingsTable;
  private readonly kpi: AlarmKpiSource;
  private readonly write: (batch: AlarmWriteBatch) => number[];
  private readonly saveSettingsTx: (
    settings: AlarmSettings,
    by: string,
    now: number,
    baseVersion: number | undefined,
  ) => AlarmSettingsVersion;

  constructor(db: Database, onBadRow: (message: string) => void, outbox: OutboxJournal) {
    this.states = new AlarmStateTable(db, onBadRow);
    this.journal = new AlarmJournalTable(db, onBadRow);
    this.settings = new AlarmSettingsTable(db, onBadRow);
    this.kpi = new AlarmKpiSource(db, onBadRow);
    this.write = db.transaction((batch: AlarmWriteBatch) => {
      for (const alarm of batch.states) this.states.save(alarm);
      for (const id of batch.removed) this.states.delete(id);
      const seqs = batch.journal.map((entry) => this.journal.append(entry));
      outbox.appendInTransaction(batch.journal.map((entry, i) => alarmRecord({ ...entry, seq: seqs[i]! })));
      return seqs;
    });
    this.saveSettingsTx = db.transaction(
      (settings: AlarmSettings, by: string, now: number, baseVersion: number | undefined) => {
        const version = this.settings.save(settings, by, now, baseVersion);
        outbox.audit({
          what: 'alarmSettings',
          id: null,
          version: version.version,
          by,
          at: now,
          summary: `alarm settings version ${version.version}`,
        });
        return version;
      },
    );
  }

  /** Answers the seq of each journal line, in order; fails whole with UNAVAILABLE on a bad disk. */
  writeBatch(batch: AlarmWriteBatch): number[] {
    return writeOrExplain('the alarm state and journal', () => this.write(batch));
  }

  saveSettings(settings: AlarmSettings, by: string, now: number, baseVersion?: number): AlarmSettingsVersion {
    return writeOrExplain('the alarm settings', () => this.saveSettingsTx(settings, by, now, baseVersion));
  }

  /** A page of the CSV export, oldest first, formatted here so the main thread only passes text on. */
  journalCsvPage({ filter, after, limit }: AlarmCsvPageQuery): AlarmCsvPage {
    const rows = this.journal.rowsAfter(filter, after, limit);
    const entries = rows.flatMap((row) => {
      const entry = this.journal.parse(row);
      return entry ? [entry] : [];
    });
    const last = rows.at(-1);
    return {
      count: entries.length,
      text: alarmCsvRows(entries),
      next: rows.length < limit || !last ? null : { ts: last.ts, seq: last.seq },
    };
  }

  /** The performance report over [from, to], computed here: the journal never leaves the worker. */
  kpiReport(from: number, to: number): AlarmKpiReport {
    return alarmKpiReport(this.kpi.journal(from, to));
  }
}
