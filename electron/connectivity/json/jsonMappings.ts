import {
  MAX_CAPTURE_BYTES,
  MappingRuleSchema,
  type MappingRule,
  type MappingRuleDraft,
  type MappingRuleEntry,
  type PreviewResult,
  type UnmappedCapture,
  type UnmatchedFallback,
} from '../../../shared/jsonMapping.js';
import type { ConfigDb } from '../../config/configDb.js';
import type { DeleteMappingOutcome, SaveMappingOutcome, StoredMappings } from '../../config/types.js';
import { errorMessage, type Logger } from '../../platform/logger.js';
import type { IngestEvent } from '../ingestEvents.js';
import { compileRule, type CompiledRule } from './compiledRules.js';
import { JsonMappingEngine, type ErrorRecorder } from './mappingEngine.js';
import { previewMessage } from './preview.js';
import { coveringFilters, filterMatches } from '../../../shared/topicFilters.js';
import { UnmappedCaptures } from './unmappedCaptures.js';

export type MappingStore = Pick<
  ConfigDb,
  | 'listMappings'
  | 'seedShippedMappings'
  | 'saveMapping'
  | 'deleteMapping'
  | 'setMappingFallback'
  | 'replaceMappings'
>;

export interface JsonMappingsOptions {
  store: MappingStore;
  errors: ErrorRecorder;
  log: Logger;
  /** The rules a fresh site starts with (shippedRules.ts). */
  shipped: () => MappingRule[];
  now?: () => number;
}

export interface CapturedMessage {
  topic: string;
  payload: string;
  truncated: boolean;
  bytes: number;
}

interface Waiting {
  filter: string;
  resolve(message: CapturedMessage | null): void;
  timer: NodeJS.Timeout;
}

/**
 * The site's plain-JSON mappings as a service: loads the rules from config.db (storing the
 * shipped ones on the first start), decodes messages with them, and applies an edit at once —
 * the engine swaps its compiled rules, and the site client is told the topic filters to
 * subscribe to through one narrow callback. It also keeps the unmapped captures and answers
 * the Mappings screen's previews and "capture the next message" requests.
 */
export class JsonMappings {
  private readonly engine: JsonMappingEngine;
  private readonly unmapped = new UnmappedCaptures();
  private readonly waiting = new Set<Waiting>();
  private readonly now: () => number;
  private stored: StoredMappings = { rules: [], fallback: { action: 'ignore' } };
  private compiled: CompiledRule[] = [];
  private filters: string[] = [];
  private filtersListener: (filters: string[]) => void = () => {};

  constructor(private readonly options: JsonMappingsOptions) {
    this.now = options.now ?? Date.now;
    this.engine = new JsonMappingEngine(options.errors, this.now, (topic, bytes) =>
      this.unmatched(topic, bytes),
    );
  }

  /** The site client follows the topic filters through this (wired in the runtime). */
  onTopicFiltersChanged(listener: (filters: string[]) => void): void {
    this.filtersListener = listener;
  }

  async start(): Promise<void> {
    this.use(await this.options.store.seedShippedMappings(this.options.shipped()));
  }

  stop(): void {
    for (const waiting of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve(null);
    }
    this.waiting.clear();
  }

  /** What to subscribe to: the rules' topics, the capture fallback's and any awaited capture's. */
  topicFilters(): string[] {
    return this.filters;
  }

  handle(topic: string, bytes: Uint8Array): IngestEvent[] {
    if (this.waiting.size > 0 && this.deliverCapture(topic, bytes) && !this.engine.ruleFor(topic)) return [];
    return this.engine.handle(topic, bytes);
  }

  list(): StoredMappings & { unmapped: UnmappedCapture[]; unmappedEvicted: number } {
    const { captures, evicted } = this.unmapped.list();
    return { ...this.stored, unmapped: captures, unmappedEvicted: evicted };
  }

