import { afterEach, describe, expect, it } from 'vitest';
import { AlarmPush, type AlarmsPush } from '../../../../electron/alarms/alarmPush.js';
import { waitFor } from '../../../helpers/waitFor.js';

const counts = () => ({
  low: { unacked: 0, total: 0 },
  medium: { unacked: 0, total: 0 },
  high: { unacked: 0, total: 0 },
  critical: { unacked: 0, total: 0 },
});

describe('AlarmPush', () => {
  let push: AlarmPush;
  afterEach(() => push.stop());

  it('sends a change after a quiet spell at once, and holds the next until the interval has passed', async () => {
    const sent: AlarmsPush[] = [];
    push = new AlarmPush({
      listed: (id) => (id === 'gone#level' ? null : ({ id } as AlarmsPush['alarms'][number])),
      counts,
      send: (batch) => sent.push(batch),
      intervalMs: 60_000, // a minute: a push before then can only be the leading one
    });
    push.markDirty('a/b#level');
    push.markDirty('gone#level');
    push.markDirty('a/b#level');
    await waitFor('the first push', () => sent.length > 0);
    expect(sent).toEqual([{ alarms: [{ id: 'a/b#level' }], removed: ['gone#level'], counts: counts() }]);
    push.markDirty('c/d#level');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toHaveLength(1);
    push.flush(); // what the interval's timer does when it runs
    expect(sent.at(-1)).toMatchObject({ alarms: [{ id: 'c/d#level' }] });
  });
});
