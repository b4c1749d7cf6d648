import { describe, expect, it } from 'vitest';
import { lossAudit, RecordQueue } from '../../../../../electron/sync/producers/recordQueue.js';
import type { OutboxRecord } from '../../../../../electron/sync/ports.js';
import { AuditRecordSchema } from '../../../../../shared/sync.js';

const T = Date.UTC(2026, 10, 22, 12);
const record = (at: number, stream: OutboxRecord['stream'] = 'raw'): OutboxRecord => ({
  stream,
  at,
  line: JSON.stringify({ at }),
});
const why = () => 'disk full';

describe('the producers’ record queue', () => {
  it('holds at most its capacity and counts what does not fit, per stream and span', () => {
    const queue = new RecordQueue(3);
    for (let i = 0; i < 3; i++) expect(queue.push(record(T + i), why)).toBe(true);
    expect(queue.push(record(T + 10), why)).toBe(false);
    expect(queue.push(record(T + 5), why)).toBe(false);
    expect(queue.push(record(T + 7, 'devices'), why)).toBe(false);
    expect(queue.length).toBe(3);
    expect(queue.lostTotal).toBe(3);
    expect(queue.pendingLosses()).toEqual([
      { stream: 'raw', records: 2, firstAtMs: T + 5, lastAtMs: T + 10, reason: 'disk full' },
      { stream: 'devices', records: 1, firstAtMs: T + 7, lastAtMs: T + 7, reason: 'disk full' },
    ]);
  });

  it('hands out the oldest first and takes refused records back in front', () => {
    const queue = new RecordQueue(5);
    for (let i = 0; i < 4; i++) queue.push(record(T + i), why);
    const taken = queue.take(3);
    expect(taken.map((r) => r.at)).toEqual([T, T + 1, T + 2]);
    queue.push(record(T + 4), why);
    queue.push(record(T + 5), why);
    // Room for two again: the two oldest refused ones go back, the third is lost.
    queue.putBack(taken, 'disk full');
    expect(queue.take(10).map((r) => r.at)).toEqual([T, T + 1, T + 3, T + 4, T + 5]);
    expect(queue.pendingLosses()).toMatchObject([{ stream: 'raw', records: 1, firstAtMs: T + 2 }]);
  });

  it('keeps losses whose audit line could not be written, merged with newer ones', () => {
    const queue = new RecordQueue(0);
    queue.push(record(T), why);
    const taken = queue.takeLosses();
    expect(queue.pendingLosses()).toEqual([]);
    queue.push(record(T + 9), why);
    queue.restoreLosses(taken);
    expect(queue.pendingLosses()).toMatchObject([
      { stream: 'raw', records: 2, firstAtMs: T, lastAtMs: T + 9 },
    ]);
  });

  it('writes an audit line that says which stream lost how much over which span, and where the data still is', () => {
    const audit = lossAudit(
      { stream: 'rollups', records: 42, firstAtMs: T, lastAtMs: T + 60_000, reason: 'disk full' },
      T + 120_000,
    );
    expect(AuditRecordSchema.parse(audit)).toEqual(audit);
    expect(audit).toMatchObject({ by: 'sync', what: 'sync.lost', id: 'rollups', at: T + 120_000 });
    expect(audit.summary).toBe(
      '42 rollups record(s) with times from 2026-11-22T12:00:00.000Z to 2026-11-22T12:01:00.000Z could not be queued for the cloud (disk full); the historian still has the samples',
    );
  });
});
