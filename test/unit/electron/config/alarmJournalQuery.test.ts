import { beforeEach, describe, expect, it } from 'vitest';
import type { AlarmJournalFilter } from '../../../../shared/alarms.js';
import { journalLine } from '../../../helpers/alarmJournalLines.js';
import { useConfigStore } from '../../../helpers/configStoreFixture.js';

/** Lines of three tags over two areas, numbered 1…8 in the order written. */
const LINES = [
  journalLine({ ts: 100 }),
  journalLine({
    ts: 200,
    from: 'unacked',
    to: 'acked',
    trigger: 'acknowledged',
    user: 'Olga',
    comment: 'Called the field operator',
  }),
  journalLine({
    ts: 300,
    alarm: 'line1/pump3/flow/raw#badQuality',
    tag: 'line1/pump3/flow/raw',
    priority: 'low',
    message: 'Flow transmitter bad',
    trigger: 'activated',
    level: null,
  }),
  journalLine({
    ts: 400,
    alarm: 'line10/pump1/speed#level',
    tag: 'line10/pump1/speed',
    area: 'line10',
    priority: 'critical',
    message: 'Überdrehzahl Pumpe 1',
  }),
  journalLine({
    ts: 500,
    from: 'acked',
    to: 'shelved',
    trigger: 'shelved',
    user: 'piotr',
    comment: 'sensor under repair',
  }),
  journalLine({
    ts: 600,
    alarm: 'line10/pump1/speed#level',
    tag: 'line10/pump1/speed',
    area: 'line10',
    priority: 'critical',
    message: 'Überdrehzahl Pumpe 1',
    from: 'unacked',
    to: 'outOfService',
    trigger: 'outOfService',
    user: 'erin',
    comment: 'maintenance',
  }),
  // Written late with an earlier time (a remote station's action): ordered by its time.
  journalLine({
    ts: 250,
    trigger: 'note',
    from: 'acked',
    to: 'acked',
    user: 'remote-op',
    comment: 'noted on station B',
    station: 'station-b',
  }),
  journalLine({ ts: 600, from: 'shelved', to: 'shelved', trigger: 'cleared' }),
];

describe('alarm journal queries', () => {
  const config = useConfigStore();
  beforeEach(() => config.store.alarms.writeBatch({ states: [], removed: [], journal: LINES }));

  const seqs = (filter: Partial<AlarmJournalFilter>, limit = 100) =>
    config.store.alarms.journal
      .query({ filter: { from: 0, to: 10_000, ...filter }, limit })
      .entries.map((e) => e.seq);

  it('answers newest first by time, lines at the same time in the order they were written', () => {
    expect(seqs({})).toEqual([8, 6, 5, 4, 3, 7, 2, 1]);
  });

  it('pages with beforeSeq through every line exactly once, saying when there is more', () => {
    const pages: number[][] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const page = config.store.alarms.journal.query({
        filter: { from: 0, to: 10_000 },
        limit: 3,
        beforeSeq,
      });
      pages.push(page.entries.map((e) => e.seq));
      if (!page.more) break;
      beforeSeq = page.entries.at(-1)?.seq;
    }
    expect(pages).toEqual([
      [8, 6, 5],
      [4, 3, 7],
      [2, 1],
    ]);
  });

  it('filters by time, inclusive at both ends', () => {
    expect(seqs({ from: 250, to: 500 })).toEqual([5, 4, 3, 7]);
  });

  it('filters by tag: exact, every tag below a path, or any tag starting with a prefix*', () => {
    expect(seqs({ tag: 'line1/pump3/flow/raw' })).toEqual([3]);
    expect(seqs({ tag: 'line1/pump3/flow' })).toEqual([8, 5, 3, 7, 2, 1]);
    expect(seqs({ tag: 'line1' })).toEqual([8, 5, 3, 7, 2, 1]);
    expect(seqs({ tag: 'line1*' })).toEqual([8, 6, 5, 4, 3, 7, 2, 1]);
    expect(seqs({ tag: 'line10/pump*' })).toEqual([6, 4]);
    expect(seqs({ tag: 'Line1' })).toEqual([]);
  });

  it('filters by area, priority, state reached and trigger', () => {
    expect(seqs({ area: 'line10' })).toEqual([6, 4]);
    expect(seqs({ priority: ['critical', 'low'] })).toEqual([6, 4, 3]);
    expect(seqs({ state: ['shelved', 'outOfService'] })).toEqual([8, 6, 5]);
    expect(seqs({ trigger: ['acknowledged', 'note'] })).toEqual([7, 2]);
    expect(seqs({ trigger: [] })).toEqual([]);
  });

  it('filters by user, ignoring case', () => {
    expect(seqs({ user: 'olga' })).toEqual([2]);
    expect(seqs({ user: 'OLGA' })).toEqual([2]);
  });

  it('finds text in the message, comment, alarm id or user, ignoring case (also beyond ASCII)', () => {
    expect(seqs({ text: 'FIELD operator' })).toEqual([2]);
    expect(seqs({ text: 'überdrehzahl' })).toEqual([6, 4]);
    expect(seqs({ text: 'ÜBERDREHZAHL' })).toEqual([6, 4]);
    expect(seqs({ text: '#badquality' })).toEqual([3]);
    expect(seqs({ text: 'PIOTR' })).toEqual([5]);
    expect(seqs({ text: '100%' })).toEqual([]);
  });

  it('combines filters, and says there is more when the limit cuts the answer', () => {
    expect(seqs({ tag: 'line1/pump3/flow', trigger: ['activated'], from: 0, to: 250 })).toEqual([1]);
    const page = config.store.alarms.journal.query({
      filter: { from: 0, to: 10_000, area: 'line1' },
      limit: 2,
    });
    expect(page.entries.map((e) => e.seq)).toEqual([8, 5]);
    expect(page.more).toBe(true);
  });

  it('goes on by seq when the line a page ended at was deleted by retention', () => {
    config.store.alarms.journal.deleteOlderThan(150, 10);
    expect(
      config.store.alarms.journal.query({ filter: { from: 0, to: 10_000 }, limit: 10, beforeSeq: 1 }).entries,
    ).toEqual([]);
    expect(
      config.store.alarms.journal
        .query({ filter: { from: 0, to: 10_000 }, limit: 10, beforeSeq: 3 })
        .entries.map((e) => e.seq),
    ).toEqual([7, 2]);
  });
});
