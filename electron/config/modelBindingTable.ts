import type { Database, Statement } from 'better-sqlite3';
import {
  ModelBindingSchema,
  type ModelBinding,
  type ModelBindingVersion,
} from '../../shared/modelBindings.js';
import { parseStored, type StoredVersionRow } from './storedJson.js';
import type { OutboxJournal } from './syncOutbox.js';
import type { DeleteBindingRequest, SaveBindingOutcome, SaveBindingRequest, StoredBinding } from './types.js';

interface BindingRow {
  id: string;
  version: number;
  binding: string;
}

/** A deletion is stored as a version with no after. */
type VersionRow = Omit<StoredVersionRow, 'after'> & { after: string | null };

/**
 * Model bindings in config.db (migration 0007), every change kept as a version, as tag
 * configuration is. A save or delete names the version it was made from: if someone changed
 * the binding in between, it is refused as a CONFLICT rather than silently undoing their work.
 * Versions keep counting across a deletion, so a binding created again has a history that reads
 * in order. A row that no longer parses is reported and skipped, never fatal.
 */
export class ModelBindingTable {
  private readonly all: Statement<[], BindingRow>;
  private readonly one: Statement<[string], BindingRow>;
  private readonly newestVersion: Statement<[string], { version: number | null }>;
  private readonly upsert: Statement;
  private readonly remove: Statement;
  private readonly addVersion: Statement;
  private readonly history: Statement<[string, number], VersionRow>;
  private readonly saveTx: (request: SaveBindingRequest) => SaveBindingOutcome;
  private readonly deleteTx: (request: DeleteBindingRequest) => SaveBindingOutcome;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
    private readonly outbox: OutboxJournal,
  ) {
    this.all = db.prepare('SELECT id, version, binding FROM model_bindings ORDER BY id');
    this.one = db.prepare('SELECT id, version, binding FROM model_bindings WHERE id = ?');
    this.newestVersion = db.prepare(
      'SELECT MAX(version) AS version FROM model_binding_versions WHERE id = ?',
    );
    this.upsert = db.prepare(`
      INSERT INTO model_bindings (id, version, binding) VALUES (@id, @version, @binding)
      ON CONFLICT (id) DO UPDATE SET version = excluded.version, binding = excluded.binding`);
    this.remove = db.prepare('DELETE FROM model_bindings WHERE id = ?');
    this.addVersion = db.prepare(`
      INSERT INTO model_binding_versions (id, version, changed_ms, changed_by, before, after)
      VALUES (@id, @version, @changedMs, @changedBy, @before, @after)`);
    this.history = db.prepare(`
      SELECT version, changed_ms, changed_by, before, after FROM model_binding_versions
      WHERE id = ? ORDER BY version DESC LIMIT ?`);
    this.saveTx = db.transaction((request: SaveBindingRequest) => this.saveNow(request));
    this.deleteTx = db.transaction((request: DeleteBindingRequest) => this.deleteNow(request));
  }

  list(): StoredBinding[] {
    return this.all.all().flatMap((row) => {
      const binding = this.parse(row.id, row.binding);
      return binding ? [{ version: row.version, binding }] : [];
    });
  }

  save(request: SaveBindingRequest): SaveBindingOutcome {
    return this.saveTx(request);
  }

  delete(request: DeleteBindingRequest): SaveBindingOutcome {
    return this.deleteTx(request);
  }

  versions(id: string, limit: number): ModelBindingVersion[] {
    return this.history.all(id, limit).map((row) => ({
      version: row.version,
      changedMs: row.changed_ms,
      changedBy: row.changed_by,
      before: row.before === null ? null : this.parse(id, row.before),
      after: row.after === null ? null : this.parse(id, row.after),
    }));
  }

  private saveNow({ binding, baseVersion, changedBy, now }: SaveBindingRequest): SaveBindingOutcome {
    const current = this.one.get(binding.id);
    const refused = this.conflict(binding.id, current, baseVersion);
    if (refused) return refused;
    const json = JSON.stringify(binding);
    // Saving what is already in force adds no version: the history lists changes only.
    if (current && current.binding === json) return { ok: true, version: current.version };
    const version = (this.newestVersion.get(binding.id)?.version ?? 0) + 1;
    this.addVersion.run({
      id: binding.id,
      version,
      changedMs: now,
      changedBy,
      before: current?.binding ?? null,
      after: json,
    });
    this.upsert.run({ id: binding.id, version, binding: json });
    const summary = `model binding ${binding.id} ${current ? 'changed' : 'added'} (version ${version})`;
    this.outbox.audit({ what: 'binding', id: binding.id, version, by: changedBy, at: now, summary });
    return { ok: true, version };
  }

  private deleteNow({ id, baseVersion, changedBy, now }: DeleteBindingRequest): SaveBindingOutcome {
    const current = this.one.get(id);
    if (!current) return { ok: false, code: 'NOT_FOUND', message: `no stored binding ${id}` };
    const refused = this.conflict(id, current, baseVersion);
    if (refused) return refused;
    const version = (this.newestVersion.get(id)?.version ?? 0) + 1;
    this.addVersion.run({ id, version, changedMs: now, changedBy, before: current.binding, after: null });
    this.remove.run(id);
    const summary = `model binding ${id} deleted (version ${version})`;
    this.outbox.audit({ what: 'binding', id, version, by: changedBy, at: now, summary });
    return { ok: true, version: 0 };
  }

  private conflict(
    id: string,
    current: BindingRow | undefined,
    baseVersion: number,
  ): SaveBindingOutcome | null {
    const version = current?.version ?? 0;
    if (version === baseVersion) return null;
    return {
      ok: false,
      code: 'CONFLICT',
      message: `binding ${id} was changed meanwhile (now version ${version}, edited from ${baseVersion}): reload it and edit again`,
    };
  }

  private parse(id: string, text: string): ModelBinding | null {
    return parseStored(text, ModelBindingSchema, `model binding ${id}`, this.onBadRow);
  }
}
