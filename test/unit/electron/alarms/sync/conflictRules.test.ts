import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ackActivation,
  decideLive,
  emptyOverlay,
  holdsRegister,
  mergeAction,
  mergeOverlay,
  needsCatchUp,
  type Overlay,
} from '../../../../../electron/alarms/sync/conflictRules.js';
import type { StampedAction } from '../../../../../shared/alarmSync.js';
import type { AlarmAction } from '../../../../../shared/alarms.js';
import { act, actor, view } from './syncActions.js';

function overlayOf(...actions: StampedAction[]): Overlay {
  const overlay = emptyOverlay();
  for (const stamped of actions) mergeAction(overlay, stamped);
  return overlay;
}

describe('alarm sync conflict rules', () => {
  it('lets the later of a shelve and an unshelve made at once decide, in whichever order they arrive', () => {
    const shelve = act('shelve', 'a', 1_000);
    const unshelve = act('unshelve', 'b', 1_001);
    expect(overlayOf(shelve, unshelve).shelve).toBe(unshelve);
    expect(overlayOf(unshelve, shelve).shelve).toBe(unshelve);
  });

  it('breaks a tie of the same instant by station id, the same way on every station', () => {
    const a = act('outOfService', 'a', 1_000);
    const b = act('returnToService', 'b', 1_000);
    expect(overlayOf(a, b).service).toBe(b);
    expect(overlayOf(b, a).service).toBe(b);
  });

  it('credits the earlier of two acks of one activation, and lets an ack of a newer activation replace it', () => {
    const first = act('acknowledge', 'b', 1_000, { activeSinceMs: 500 });
    const second = act('acknowledge', 'a', 1_002, { activeSinceMs: 500 });
    expect(overlayOf(second, first).ack).toBe(first);
    const newer = act('acknowledge', 'a', 900, { activeSinceMs: 8_000 }); // a clock behind, a newer activation
    expect(overlayOf(first, newer).ack).toBe(newer);
    expect(overlayOf(newer, first).ack).toBe(newer);
  });

  it('keeps notes out of the overlay', () => {
    const overlay = emptyOverlay();
    expect(mergeAction(overlay, act('note', 'a', 1))).toBe(false);
    expect(overlay).toEqual(emptyOverlay());
  });

  it('ends with the same overlay whatever order and whatever duplicates the actions arrive in', () => {
    const kinds = [
      'acknowledge',
      'shelve',
      'unshelve',
      'outOfService',
      'returnToService',
      'reset',
      'note',
    ] as const;
    const action = fc
      .record({
        kind: fc.constantFrom(...kinds),
        station: fc.constantFrom('a', 'b', 'c'),
        ms: fc.integer({ min: 0, max: 20 }),
        activeSinceMs: fc.constantFrom(10_000, 20_000, 30_000),
      })
      .map(({ kind, station, ms, activeSinceMs }) => act(kind, station, ms, { activeSinceMs }));
    // Stamps are unique per station (its clock never repeats one): the same holds here.
    const actions = fc.uniqueArray(action, {
      maxLength: 30,
      selector: (s) => `${s.stamp.station}/${s.stamp.ms}`,
    });
    const arrivals = actions.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray([...list, ...list.slice(0, 5)], {
          minLength: list.length + Math.min(5, list.length),
        }),
      ),
    );
    fc.assert(
      fc.property(arrivals, ([sent, arrived]) => {
        expect(overlayOf(...arrived)).toEqual(overlayOf(...sent));
      }),
    );
  });

  it('merges a copy of an overlay: takes what is newer, and says when ours has something it lacks', () => {
    const ours = overlayOf(act('shelve', 'a', 10), act('acknowledge', 'a', 5));
    const theirs = overlayOf(act('unshelve', 'b', 12), act('outOfService', 'b', 3));
    const { taken, oursNewer } = mergeOverlay(ours, theirs);
    expect(taken.map((s) => s.action.type).sort()).toEqual(['outOfService', 'unshelve']);
    expect(oursNewer).toBe(true); // they lack our ack
    expect(mergeOverlay(theirs, ours)).toMatchObject({ oursNewer: false });
    expect(mergeOverlay(ours, { ...ours })).toEqual({ taken: [], oursNewer: false });
  });

  describe('a live action from another station', () => {
    it('is held while this station does not know the alarm', () => {
      expect(decideLive(act('note', 'b', 1).action, true, undefined)).toBe('hold');
    });

    it('acknowledges only the activation it was made for', () => {
      const ack = (since: number | null) => act('acknowledge', 'b', 2_000, { activeSinceMs: since }).action;
      expect(decideLive(ack(50_000), true, view({ activeSinceMs: 50_000 }))).toBe('apply');
      expect(decideLive(ack(40_000), true, view({ activeSinceMs: 50_000 }))).toBe('journal');
      expect(decideLive(ack(60_000), true, view({ activeSinceMs: 50_000 }))).toBe('hold');
      expect(decideLive(ack(60_000), true, view({ activeSinceMs: null }))).toBe('hold');
      // A second ack of an acknowledged activation is applied: the engine journals it, the alarm stays acked.
      expect(decideLive(ack(50_000), false, view({ activeSinceMs: 50_000, acknowledged: true }))).toBe(
        'apply',
      );
    });

    it('takes activations stamped within a second of each other for the same one, if acked after it began', () => {
      const ack = (since: number | null, atMs: number) =>
        act('acknowledge', 'b', atMs, { activeSinceMs: since }).action as Extract<
          AlarmAction,
          { type: 'acknowledge' }
        >;
      // A JSON sample without a time: each station stamped its own receipt.
      expect(decideLive(ack(50_400, 52_000), true, view({ activeSinceMs: 50_000 }))).toBe('apply');
      expect(ackActivation(ack(50_000, 53_000), 51_000)).toBe(0);
      expect(ackActivation(ack(50_000, 53_000), 51_001)).toBeLessThan(0);
      // A chattering alarm came back 400 ms later, after the ack was made: another activation.
      expect(ackActivation(ack(50_000, 50_200), 50_400)).toBeLessThan(0);
      expect(decideLive(ack(50_000, 50_200), true, view({ activeSinceMs: 50_400 }))).toBe('journal');
      expect(ackActivation(ack(null, 1), 1)).toBeLessThan(0);
      expect(ackActivation(ack(1, 2), null)).toBeGreaterThan(0);
      expect(ackActivation(ack(null, 1), null)).toBe(0);
    });

    it('is applied when it decides its register, journaled only when a later action already does', () => {
      const shelve = act('shelve', 'a', 1_000);
      const unshelve = act('unshelve', 'b', 1_001);
      const overlay = overlayOf(unshelve, shelve);
      expect(holdsRegister(overlay, shelve)).toBe(false);
      expect(decideLive(shelve.action, holdsRegister(overlay, shelve), view())).toBe('journal');
      expect(decideLive(unshelve.action, holdsRegister(overlay, unshelve), view())).toBe('apply');
      expect(decideLive(act('note', 'b', 1).action, false, view())).toBe('apply');
    });
  });

  describe('catching up from the retained state', () => {
    const now = 10_000;

    it('acknowledges an unacknowledged alarm for the activation the ack was made for', () => {
      const ack = act('acknowledge', 'b', 900, { activeSinceMs: 5_000 });
      expect(needsCatchUp(ack, view({ activeSinceMs: 5_000 }), now)).toBe(true);
      expect(needsCatchUp(ack, view({ activeSinceMs: 5_000, acknowledged: true }), now)).toBe(false);
      expect(needsCatchUp(ack, view({ activeSinceMs: 7_000 }), now)).toBe(false);
    });

    it('shelves unless it shows that shelve already, or the timed shelve has expired', () => {
      const shelve = act('shelve', 'b', 900, { untilMs: 20_000 });
      expect(needsCatchUp(shelve, view(), now)).toBe(true);
      if (shelve.action.type !== 'shelve') throw new Error('a shelve');
      const shown = { ...shelve.action.by, mode: 'timed' as const, untilMs: 20_000 };
      expect(needsCatchUp(shelve, view({ shelved: shown }), now)).toBe(false);
      expect(needsCatchUp(act('shelve', 'b', 900, { untilMs: 9_999 }), view(), now)).toBe(false);
    });

    it('does not one-shot shelve an alarm that is back to normal (the shelve was spent there)', () => {
      const oneShot = act('shelve', 'b', 900, { untilMs: null });
      expect(needsCatchUp(oneShot, view({ state: 'acked' }), now)).toBe(true);
      expect(needsCatchUp(oneShot, view({ state: 'normal' }), now)).toBe(false);
    });

    it('unshelves and returns to service only what is shelved or out of service here', () => {
      const shelved = { ...actor('a', 1), mode: 'timed' as const, untilMs: 50_000 };
      expect(needsCatchUp(act('unshelve', 'b', 900), view({ shelved }), now)).toBe(true);
      expect(needsCatchUp(act('unshelve', 'b', 900), view(), now)).toBe(false);
      expect(needsCatchUp(act('returnToService', 'b', 900), view({ outOfService: actor('a', 1) }), now)).toBe(
        true,
      );
      expect(needsCatchUp(act('returnToService', 'b', 900), view(), now)).toBe(false);
      expect(needsCatchUp(act('outOfService', 'b', 900), view(), now)).toBe(true);
    });

    it('resets a latch only when the reset came after that activation began', () => {
      const reset = act('reset', 'b', 900);
      expect(needsCatchUp(reset, view({ state: 'latched', activeSinceMs: 500 }), now)).toBe(true);
      expect(needsCatchUp(reset, view({ state: 'latched', activeSinceMs: 950 }), now)).toBe(false);
      expect(needsCatchUp(reset, view({ state: 'normal', activeSinceMs: 500 }), now)).toBe(false);
    });
  });
});
