import { describe, expect, it } from 'vitest';
import { AlarmJournalFilterSchema } from '../../../../shared/alarms.js';
import {
  alarmJournalCsvHref,
  DEFAULT_SPAN_MS,
  EMPTY_JOURNAL_FORM,
  journalFilter,
  toLocalInput,
} from '../../../../renderer/alarms/journalQuery.js';

const NOW = Date.UTC(2026, 0, 31, 12);

describe('the journal filter form', () => {
  it('means the last week when no range is given', () => {
    expect(journalFilter(EMPTY_JOURNAL_FORM, NOW)).toEqual({
      ok: true,
      filter: { from: NOW - DEFAULT_SPAN_MS, to: NOW },
    });
  });

  it('becomes a filter the contract accepts, blanks left out', () => {
    const from = toLocalInput(NOW - 3_600_000);
    const result = journalFilter(
      {
        ...EMPTY_JOURNAL_FORM,
        from,
        tag: ' boiler/* ',
        user: 'erin',
        priorities: ['high'],
        states: ['acked'],
      },
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      filter: {
        from: NOW - 3_600_000,
        to: NOW,
        tag: 'boiler/*',
        user: 'erin',
        priority: ['high'],
        state: ['acked'],
      },
    });
    expect(result.ok && AlarmJournalFilterSchema.safeParse(result.filter).success).toBe(true);
  });

  it('refuses a range that ends before it starts', () => {
    const form = { ...EMPTY_JOURNAL_FORM, from: toLocalInput(NOW), to: toLocalInput(NOW - 60_000) };
    expect(journalFilter(form, NOW)).toEqual({ ok: false, error: 'the range starts after it ends' });
  });

  it('writes the export’s query string as the server reads it: ISO times, comma lists', () => {
    const href = alarmJournalCsvHref({
      from: 0,
      to: 60_000,
      tag: 'a/b',
      priority: ['high', 'critical'],
      text: 'x y',
    });
    expect(href).toBe(
      '/api/export/alarms.csv?from=1970-01-01T00%3A00%3A00.000Z&to=1970-01-01T00%3A01%3A00.000Z&tag=a%2Fb&text=x+y&priority=high%2Ccritical',
    );
  });
});