  async save(
    draft: MappingRuleDraft,
    position: number | undefined,
    savedBy: string,
  ): Promise<SaveMappingOutcome> {
    const outcome = await this.options.store.saveMapping({ draft, position, savedBy, now: this.now() });
    if (outcome.ok) this.use(await this.options.store.listMappings());
    return outcome;
  }

  async delete(id: string): Promise<DeleteMappingOutcome> {
    const outcome = await this.options.store.deleteMapping(id);
    if (outcome.ok) this.use(await this.options.store.listMappings());
    return outcome;
  }

  async setFallback(fallback: UnmatchedFallback): Promise<UnmatchedFallback> {
    const stored = await this.options.store.setMappingFallback(fallback);
    if (stored.action === 'ignore') this.unmapped.clear();
    this.use({ ...this.stored, fallback: stored });
    return stored;
  }

  /** Every rule and the fallback replaced at once (a site file's import); subscriptions follow. */
  async replaceAll(rules: MappingRuleEntry[], fallback: UnmatchedFallback, savedBy: string): Promise<void> {
    const stored = await this.options.store.replaceMappings({ rules, fallback, savedBy, now: this.now() });
    if (stored.fallback.action === 'ignore') this.unmapped.clear();
    this.use(stored);
  }

  /** A payload under the saved rules, or under one draft rule alone. */
  preview(topic: string, payload: string, draft: MappingRuleDraft | undefined): PreviewResult {
    const rules = draft
      ? [
          compileRule(
            MappingRuleSchema.parse({ ...draft, id: draft.id ?? 'draft', updatedMs: 0, savedBy: '' }),
          ),
        ]
      : this.compiled;
    return previewMessage(rules, topic, Buffer.from(payload, 'utf8'), this.now());
  }

  /** The next message on a topic filter (subscribed to meanwhile), or null after the timeout. */
  captureNext(filter: string, timeoutMs: number): Promise<CapturedMessage | null> {
    return new Promise((resolve) => {
      const waiting: Waiting = {
        filter,
        resolve,
        timer: setTimeout(() => {
          this.waiting.delete(waiting);
          this.refreshFilters();
          resolve(null);
        }, timeoutMs),
      };
      this.waiting.add(waiting);
      this.refreshFilters();
    });
  }

  private use(stored: StoredMappings): void {
    this.stored = stored;
    this.compiled = stored.rules.flatMap((rule) => {
      try {
        return [compileRule(rule)];
      } catch (error) {
        this.options.log.error(`mapping rule ${rule.id} cannot be used: ${errorMessage(error)}`);
        return [];
      }
    });
    this.engine.setRules(this.compiled);
    this.refreshFilters();
  }

  private refreshFilters(): void {
    const wanted = this.engine.topicFilters();
    if (this.stored.fallback.action === 'capture') wanted.push(this.stored.fallback.filter);
    for (const waiting of this.waiting) wanted.push(waiting.filter);
    const filters = coveringFilters(wanted);
    if (filters.join('\n') === this.filters.join('\n')) return;
    this.filters = filters;
    this.filtersListener(filters);
  }

  private unmatched(topic: string, bytes: Uint8Array): void {
    const { fallback } = this.stored;
    if (fallback.action === 'capture' && filterMatches(fallback.filter, topic))
      this.unmapped.add(topic, bytes, this.now());
  }

  /** Hands the message to whoever waits for its topic; true when someone did. */
  private deliverCapture(topic: string, bytes: Uint8Array): boolean {
    let delivered = false;
    for (const waiting of this.waiting) {
      if (!filterMatches(waiting.filter, topic)) continue;
      clearTimeout(waiting.timer);
      this.waiting.delete(waiting);
      const kept = bytes.subarray(0, MAX_CAPTURE_BYTES * 16);
      waiting.resolve({
        topic,
        payload: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('utf8'),
        truncated: kept.byteLength < bytes.byteLength,
        bytes: bytes.byteLength,
      });
      delivered = true;
    }
    if (delivered) this.refreshFilters();
    return delivered;
  }
}
