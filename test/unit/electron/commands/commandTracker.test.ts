import { describe, expect, it } from 'vitest';
import {
  CommandTracker,
  type CommandOutcome,
  type SentCommand,
} from '../../../../electron/commands/commandTracker.js';

function setup() {
  let now = 1_000_000;
  const outcomes: Array<[number, CommandOutcome, number]> = [];
  const tracker = new CommandTracker({
    now: () => now,
    onOutcome: (command: SentCommand, outcome, at) => outcomes.push([command.id, outcome, at]),
  });
  return { tracker, outcomes, advance: (ms: number) => (now += ms), at: () => now };
}

describe('command tracker', () => {
  it('reports a command echoed when the device reports the new value after it was sent', () => {
    const { tracker, outcomes, advance, at } = setup();
    tracker.track({ id: 1, tag: 'p/speed', value: 1450, sentAt: at(), timeoutMs: 5_000 });
    tracker.observe('p/speed', 1450, at() - 10); // reported before the command: not an echo
    tracker.observe('p/speed', 1300, at() + 100); // another value
    tracker.observe('p/other', 1450, at() + 100); // another tag
    expect(outcomes).toEqual([]);
    advance(300);
    tracker.observe('p/speed', 1450, at());
    expect(outcomes).toEqual([[1, 'echoed', at()]]);
    expect(tracker.size).toBe(0);
  });

  it('reports a timeout when no echo comes in time, and only once', () => {
    const { tracker, outcomes, advance, at } = setup();
    tracker.track({ id: 2, tag: 'p/run', value: true, sentAt: at(), timeoutMs: 5_000 });
    advance(4_999);
    tracker.sweep();
    expect(outcomes).toEqual([]);
    advance(1);
    tracker.sweep();
    tracker.sweep();
    tracker.observe('p/run', 1, at());
    expect(outcomes).toEqual([[2, 'timedOut', at()]]);
  });

  it('takes 1 for true and a Float rounded to 32 bits as the same value', () => {
    const { tracker, outcomes, at } = setup();
    tracker.track({ id: 3, tag: 'p/run', value: true, sentAt: at(), timeoutMs: 5_000 });
    tracker.track({ id: 4, tag: 'p/sp', value: 0.1, sentAt: at(), timeoutMs: 5_000 });
    tracker.track({ id: 5, tag: 'p/batch', value: 'B7', sentAt: at(), timeoutMs: 5_000 });
    tracker.observe('p/run', 1, at());
    tracker.observe('p/sp', Math.fround(0.1), at());
    tracker.observe('p/batch', 'B7', at());
    expect(outcomes.map(([id, outcome]) => [id, outcome])).toEqual([
      [3, 'echoed'],
      [4, 'echoed'],
      [5, 'echoed'],
    ]);
  });
});
