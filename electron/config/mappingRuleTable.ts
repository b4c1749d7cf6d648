import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import {
  MAX_RULES,
  MappingRuleSchema,
  UnmatchedFallbackSchema,
  type MappingRule,
  type MappingRuleEntry,
  type UnmatchedFallback,
} from '../../shared/jsonMapping.js';
import type {
  ConfigRefusal,
  DeleteMappingOutcome,
  SaveMappingOutcome,
  ReplaceMappingsRequest,
  SaveMappingRequest,
  StoredMappings,
} from './types.js';
import { sameRule } from '../../shared/siteConfigFile.js';
import { parseStored } from './storedJson.js';
import type { OutboxJournal } from './syncOutbox.js';

interface RuleRow {
  id: string;
  position: number;
  rule: string;
  updated_ms: number;
  saved_by: string;
}

/**
 * JSON mapping rules in config.db, in the order they are tried. As with saved views, a row that
 * no longer parses is reported through `onBadRow` and skipped, never allowed to hide the others.
 */
export class MappingRuleTable {
  private readonly all: Statement<[], RuleRow>;
  private readonly upsert: Statement;
  private readonly move: Statement<[number, string]>;
  private readonly remove: Statement<[string]>;
  private readonly readSetting: Statement<[string], { value: string }>;
  private readonly writeSetting: Statement<[string, string]>;
  private readonly save: (request: SaveMappingRequest) => SaveMappingOutcome;
  private readonly seed: (rules: MappingRule[]) => StoredMappings;
  private readonly replace: (request: ReplaceMappingsRequest) => StoredMappings;
  private readonly removeTx: (id: string) => DeleteMappingOutcome;
  private readonly fallbackTx: (fallback: UnmatchedFallback) => UnmatchedFallback;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
    private readonly outbox: OutboxJournal,
  ) {
    this.all = db.prepare('SELECT * FROM json_mapping_rules ORDER BY position, id');
    this.upsert = db.prepare(`
      INSERT INTO json_mapping_rules (id, position, rule, updated_ms, saved_by)
      VALUES (@id, @position, @rule, @updatedMs, @savedBy)
      ON CONFLICT (id) DO UPDATE SET position = excluded.position, rule = excluded.rule,
        updated_ms = excluded.updated_ms, saved_by = excluded.saved_by`);
    this.move = db.prepare('UPDATE json_mapping_rules SET position = ? WHERE id = ?');
    this.remove = db.prepare('DELETE FROM json_mapping_rules WHERE id = ?');
    this.readSetting = db.prepare('SELECT value FROM json_mapping_settings WHERE key = ?');
    this.writeSetting = db.prepare(
      'INSERT INTO json_mapping_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    // Check and write in one transaction, so the answer describes what was stored.
    this.save = db.transaction((request: SaveMappingRequest) => this.saveNow(request));
    this.seed = db.transaction((rules: MappingRule[]) => this.seedNow(rules));
    this.replace = db.transaction((request: ReplaceMappingsRequest) => this.replaceNow(request));
    // Deleting and the fallback carry no user here (the API does not pass one): by is empty.
    this.removeTx = db.transaction((id: string) => {
      if (this.remove.run(id).changes === 0) return notFound(id);
      this.outbox.audit({
        what: 'mappings',
        id,
        version: null,
        by: '',
        summary: `mapping rule ${id} deleted`,
      });
      return { ok: true as const, id };
    });
    this.fallbackTx = db.transaction((fallback: UnmatchedFallback) => {
      this.writeSetting.run('fallback', JSON.stringify(fallback));
      const summary = `mapping fallback for unmatched topics: ${fallback.action}`;
      this.outbox.audit({ what: 'mappings', id: null, version: null, by: '', summary });
      return fallback;
    });
  }

  list(): StoredMappings {
    const rules = this.all.all().flatMap((row) => {
      const rule = this.parse(row);
      return rule ? [rule] : [];
    });
    return { rules, fallback: this.fallback() };
  }

  /** Stores the shipped rules on the first start only; answers what is stored either way. */
  seedShipped(rules: MappingRule[]): StoredMappings {
    return this.seed(rules);
  }

  saveRule(request: SaveMappingRequest): SaveMappingOutcome {
    return this.save(request);
  }

  deleteRule(id: string): DeleteMappingOutcome {
    return this.removeTx(id);
  }

  setFallback(fallback: UnmatchedFallback): UnmatchedFallback {
    return this.fallbackTx(fallback);
  }

  /**
   * Every rule replaced by `rules`, in their order, and the fallback set, in one transaction (a
   * site file's import). A rule that reads as it did keeps who saved it and when.
   */
  replaceAll(request: ReplaceMappingsRequest): StoredMappings {
    return this.replace(request);
  }

  private replaceNow({ rules, fallback, savedBy, now }: ReplaceMappingsRequest): StoredMappings {
    const before = new Map(this.list().rules.map((rule) => [rule.id, rule]));
    const wanted = new Set(rules.map((rule) => rule.id));
    for (const id of before.keys()) if (!wanted.has(id)) this.remove.run(id);
    rules.forEach((entry: MappingRuleEntry, position) => {
      const kept = before.get(entry.id);
      const same = kept !== undefined && sameRule(kept, entry);
      this.write(
        MappingRuleSchema.parse({
          ...entry,
          updatedMs: same ? kept.updatedMs : now,
          savedBy: same ? kept.savedBy : savedBy,
        }),
        position,
      );
    });
    this.writeSetting.run('fallback', JSON.stringify(fallback));
    const summary = `mapping rules replaced: ${rules.length} rules, fallback ${fallback.action}`;
    this.outbox.audit({ what: 'mappings', id: null, version: null, by: savedBy, at: now, summary });
    // An import says what the rules are: the shipped ones must not come back on a later start.
    this.writeSetting.run('shipped_rules_stored', 'true');
    return this.list();
  }

  private seedNow(rules: MappingRule[]): StoredMappings {
    if (this.readSetting.get('shipped_rules_stored')?.value !== 'true') {
      const first = this.all.all().length === 0;
      if (first) rules.forEach((rule, position) => this.write(rule, position));
      this.writeSetting.run('shipped_rules_stored', 'true');
    }
    return this.list();
  }

  private saveNow({ draft, position, savedBy, now }: SaveMappingRequest): SaveMappingOutcome {
    const order = this.all.all().map((row) => row.id);
    const at = draft.id === undefined ? -1 : order.indexOf(draft.id);
    if (draft.id !== undefined && at < 0) return notFound(draft.id);
    if (at < 0 && order.length >= MAX_RULES) {
      return { ok: false, code: 'CONFLICT', message: `a site has at most ${MAX_RULES} mapping rules` };
    }
    const rule = MappingRuleSchema.parse({ ...draft, id: draft.id ?? randomUUID(), updatedMs: now, savedBy });
    if (at >= 0) order.splice(at, 1);
    order.splice(Math.min(position ?? (at >= 0 ? at : order.length), order.length), 0, rule.id);
    order.forEach((id, i) => (id === rule.id ? this.write(rule, i) : this.move.run(i, id)));
    const summary = `mapping rule ${rule.id} ${at >= 0 ? 'changed' : 'added'}`;
    this.outbox.audit({ what: 'mappings', id: rule.id, version: null, by: savedBy, at: now, summary });
    return { ok: true, rule };
  }

  private write(rule: MappingRule, position: number): void {
    const { id, updatedMs, savedBy, ...body } = rule;
    this.upsert.run({ id, position, rule: JSON.stringify(body), updatedMs, savedBy });
  }

  private fallback(): UnmatchedFallback {
    const text = this.readSetting.get('fallback')?.value;
    if (text === undefined) return { action: 'ignore' };
    const fallback = parseStored(text, UnmatchedFallbackSchema, 'the JSON mapping fallback', (message) =>
      this.onBadRow(`${message}; topics no rule matches are ignored`),
    );
    return fallback ?? { action: 'ignore' };
  }

  private parse(row: RuleRow): MappingRule | null {
    // Id, time and author have their own columns; a body that names them too (a hand edit) does not win.
    return parseStored(
      { rule: row.rule },
      MappingRuleSchema,
      `mapping rule ${row.id}`,
      this.onBadRow,
      ({ rule }) => ({
        ...(typeof rule === 'object' ? rule : {}),
        id: row.id,
        updatedMs: row.updated_ms,
        savedBy: row.saved_by,
      }),
    );
  }
}

function notFound(id: string): ConfigRefusal {
  return {
    ok: false,
    code: 'NOT_FOUND',
    message: `no mapping rule has the id ${id}; it may have been deleted`,
  };
}
