import { describe, expect, it } from 'vitest';
import { InFlight } from '../../../electron/sync/inFlight.js';

const batch = (stream: 'alarms' | 'raw', seq: number, sentAt = 0) => ({
  stream,
  seq,
  count: 10,
  bytes: 100,
  sentAt,
});

describe('InFlight', () => {
  it('counts batches and bytes until the broker acknowledges them, in any order', () => {
    const window = new InFlight();
    window.sent(batch('raw', 1));
    window.sent(batch('raw', 2));
    window.sent(batch('alarms', 7));
    expect([window.count, window.bytes]).toEqual([3, 300]);
    expect(window.acked('raw', 2)?.seq).toBe(2);
    expect(window.acked('alarms', 7)?.seq).toBe(7);
    expect([window.count, window.bytes]).toEqual([1, 100]);
    expect(window.acked('raw', 1)?.seq).toBe(1);
    expect([window.count, window.bytes]).toEqual([0, 0]);
  });

  it('ignores a repeated or unknown PUBACK', () => {
    const window = new InFlight();
    window.sent(batch('raw', 1));
    window.acked('raw', 1);
    expect(window.acked('raw', 1)).toBeUndefined();
    expect(window.acked('alarms', 5)).toBeUndefined();
    expect(window.bytes).toBe(0);
  });

  it('asks the outbox only for what follows the newest batch sent, acknowledged or not', () => {
    const window = new InFlight();
    window.sent(batch('raw', 4));
    window.sent(batch('raw', 5));
    window.acked('raw', 5);
    expect(window.after()).toEqual({ raw: 5 });
  });

  it('names the oldest unacknowledged batch for the stall check', () => {
    const window = new InFlight();
    expect(window.oldestSentAt()).toBeNull();
    window.sent(batch('raw', 1, 500));
    window.sent(batch('raw', 2, 900));
    window.acked('raw', 1);
    expect(window.oldestSentAt()).toBe(900);
  });

  it('takes the first sent still unacknowledged as the oldest, whatever the clock did', () => {
    const window = new InFlight();
    window.sent(batch('raw', 1, 900));
    window.sent(batch('raw', 2, 500)); // the clock was set back
    expect(window.oldestSentAt()).toBe(900);
    expect(window.sentUpTo('raw')).toBe(2);
    expect(window.sentUpTo('rollups')).toBe(0);
  });

  it('starts a new session from the oldest unacknowledged batch of every stream', () => {
    const window = new InFlight();
    window.sent(batch('raw', 1));
    window.reset();
    expect([window.count, window.bytes, window.after()]).toEqual([0, 0, {}]);
  });
});
