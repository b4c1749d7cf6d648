import type { ImportResult } from '../../../shared/siteConfigFile.js';
import type { ConfigResultRecord, DownConfigMessage } from '../../../shared/sync.js';
import type { InputErrors } from '../../connectivity/inputErrors.js';
import { errorMessage, type Logger } from '../../platform/logger.js';
import type { CurrentSite } from '../../siteConfig/importPlan.js';
import type { OutboxPort } from '../ports.js';
import { readDownMessage } from './downMessage.js';
import { CLOUD_USER_PREFIX, siteChanges, type ChangeHistory } from './siteChanges.js';

type Outcome = ConfigResultRecord['outcome'];

/** Downward documents already handled, kept in config.db (migration 0008). */
export interface DownDocumentLog {
  /** The outcome recorded for this document id, or null if it was never handled. */
  downDocumentSeen(id: string): Promise<Outcome | null>;
  /** Remembers a handled document; a repeat of an id is a no-op. */
  rememberDownDocument(entry: { id: string; outcome: Outcome; atMs: number }): Promise<void>;
}

export interface DownConfigDeps {
  site: {
    importConfig(raw: unknown, dryRun: boolean, user: string): Promise<ImportResult>;
    inForce(): Promise<CurrentSite>;
  };
  history: ChangeHistory;
  documents: DownDocumentLog;
  outbox: Pick<OutboxPort, 'append'>;
  /** Whether the site takes configuration from the cloud now (SyncSettings.acceptConfig). */
  acceptConfig: () => boolean | Promise<boolean>;
  errors: Pick<InputErrors, 'record'>;
  log: Logger;
  /** A result was committed to the live lane (the drain can send it now). */
  onResult?: (record: ConfigResultRecord) => void;
  now?: () => number;
}

export const BROKERS_REFUSED =
  'brokers: a document from the cloud may not change the site brokers. A wrong broker sent from afar ' +
  'would cut the site off from its devices, and perhaps the cloud link with them, with nobody there to ' +
  'put it back: change brokers on site (Site configuration screen or --brokers)';

/**
 * The downward path: site configuration documents from `<prefix>/v1/<site>/down/config`, read
 * (size limit, optional gzip, JSON, schema), de-duplicated by document id, checked against the
 * conflict rule (shared/sync.ts DownConfigMessageSchema) and by the importer's dry run, then
 * applied whole through SiteConfigService as `cloud:<by>`. Each readable document's result goes
 * up on the `config` stream. Messages that cannot be read at all only count (syncDown.*) and are
 * logged once per cause: without an id there is nothing to answer to, and answering each piece
 * of garbage would let garbage fill the outbox. Never fatal; one document at a time.
 */
export class DownConfig {
  private readonly now: () => number;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DownConfigDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The cloud link calls this for every message on the down topic; resolves once it is handled. */
  handle(topic: string, payload: Uint8Array): Promise<void> {
    const run = this.queue.then(() => this.handleNow(topic, payload));
    this.queue = run.catch(() => {});
    return run;
  }

  async stop(): Promise<void> {
    await this.queue;
  }

  private async handleNow(topic: string, payload: Uint8Array): Promise<void> {
    const { errors } = this.deps;
    const read = await readDownMessage(payload);
    if (!read.ok) {
      errors.record(read.cause, `${topic}: ${read.detail}`);
      // A document whose JSON named itself is answered (once), so the sender learns why.
      if (read.cause === 'syncDown.bad_schema' && read.id !== null) {
        const id = read.id;
        await this.guarded(id, async () => {
          if ((await this.deps.documents.downDocumentSeen(id)) === null)
            await this.finish({ id, by: read.by ?? '' }, 'rejected', [read.detail], []);
        });
      }
      return;
    }
    const { message } = read;
    await this.guarded(message.id, async () => {
      const seen = await this.deps.documents.downDocumentSeen(message.id);
      if (seen !== null) {
        errors.record('syncDown.duplicate', `${message.id} from ${message.by} was ${seen} already`);
        return;
      }
      const { outcome, problems, changes } = await this.decide(message);
      await this.finish(message, outcome, problems, changes);
    });
  }

  /** A failure (config.db refusing, a bug) is counted and logged, never thrown at the cloud link. */
  private async guarded(id: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      // Not remembered: the broker's redelivery, or the next copy the cloud sends, tries again.
      this.deps.errors.record('syncDown.failed', `${id}: ${errorMessage(error)}`);
      this.deps.log.error(`configuration document ${id} failed: ${errorMessage(error)}`);
    }
  }

  private async decide(
    message: DownConfigMessage,
  ): Promise<{ outcome: Outcome; problems: string[]; changes: string[] }> {
    const reject = (problems: string[], changes: string[] = []) => ({
      outcome: 'rejected' as const,
      problems,
      changes,
    });
    if (!(await this.deps.acceptConfig()))
      return reject([
        'this site does not take configuration from the cloud (Sync settings: accept configuration is off)',
      ]);
    const user = `${CLOUD_USER_PREFIX}${message.by}`;
    const dry = await this.deps.site.importConfig(message.document, true, user);
    if (!dry.ok) return reject(dry.problems);
    if (dry.brokers.changed) return reject([BROKERS_REFUSED]);
    const { changes, conflicts } = await siteChanges(
      message.document,
      await this.deps.site.inForce(),
      message.basedOnMs,
      this.deps.history,
    );
    if (conflicts.length > 0) return reject(conflicts, changes);
    if (changes.length === 0) return { outcome: 'unchanged', problems: dry.warnings ?? [], changes };
    const applied = await this.deps.site.importConfig(message.document, false, user);
    if (!applied.ok) return reject(applied.problems, changes);
    return { outcome: 'applied', problems: applied.warnings ?? [], changes };
  }

  /** The result goes up on the `config` stream first; the id is remembered once that is committed. */
  private async finish(
    message: { id: string; by: string },
    outcome: Outcome,
    problems: string[],
    changes: string[],
  ): Promise<void> {
    const at = this.now();
    const record: ConfigResultRecord = { at, id: message.id, by: message.by, outcome, problems, changes };
    const appended = await this.deps.outbox.append([{ stream: 'config', at, line: JSON.stringify(record) }]);
    if (appended.refused !== null)
      this.deps.log.warn(
        `the result of configuration document ${message.id} could not be queued: ${appended.refused}`,
      );
    this.deps.onResult?.(record);
    await this.deps.documents.rememberDownDocument({ id: message.id, outcome, atMs: at });
    this.deps.log.info(
      `configuration document ${message.id} from ${message.by}: ${outcome}` +
        (problems.length > 0 ? ` (${problems.join('; ')})` : '') +
        (changes.length > 0 ? ` — ${changes.length} changes` : ''),
    );
  }
}
