import type {
  Aggregate,
  AggregateSeries,
  EventOrder,
  EventsResult,
  TagCurrentValue,
  TagMeta,
} from '../../shared/domain.js';
import type { StorageCompression } from '../../shared/storageCompression.js';
import type { PackedHistory } from './packedSeries.js';

/** A tag as the historian stores it: its metadata plus a compact integer key. */
export interface StoredTag extends TagMeta {
  key: number;
}

/**
 * Samples in columns, so a batch crosses to the worker as four transferred buffers instead of
 * thousands of cloned objects. A NaN value means "no value" (bad or missing).
 */
export interface SampleColumns {
  count: number;
  tagKeys: Int32Array;
  ts: Float64Array;
  values: Float64Array;
  qualities: Uint32Array;
}

/**
 * Texts of string tags, collected apart from samples so the numeric columns stay typed arrays.
 * They are few (a text is stored when it changes), so plain arrays that are cloned will do.
 */
export interface EventBatch {
  count: number;
  tagKeys: number[];
  ts: number[];
  texts: (string | null)[];
  qualities: number[];
}

export interface EventsQuery {
  key: number;
  tag: string;
  from: number;
  to: number;
  limit: number;
  order: EventOrder;
}

export interface RangeQuery {
  key: number;
  tag: string;
  from: number;
  to: number;
  maxPoints: number;
}

export interface AggregateQuery {
  key: number;
  tag: string;
  from: number;
  to: number;
  interval: number;
  aggregates: Aggregate[];
}

/** One window of an export's rows: samples, and string tags' events with their `texts`. */
export interface ExportPage extends SampleColumns {
  /** The text of each row that is an event (null for samples); absent when no row is. */
  texts?: (string | null)[];
}

/** One window of an export: every sample of these tags in [from, to]. */
export interface ExportPageQuery {
  keys: number[];
  from: number;
  to: number;
}

export interface LastValue {
  key: number;
  ts: number;
  /** A text for a string tag. */
  value: TagCurrentValue;
  quality: number;
}

/** What one retention pass removed, and whether it got round every tag. */
export interface RetentionSweep {
  samples: number;
  buckets: number;
  /** Events of string tags past the raw horizon. */
  events: number;
  done: boolean;
}

export interface StorageStatus {
  usedBytes: number;
  maxBytes: number | null;
  /** The oldest raw sample still kept (sealed), or null when none is sealed yet. */
  oldestRawTs: number | null;
  warning: string | null;
}

/** The methods the historian worker answers. */
export interface HistorianWorkerApi {
  [method: string]: (args: never) => unknown;
  loadTags(args: null): StoredTag[];
  upsertTags(args: StoredTag[]): number;
  append(args: SampleColumns): number;
  appendEvents(args: EventBatch): number;
  queryEvents(args: EventsQuery): EventsResult;
  queryRange(args: RangeQuery): PackedHistory;
  queryRanges(args: RangeQuery[]): PackedHistory[];
  exportCsvRows(args: ExportPageQuery & { ids: string[] }): { count: number; text: string };
  lastValues(args: null): LastValue[];
  valueAt(args: { key: number; at: number }): LastValue | null;
  aggregates(args: AggregateQuery): AggregateSeries;
  checkpoint(args: null): { walPages: number; checkpointed: number };
  sealAll(args: null): { sealed: number; usedBytes: number };
  storageStatus(args: null): StorageStatus;
  sweepRetention(args: { now: number }): RetentionSweep;
  setTagCompression(args: { id: string; setting: StorageCompression | null }): null;
}
