import type { Database } from 'better-sqlite3';
import { migrate } from '../platform/sqliteMigrations.js';
import { AlarmTables } from './alarmTables.js';
import { MappingRuleTable } from './mappingRuleTable.js';
import { configMigrations } from './migrations/index.js';
import { CommandJournalTable } from './commandJournalTable.js';
import { ItemConfigTable } from './itemConfigTable.js';
import { ModelBindingTable } from './modelBindingTable.js';
import { SiteSettingsTable } from './siteSettingsTable.js';
import { SyncDownSeenTable } from './syncDownSeenTable.js';
import { SyncOutbox, type SyncOutboxOptions } from './syncOutbox.js';
import { TrendViewTable } from './trendViewTable.js';

/**
 * config.db's SQLite logic, independent of the worker so that tests can drive it directly. The
 * file holds operator work (saved views, JSON mapping rules, tag and device configuration, the
 * site's brokers, the command journal, alarm states, journal and settings, model bindings; later
 * cloud sync's outbox and settings), so every commit reaches the disk before it is acknowledged: WAL with
 * synchronous=FULL survives a power cut, unlike the historian's NORMAL. Its writes are few and
 * small, so the cost does not show.
 */
export class ConfigStore {
  readonly views: TrendViewTable;
  readonly mappings: MappingRuleTable;
  readonly items: ItemConfigTable;
  readonly commands: CommandJournalTable;
  readonly site: SiteSettingsTable;
  readonly alarms: AlarmTables;
  readonly bindings: ModelBindingTable;
  readonly outbox: SyncOutbox;
  readonly downSeen: SyncDownSeenTable;

  constructor(
    private readonly db: Database,
    onBadRow: (message: string) => void = () => {},
    outboxOptions: SyncOutboxOptions = {},
  ) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db, configMigrations);
    // First: the journals and configuration tables append their records to it.
    this.outbox = new SyncOutbox(db, onBadRow, outboxOptions);
    this.views = new TrendViewTable(db, onBadRow);
    this.mappings = new MappingRuleTable(db, onBadRow, this.outbox);
    this.items = new ItemConfigTable(db, onBadRow, this.outbox);
    this.commands = new CommandJournalTable(db, onBadRow, this.outbox);
    this.site = new SiteSettingsTable(db, onBadRow, this.outbox);
    this.alarms = new AlarmTables(db, onBadRow, this.outbox);
    this.bindings = new ModelBindingTable(db, onBadRow, this.outbox);
    this.downSeen = new SyncDownSeenTable(db);
  }

  close(): void {
    this.db.close();
  }
}
