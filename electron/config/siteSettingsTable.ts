import type { Database, Statement } from 'better-sqlite3';
import { BrokerListSchema, type BrokerConfig } from '../../shared/siteConfig.js';
import { parseStored } from './storedJson.js';
import type { OutboxJournal } from './syncOutbox.js';

interface SettingRow {
  value: string;
}

/**
 * Site-wide settings in config.db (migration 0004): for now the site's brokers as the last
 * import stored them. A stored list that no longer parses is reported and treated as none, so
 * the site starts on the embedded broker rather than not at all.
 */
export class SiteSettingsTable {
  private readonly read: Statement<[string], SettingRow>;
  private readonly write: Statement;
  private readonly setBrokersTx: (brokers: BrokerConfig[], by: string, now: number) => void;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
    outbox: OutboxJournal,
  ) {
    this.read = db.prepare('SELECT value FROM site_settings WHERE key = ?');
    this.write = db.prepare(`
      INSERT INTO site_settings (key, value, updated_ms, updated_by) VALUES (@key, @value, @now, @by)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms,
        updated_by = excluded.updated_by`);
    this.setBrokersTx = db.transaction((brokers: BrokerConfig[], by: string, now: number) => {
      this.write.run({ key: 'brokers', value: JSON.stringify(brokers), now, by });
      const summary = `site brokers set: ${brokers.map((broker) => `${broker.id} ${broker.url}`).join(', ') || 'none'}`;
      outbox.audit({ what: 'brokers', id: null, version: null, by, at: now, summary });
    });
  }

  /** The stored brokers; null when none were ever stored (or the row is unreadable). */
  brokers(): BrokerConfig[] | null {
    const row = this.read.get('brokers');
    if (!row) return null;
    return parseStored(row.value, BrokerListSchema, 'the stored broker list', this.onBadRow);
  }

  setBrokers(brokers: BrokerConfig[], by: string, now: number): void {
    this.setBrokersTx(brokers, by, now);
  }
}
