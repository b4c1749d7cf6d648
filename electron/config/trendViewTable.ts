import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { TrendViewSchema, viewNameKey, type TrendView } from '../../shared/trendViews.js';
import { parseStored } from './storedJson.js';
import type { ConfigRefusal, DeleteViewOutcome, SaveViewOutcome, SaveViewRequest } from './types.js';

interface ViewRow {
  id: string;
  name: string;
  pens: string;
  time_range: string;
  created_ms: number;
  updated_ms: number;
  saved_by: string;
}

/**
 * Saved trend views in config.db. A row is parsed with the contract's schema when it is read, as
 * any file is: a row that no longer parses (edited by hand, written by a buggy build) is left in
 * place, reported through `onBadRow` and skipped, so one bad view never hides the others.
 */
export class TrendViewTable {
  private readonly all: Statement<[], ViewRow>;
  private readonly byId: Statement<[string], ViewRow>;
  private readonly byNameKey: Statement<[string], ViewRow>;
  private readonly upsert: Statement;
  private readonly remove: Statement<[string]>;
  private readonly save: (request: SaveViewRequest) => SaveViewOutcome;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
  ) {
    this.all = db.prepare('SELECT * FROM trend_views ORDER BY name_key');
    this.byId = db.prepare('SELECT * FROM trend_views WHERE id = ?');
    this.byNameKey = db.prepare('SELECT * FROM trend_views WHERE name_key = ?');
    this.upsert = db.prepare(`
      INSERT INTO trend_views (id, name, name_key, pens, time_range, created_ms, updated_ms, saved_by)
      VALUES (@id, @name, @nameKey, @pens, @range, @createdMs, @updatedMs, @savedBy)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,
        pens = excluded.pens, time_range = excluded.time_range, updated_ms = excluded.updated_ms,
        saved_by = excluded.saved_by`);
    this.remove = db.prepare('DELETE FROM trend_views WHERE id = ?');
    // Check and write in one transaction, so the answer describes what was stored.
    this.save = db.transaction((request: SaveViewRequest) => this.saveNow(request));
  }

  list(): TrendView[] {
    return this.all.all().flatMap((row) => {
      const view = this.parse(row);
      return view ? [view] : [];
    });
  }

  saveView(request: SaveViewRequest): SaveViewOutcome {
    return this.save(request);
  }

  deleteView(id: string): DeleteViewOutcome {
    return this.remove.run(id).changes > 0 ? { ok: true, id } : notFound(id);
  }

  private saveNow({ draft, savedBy, now }: SaveViewRequest): SaveViewOutcome {
    const existing = draft.id === undefined ? undefined : this.byId.get(draft.id);
    if (draft.id !== undefined && !existing) return notFound(draft.id);
    const nameKey = viewNameKey(draft.name);
    const clash = this.byNameKey.get(nameKey);
    if (clash && clash.id !== draft.id) {
      return {
        ok: false,
        code: 'CONFLICT',
        message: `a view named "${clash.name}" already exists: save over it or choose another name`,
      };
    }
    const view: TrendView = {
      id: existing?.id ?? randomUUID(),
      name: draft.name,
      pens: draft.pens,
      range: draft.range,
      createdMs: existing?.created_ms ?? now,
      updatedMs: now,
      savedBy,
    };
    this.upsert.run({
      ...view,
      nameKey,
      pens: JSON.stringify(view.pens),
      range: JSON.stringify(view.range),
    });
    return { ok: true, view };
  }

  private parse(row: ViewRow): TrendView | null {
    const columns = { pens: row.pens, time_range: row.time_range };
    return parseStored(columns, TrendViewSchema, `saved view ${row.id}`, this.onBadRow, (json) => ({
      id: row.id,
      name: row.name,
      pens: json.pens,
      range: json.time_range,
      createdMs: row.created_ms,
      updatedMs: row.updated_ms,
      savedBy: row.saved_by,
    }));
  }
}

function notFound(id: string): ConfigRefusal {
  return {
    ok: false,
    code: 'NOT_FOUND',
    message: `no saved view has the id ${id}; it may have been deleted`,
  };
}
