import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../../shared/errors.js';
import {
  AlarmJournalCsvQuerySchema,
  AlarmJournalQuerySchema,
  AlarmKpiQuerySchema,
} from '../../../shared/httpQuery.js';

const problem = (result: { success: boolean; error?: Parameters<typeof describeZodError>[0] }) =>
  result.success || !result.error ? null : describeZodError(result.error);

describe('the alarm journal and report query parameters', () => {
  it('read the journal filters, lists split at commas, blank fields meaning "any"', () => {
    const parsed = AlarmJournalQuerySchema.parse({
      from: '2026-01-01T00:00:00Z',
      to: '1767312000000',
      tag: 'line1/pump*',
      area: '',
      priority: 'high,critical',
      state: 'unacked, acked',
      trigger: '',
      user: ' olga ',
      text: 'pump',
      limit: '50',
      beforeSeq: '1200',
    });
    expect(parsed).toEqual({
      filter: {
        from: 1_767_225_600_000,
        to: 1_767_312_000_000,
        tag: 'line1/pump*',
        priority: ['high', 'critical'],
        state: ['unacked', 'acked'],
        user: 'olga',
        text: 'pump',
      },
      limit: 50,
      beforeSeq: 1200,
    });
    expect(AlarmJournalQuerySchema.parse({ from: '0', to: '10' })).toEqual({
      filter: { from: 0, to: 10 },
      limit: 500,
    });
  });

  it('refuse unknown values, misspelt parameters, limits out of range and a range backwards', () => {
    expect(problem(AlarmJournalQuerySchema.safeParse({ from: '0', to: '1', priority: 'urgent' }))).toMatch(
      /^priority\.0: /,
    );
    expect(problem(AlarmJournalQuerySchema.safeParse({ from: '0', to: '1', priorty: 'high' }))).toMatch(
      /priorty/,
    );
    expect(problem(AlarmJournalQuerySchema.safeParse({ from: '0', to: '1', limit: '5001' }))).toMatch(
      /^limit: /,
    );
    expect(problem(AlarmJournalQuerySchema.safeParse({ from: '5', to: '1' }))).toMatch(
      /from must not be after to/,
    );
    expect(problem(AlarmJournalQuerySchema.safeParse({ to: '1' }))).toMatch(/^from: /);
  });

  it('read the export filters into the contract filter, without paging', () => {
    expect(AlarmJournalCsvQuerySchema.parse({ from: '0', to: '9', trigger: 'acknowledged,note' })).toEqual({
      from: 0,
      to: 9,
      trigger: ['acknowledged', 'note'],
    });
    expect(problem(AlarmJournalCsvQuerySchema.safeParse({ from: '0', to: '9', limit: '5' }))).toMatch(
      /limit/,
    );
  });

  it('bound a report to 400 days', () => {
    expect(AlarmKpiQuerySchema.parse({ from: '2026-01-01', to: '2026-02-01' })).toEqual({
      from: 1_767_225_600_000,
      to: 1_769_904_000_000,
    });
    expect(problem(AlarmKpiQuerySchema.safeParse({ from: '2024-01-01', to: '2026-01-01' }))).toMatch(
      /at most 400 days/,
    );
  });
});
