import { describe, expect, it } from 'vitest';
import type { EventsResult } from '../../../../shared/domain.js';
import { Quality } from '../../../../shared/quality.js';
import { mergeEvents } from '../../../../renderer/trend/eventList.js';

const result = (tag: string, stamps: number[], more = false): EventsResult => ({
  tag,
  from: 0,
  to: 10_000,
  order: 'newest',
  events: stamps.map((ts) => ({ ts, text: `${tag}@${ts}`, quality: Quality.Good })),
  more,
});

describe('the Events panel list', () => {
  it('merges several tags newest first', () => {
    const list = mergeEvents([result('a/b/batch', [5000, 1000]), result('a/c/note', [3000])]);
    expect(list.rows.map((row) => `${row.tag} ${row.ts}`)).toEqual([
      'a/b/batch 5000',
      'a/c/note 3000',
      'a/b/batch 1000',
    ]);
    expect(list.more).toBe(false);
  });

  it('keeps the newest rows up to its limit and says when some were left out', () => {
    expect(mergeEvents([result('a/b/batch', [3, 2, 1])], 2)).toMatchObject({
      rows: [{ ts: 3 }, { ts: 2 }],
      more: true,
    });
    expect(mergeEvents([result('a/b/batch', [1], true)]).more).toBe(true);
  });
});
