import { afterEach, describe, expect, it, vi } from 'vitest';
import { JournalRetention } from '../../../../electron/config/alarmJournalRetention.js';

const DAY = 86_400_000;

/** A journal of line times that deletes as the table does: oldest first, at most `chunk`. */
function journal(times: number[]) {
  const lines = [...times].sort((a, b) => a - b);
  const calls: number[] = [];
  return {
    lines,
    calls,
    deleteOlderThan(cutoff: number, chunk: number) {
      const old = lines.filter((ts) => ts < cutoff).slice(0, chunk);
      lines.splice(0, old.length);
      calls.push(old.length);
      return old.length;
    },
  };
}

describe('alarm journal retention', () => {
  afterEach(() => vi.useRealTimers());

  it('deletes lines older than the retention at start, a chunk per turn of the event loop, and again daily', async () => {
    vi.useFakeTimers({ now: 100 * DAY });
    const table = journal([...Array.from({ length: 25 }, (_, i) => i), 95 * DAY, 99 * DAY]);
    const log: string[] = [];
    const retention = new JournalRetention({
      deleteOlderThan: (cutoff, chunk) => table.deleteOlderThan(cutoff, chunk),
      retentionDays: () => 10,
      now: Date.now,
      log: (level, message) => log.push(`${level} ${message}`),
      chunk: 10,
    });
    retention.start();
    await vi.advanceTimersByTimeAsync(0);
    // One chunk, then the rest only after other work had a turn.
    expect(table.calls).toEqual([10]);
    await vi.advanceTimersByTimeAsync(10);
    expect(table.calls).toEqual([10, 10, 5]);
    expect(table.lines).toEqual([95 * DAY, 99 * DAY]);
    expect(log).toEqual([
      expect.stringMatching(
        /^info alarm journal retention deleted 25 lines older than 1970-04-01T00:00:00.000Z$/,
      ),
    ]);

    await vi.advanceTimersByTimeAsync(6 * DAY);
    expect(table.lines).toEqual([99 * DAY]);
    retention.stop();
  });

  it('ends a pass that fails with a warning and tries again at the next', async () => {
    vi.useFakeTimers({ now: 100 * DAY });
    let full = true;
    const table = journal([1, 2, 3]);
    const log: string[] = [];
    const retention = new JournalRetention({
      deleteOlderThan: (cutoff, chunk) => {
        if (full) throw new Error('the disk is full');
        return table.deleteOlderThan(cutoff, chunk);
      },
      retentionDays: () => 10,
      now: Date.now,
      log: (level, message) => log.push(`${level} ${message}`),
    });
    retention.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['warn alarm journal retention stopped after 0 lines: the disk is full']);
    full = false;
    await vi.advanceTimersByTimeAsync(DAY);
    expect(table.lines).toEqual([]);
    retention.stop();
  });
});
