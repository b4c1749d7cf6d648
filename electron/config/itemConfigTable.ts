import type { Database, Statement } from 'better-sqlite3';
import type { z } from 'zod';
import { DeviceConfigSchema } from '../../shared/deviceConfig.js';
import { TagConfigSchema } from '../../shared/tagConfig.js';
import { parseStored, type StoredVersionRow } from './storedJson.js';
import type { OutboxJournal } from './syncOutbox.js';
import type {
  AnyItemConfig,
  ConfigKind,
  ConfigVersionRow,
  ItemConfig,
  SaveItemConfigOutcome,
  SaveItemConfigRequest,
} from './types.js';

interface ConfigRow {
  id: string;
  version: number;
  config: string;
}

const SCHEMAS: Record<ConfigKind, z.ZodType<AnyItemConfig>> = {
  tag: TagConfigSchema,
  device: DeviceConfigSchema,
};

/**
 * Engineers' configuration of tags and devices in config.db (migration 0002), with every change
 * kept as a version. A save names the version it was made from: if someone saved in between, it
 * is refused as a CONFLICT rather than silently undoing their change. Rows are parsed with the
 * contract's schemas when read; one that no longer parses is reported and skipped, never fatal.
 */
export class ItemConfigTable {
  private readonly all: Statement<[string], ConfigRow>;
  private readonly one: Statement<[string, string], ConfigRow>;
  private readonly upsert: Statement;
  private readonly addVersion: Statement;
  private readonly history: Statement<[string, string, number], StoredVersionRow>;
  private readonly save: (request: SaveItemConfigRequest) => SaveItemConfigOutcome;
  private readonly saveMany: (requests: SaveItemConfigRequest[]) => SaveItemConfigOutcome[];

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
    private readonly outbox: OutboxJournal,
  ) {
    this.all = db.prepare('SELECT id, version, config FROM item_config WHERE kind = ? ORDER BY id');
    this.one = db.prepare('SELECT id, version, config FROM item_config WHERE kind = ? AND id = ?');
    this.upsert = db.prepare(`
      INSERT INTO item_config (kind, id, version, config) VALUES (@kind, @id, @version, @config)
      ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, config = excluded.config`);
    this.addVersion = db.prepare(`
      INSERT INTO item_config_versions (kind, id, version, changed_ms, changed_by, before, after)
      VALUES (@kind, @id, @version, @changedMs, @changedBy, @before, @config)`);
    this.history = db.prepare(`
      SELECT version, changed_ms, changed_by, before, after FROM item_config_versions
      WHERE kind = ? AND id = ? ORDER BY version DESC LIMIT ?`);
    // Check and write in one transaction, so the version answered is the one stored.
    this.save = db.transaction((request: SaveItemConfigRequest) => this.saveNow(request));
    this.saveMany = db.transaction((requests: SaveItemConfigRequest[]) => {
      const outcomes = requests.map((request) => this.saveNow(request));
      // All or none: an import half applied would be a site configured by no one's file.
      const refused = outcomes.find((outcome) => !outcome.ok);
      if (refused && !refused.ok) throw new ItemConfigConflict(refused.message);
      return outcomes;
    });
  }

  list(kind: ConfigKind): ItemConfig[] {
    return this.all.all(kind).flatMap((row) => {
      const config = this.parse(kind, row.id, row.config);
      return config === null ? [] : [{ id: row.id, version: row.version, config }];
    });
  }

  saveConfig(request: SaveItemConfigRequest): SaveItemConfigOutcome {
    return this.save(request);
  }

  /** Several saves in one transaction: all stored, or (one refused) none, answered as that refusal. */
  saveConfigs(requests: SaveItemConfigRequest[]): SaveItemConfigOutcome[] {
    try {
      return this.saveMany(requests);
    } catch (error) {
      if (error instanceof ItemConfigConflict)
        return [{ ok: false, code: 'CONFLICT', message: error.message }];
      throw error;
    }
  }

  versions(kind: ConfigKind, id: string, limit: number): ConfigVersionRow[] {
    return this.history.all(kind, id, limit).flatMap((row) => {
      const after = this.parse(kind, id, row.after);
      if (after === null) return [];
      return [
        {
          version: row.version,
          changedMs: row.changed_ms,
          changedBy: row.changed_by,
          before: row.before === null ? null : this.parse(kind, id, row.before),
          after,
        },
      ];
    });
  }

  private saveNow({
    kind,
    id,
    config,
    baseVersion,
    changedBy,
    now,
  }: SaveItemConfigRequest): SaveItemConfigOutcome {
    const current = this.one.get(kind, id);
    const version = current?.version ?? 0;
    if (version !== baseVersion) {
      return {
        ok: false,
        code: 'CONFLICT',
        message: `${id} was changed meanwhile (now version ${version}, edited from ${baseVersion}): reload it and edit again`,
      };
    }
    const json = JSON.stringify(config);
    // Saving what is already in force adds no version: the history lists changes only.
    if (current && current.config === json) return { ok: true, version, config };
    const next = { kind, id, version: version + 1, config: json };
    this.addVersion.run({ ...next, changedMs: now, changedBy, before: current?.config ?? null });
    this.upsert.run(next);
    this.outbox.audit({
      what: kind,
      id,
      version: next.version,
      by: changedBy,
      at: now,
      summary: `${kind} ${id} ${current ? 'changed' : 'configured'} (version ${next.version})`,
    });
    return { ok: true, version: next.version, config };
  }

  private parse(kind: ConfigKind, id: string, text: string): ItemConfig['config'] | null {
    return parseStored(text, SCHEMAS[kind], `${kind} configuration of ${id}`, this.onBadRow);
  }
}

class ItemConfigConflict extends Error {}
