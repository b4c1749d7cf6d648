import { describe, expect, it } from 'vitest';
import {
  dropPreview,
  dropRequest,
  emptyDropForm,
  targetStreams,
} from '../../../../renderer/sync/dropForm.js';
import { backlog, syncStatus } from './syncFixtures.js';

describe('the drop backlog dialog', () => {
  it('asks for all backfill, or one stream before a time, with the reason', () => {
    expect(dropRequest({ ...emptyDropForm, reason: 'trial data, not wanted' })).toEqual({
      ok: true,
      request: { stream: null, beforeMs: null, reason: 'trial data, not wanted' },
    });
    expect(
      dropRequest({ target: 'raw', before: '2026-03-01T06:30', reason: ' link gone for weeks ' }),
    ).toEqual({
      ok: true,
      request: {
        stream: 'raw',
        beforeMs: new Date('2026-03-01T06:30').getTime(),
        reason: 'link gone for weeks',
      },
    });
  });

  it('refuses without a reason, with an unreadable time or an unknown stream', () => {
    expect(dropRequest({ ...emptyDropForm, reason: '  ok ' })).toEqual({
      ok: false,
      problem: 'Reason: say why (at least 3 characters)',
    });
    expect(dropRequest({ target: 'raw', before: 'yesterday', reason: 'because' })).toEqual({
      ok: false,
      problem: 'Before: give a date and time',
    });
    expect(dropRequest({ target: 'everything', before: '', reason: 'because' })).toMatchObject({ ok: false });
  });

  it('says what will go at most, and that the drop is journaled', () => {
    const status = syncStatus({
      streams: [
        backlog('alarms', { records: 4, bytes: 900 }),
        backlog('raw', { records: 10_000, bytes: 2_000_000 }),
        backlog('rollups', { records: 500, bytes: 100_000 }),
      ],
    });
    expect(targetStreams('backfill', status.streams).map((s) => s.stream)).toEqual(['raw', 'rollups']);
    expect(dropPreview(emptyDropForm, status)).toEqual([
      'Drops waiting records of every backfill stream (raw, rollups), all of it: at most 10,500 records (2.1 MB) that will never reach the cloud.',
      'The drop is journaled on the audit stream with the batches removed, so the cloud can tell it from a loss.',
    ]);
    expect(dropPreview({ target: 'raw', before: '2026-03-01T06:30', reason: '' }, status)[0]).toBe(
      'Drops waiting records of the raw stream, with event time before 2026-03-01 06:30:00: at most 10,000 records (2.0 MB) that will never reach the cloud.',
    );
  });
});
