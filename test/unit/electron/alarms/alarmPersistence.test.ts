import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/errors.js';
import { alarmHarness, type AlarmHarness } from '../../../helpers/alarmHarness.js';
import { waitFor } from '../../../helpers/waitFor.js';

const TAG = 'line1/pump1/pressure';
const LEVEL = `${TAG}#level`;

/** Durable writes in batches, never dropped; live pushes coalesced with counts. */
describe('alarm engine writes and pushes', () => {
  let h: AlarmHarness;
  afterEach(() => h.stop());

  const setup = async () => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [{ kind: 'H', value: 10, deadband: 1, priority: 'medium' }]);
    await h.engine.flushed();
  };

  it('writes the changes of one moment as one batch: states and journal lines together', async () => {
    await setup();
    const before = h.store.batches;
    for (let i = 0; i < 50; i++) {
      h.sample(TAG, 12);
      h.sample(TAG, 2);
    }
    await h.engine.flushed();
    expect(h.store.batches).toBe(before + 1);
    expect(h.store.journal.filter((l) => l.alarm === LEVEL)).toHaveLength(100);
    expect(h.store.states.get(LEVEL)).toMatchObject({
      state: 'rtnUnacked',
      revision: h.alarm(LEVEL).revision,
    });
  });

  it('answers an operator action once it is on disk', async () => {
    await setup();
    h.sample(TAG, 12);
    const answer = await h.engine.acknowledge([LEVEL], 'seen', 'ann');
    expect(answer.results[0]).toMatchObject({ ok: true });
    expect(h.store.journal.at(-1)).toMatchObject({ trigger: 'acknowledged', comment: 'seen' });
    expect(h.store.states.get(LEVEL)).toMatchObject({ acknowledged: true });
  });

  it('keeps and retries what a full disk refused, and tells the operator the action is not yet on disk', async () => {
    await setup();
    h.sample(TAG, 12);
    await h.engine.flushed();
    h.store.failWrites = 1;
    const failed = h.engine.acknowledge([LEVEL], 'seen', 'ann');
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(h.alarm(LEVEL).state).toBe('acked');
    expect(
      h.log.lines.some((line) => line.includes('could not be written') && line.includes('kept to retry')),
    ).toBe(true);
    // The retry (after a second) writes the acknowledgement and what came since, in order.
    h.sample(TAG, 2);
    await waitFor('the retry', () => h.store.journal.some((l) => l.trigger === 'cleared'));
    expect(h.store.journal.filter((l) => l.alarm === LEVEL).map((l) => l.trigger)).toEqual([
      'activated',
      'acknowledged',
      'cleared',
    ]);
    expect(h.store.states.get(LEVEL)).toMatchObject({ state: 'normal' });
  });

  it('pushes changed alarms coalesced, with those that left the list and the counts', async () => {
    await setup();
    // New alarms (normal) are pushed as not on the list; start after that.
    await waitFor('the first push', () => h.pushes.length > 0);
    h.pushes.length = 0;
    h.sample(TAG, 12);
    h.sample(TAG, 13);
    await waitFor('a push', () => h.pushes.length > 0);
    expect(h.pushes).toHaveLength(1);
    expect(h.pushes[0]).toMatchObject({
      alarms: [{ id: LEVEL, state: 'unacked' }],
      removed: [],
      counts: { medium: { unacked: 1, total: 1 } },
    });
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.sample(TAG, 2);
    await waitFor('a second push', () => h.pushes.length > 1 && h.pushes.at(-1)!.removed.length > 0);
    expect(h.pushes.at(-1)).toMatchObject({
      alarms: [],
      removed: [LEVEL],
      counts: { medium: { unacked: 0, total: 0 } },
    });
  });
});
