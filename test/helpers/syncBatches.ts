import type { AuditRecord, BatchHeader, SampleRecord, SyncStream } from '../../shared/sync.js';
import { encodeBatch } from '../../electron/sync/wire.js';

export const TEST_OUTBOX = '0123456789abcdef';

/** A sealed batch as a site would send it: `lines` are records already serialised. */
export function makeBatch(
  stream: SyncStream,
  seq: number,
  records: readonly object[],
  site = 'site1',
  outbox = TEST_OUTBOX,
): Buffer {
  const ats = records.map((record) => (record as { at: number }).at);
  const header: BatchHeader = {
    v: 1,
    site,
    station: 'station1',
    outbox,
    stream,
    seq,
    count: records.length,
    firstAtMs: ats[0] ?? 0,
    lastAtMs: ats.at(-1) ?? 0,
  };
  return encodeBatch(
    header,
    records.map((record) => JSON.stringify(record)),
  );
}

/** `n` raw samples of one tag, one a second from `startMs`, values start, start+1, … */
export function samples(n: number, startMs = 1_700_000_000_000, start = 0): SampleRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    at: startMs + (start + i) * 1000,
    tag: 'area1/pump1/flow',
    value: start + i,
    quality: 'good' as const,
  }));
}

/** The audit record a site writes when it drops batches `fromSeq`–`toSeq` of a stream. */
export function dropRecord(
  stream: SyncStream,
  fromSeq: number,
  toSeq: number,
  at = 1_700_000_100_000,
): AuditRecord {
  return {
    at,
    by: 'admin',
    what: 'outbox.drop',
    id: null,
    version: null,
    summary: `dropped ${stream} ${fromSeq}–${toSeq}`,
    dropped: { stream, fromSeq, toSeq, records: (toSeq - fromSeq + 1) * 10 },
  };
}
