import type { Writable } from 'node:stream';
import type { Aggregate, AggregateSeries } from '../../shared/domain.js';
import type { AggregateQuery, ExportPageQuery } from '../historian/types.js';
import { streamAggregateCsv } from './aggregateCsv.js';
import { streamRawCsv } from './rawCsv.js';

/** One raw window as CSV rows, formatted where the samples are (the historian's worker). */
export interface CsvRowsQuery extends ExportPageQuery {
  /** CSV-ready tag id of each key in `keys`, in the same order. */
  ids: string[];
}

export interface CsvRows {
  count: number;
  text: string;
}

/** What an export reads: the historian's raw windows as CSV rows and per-interval aggregates. */
export interface CsvExportSource {
  exportCsvRows(query: CsvRowsQuery): Promise<CsvRows>;
  aggregates(query: AggregateQuery): Promise<AggregateSeries>;
}

export interface ExportTag {
  key: number;
  id: string;
}

/** An export request resolved against the tag registry (see exportPlan.ts). */
export interface CsvExportPlan {
  tags: ExportTag[];
  from: number;
  to: number;
  /** Interval length in ms; unset: raw samples. */
  resolution?: number;
  /** Columns at a resolution; unset: DEFAULT_CSV_AGGREGATES. */
  aggregates?: readonly Aggregate[];
}

/** Every row up to `through` (epoch ms) has been written: rows come in time order. */
export interface CsvStreamProgress {
  rows: number;
  through: number;
}

export interface CsvStreamOptions {
  /** Stops the export after the historian call under way; no further window is read. */
  signal?: AbortSignal;
  onProgress?(progress: CsvStreamProgress): void;
}

export interface CsvStreamResult {
  rows: number;
  /** False when the export was cancelled or its destination went away before the end. */
  complete: boolean;
}

/** Writes chunks of CSV to any Node writable, waiting for it to drain between windows. */
export interface ChunkWriter {
  write(chunk: string): Promise<void>;
  /** The caller cancelled, or the destination was closed (a client that went away). */
  stopped(): boolean;
}

/**
 * Streams an export as CSV in time order, window by window from the historian worker, into any
 * Node writable (an HTTP response, a file). Memory stays flat whatever the row count; a
 * cancelled export or a destination that closes stops at the next window.
 */
export function streamCsv(
  source: CsvExportSource,
  plan: CsvExportPlan,
  out: Writable,
  options: CsvStreamOptions = {},
): Promise<CsvStreamResult> {
  const writer = chunkWriter(out, options.signal);
  return plan.resolution === undefined
    ? streamRawCsv(source, plan, writer, options.onProgress)
    : streamAggregateCsv(source, { ...plan, resolution: plan.resolution }, writer, options.onProgress);
}

/** A ChunkWriter over a Node writable; `signal` cancels. */
export function chunkWriter(out: Writable, signal: AbortSignal | undefined): ChunkWriter {
  const stopped = () => signal?.aborted === true || out.destroyed || out.writableEnded;
  return {
    stopped,
    async write(chunk) {
      if (chunk.length === 0 || stopped() || out.write(chunk)) return;
      await drainedOrGone(out, signal);
    },
  };
}

/**
 * Resolves on 'drain', or when waiting for it is pointless: the stream closed or failed (a client
 * that disconnects never drains), or the export was cancelled.
 */
function drainedOrGone(out: Writable, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done).off('close', done).off('error', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    out.on('drain', done).on('close', done).on('error', done);
    signal?.addEventListener('abort', done);
    if (stoppedNow(out, signal)) done();
  });
}

const stoppedNow = (out: Writable, signal: AbortSignal | undefined) =>
  signal?.aborted === true || out.destroyed;
