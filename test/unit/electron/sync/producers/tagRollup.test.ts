import { describe, expect, it } from 'vitest';
import type { RollupBucket } from '../../../../../electron/sync/producers/rollupBucket.js';
import {
  GRACE_MS,
  HOUR_MS,
  MAX_AHEAD_MS,
  place,
  TagRollup,
  type RollupContext,
} from '../../../../../electron/sync/producers/tagRollup.js';
import { Quality } from '../../../../../shared/quality.js';
import type { RollupRecord } from '../../../../../shared/sync.js';

const T = Date.UTC(2026, 10, 22, 12); // on the hour
const MIN = 60_000;
const good = Quality.Good;

/** A context whose clocks the test moves; emitted rollups collected per stream. */
function context(resMs = MIN) {
  const emitted: { stream: string; record: RollupRecord }[] = [];
  const clock = { wall: T, mono: 0 };
  const ctx: RollupContext = {
    resMs,
    monotonic: () => clock.mono,
    wallNow: () => clock.wall,
    emit: (stream: string, tag: string, bucket: RollupBucket) =>
      emitted.push({ stream, record: bucket.toRecord(tag) }),
    counters: { late: 0, ahead: 0, clockJumps: 0 },
  };
  const of = (stream: string) => emitted.filter((e) => e.stream === stream).map((e) => e.record);
  return { ctx, clock, emitted, of };
}

describe('placing a sample outside the open bucket', () => {
  it('opens a newer bucket, leaves a slightly late one out, and restarts on a jump back', () => {
    expect(place(T + MIN, T + MIN, T, MIN)).toBe('new');
    expect(place(T - 30_000, T - MIN, T, MIN)).toBe('late');
    expect(place(T - 5 * MIN - 1, T - 6 * MIN, T, MIN)).toBe('jump');
    expect(place(T - 2 * HOUR_MS - 1, T - 3 * HOUR_MS, T, HOUR_MS)).toBe('jump');
    expect(place(T - HOUR_MS, T - HOUR_MS, T, HOUR_MS)).toBe('late');
  });
});

describe('one tag’s rollups', () => {
  it('closes a minute when the first sample of the next one arrives, by sample time', () => {
    const { ctx, of } = context();
    const rollup = new TagRollup('a/b');
    rollup.add(T + 1_000, 1, good, ctx);
    rollup.add(T + 59_999, 3, good, ctx);
    expect(of('rollups')).toEqual([]);
    rollup.add(T + MIN, 10, good, ctx);
    expect(of('rollups')).toEqual([
      { at: T, tag: 'a/b', resMs: MIN, count: 2, min: 1, max: 3, mean: 2, last: 3, good: 1 },
    ]);
  });

  it('closes the bucket of a silent tag a grace after its end, on the monotonic clock', () => {
    const { ctx, clock, of } = context();
    const rollup = new TagRollup('a/b');
    rollup.add(T + 50_000, 1, good, ctx); // 10 s before the end
    clock.mono += 10_000 + GRACE_MS - 1;
    rollup.expire(clock.mono, ctx);
    expect(of('rollups')).toHaveLength(0);
    clock.mono += 1;
    rollup.expire(clock.mono, ctx);
    expect(of('rollups')).toHaveLength(1);
  });

  it('is not closed early when the wall clock jumps forward, nor kept when it jumps back', () => {
    const { ctx, clock, of } = context();
    const rollup = new TagRollup('a/b');
    rollup.add(T, 1, good, ctx);
    clock.wall += 24 * HOUR_MS;
    rollup.expire(clock.mono + 1_000, ctx);
    expect(of('rollups')).toHaveLength(0);
    clock.wall -= 48 * HOUR_MS;
    rollup.expire(clock.mono + MIN + GRACE_MS, ctx);
    expect(of('rollups')).toHaveLength(1);
  });

  it('leaves a late sample out of a closed minute and counts it', () => {
    const { ctx, of } = context();
    const rollup = new TagRollup('a/b');
    rollup.add(T, 1, good, ctx);
    rollup.add(T + MIN, 2, good, ctx);
    rollup.add(T + 30_000, 99, good, ctx); // the first minute has closed
    rollup.add(T + MIN + 1, 4, good, ctx);
    rollup.add(T + 2 * MIN, 5, good, ctx);
    expect(of('rollups').map((r) => [r.at, r.count, r.max])).toEqual([
      [T, 1, 1],
      [T + MIN, 2, 4],
    ]);
    expect(ctx.counters.late).toBe(1);
  });

  it('opens no bucket for a sample far ahead of this computer’s clock', () => {
    const { ctx, of } = context();
    const rollup = new TagRollup('a/b');
    rollup.add(T, 1, good, ctx);
    rollup.add(T + MAX_AHEAD_MS + MIN, 2, good, ctx);
    rollup.add(T + 1, 3, good, ctx);
    expect(ctx.counters.ahead).toBe(1);
    expect(of('rollups')).toEqual([]);
    expect(rollup.open).toBe(true);
  });

  it('starts afresh when the tag’s time goes back a day (laptop clock set back)', () => {
    const { ctx, of } = context();
    const rollup = new TagRollup('a/b');
    rollup.add(T, 1, good, ctx);
    const dayBefore = T - 24 * HOUR_MS;
    rollup.add(dayBefore, 2, good, ctx);
    rollup.add(dayBefore + MIN, 3, good, ctx);
    expect(ctx.counters.clockJumps).toBeGreaterThanOrEqual(1);
    expect(of('rollups').map((r) => [r.at, r.last])).toEqual([
      [T, 1],
      [dayBefore, 2],
    ]);
    // The hour of T closed when the older hour began: a jump back ends it too.
    expect(of('rollupsHourly').map((r) => [r.at, r.count])).toEqual([[T, 1]]);
  });

  it('makes hourly rollups of the minutes, closed by the first minute of the next hour', () => {
    const { ctx, clock, of } = context();
    clock.wall = T + 2 * HOUR_MS;
    const rollup = new TagRollup('a/b');
    for (let m = 0; m < 60; m++) rollup.add(T + m * MIN, m, good, ctx);
    rollup.add(T + HOUR_MS, 100, good, ctx); // closes minute 59, which opens nothing new in the hour
    expect(of('rollupsHourly')).toEqual([]);
    rollup.add(T + HOUR_MS + MIN, 101, good, ctx); // closes the first minute of the next hour
    expect(of('rollupsHourly')).toEqual([
      { at: T, tag: 'a/b', resMs: HOUR_MS, count: 60, min: 0, max: 59, mean: 29.5, last: 59, good: 1 },
    ]);
    expect(of('rollups')).toHaveLength(61);
  });

  it('closes the hour of a silent tag on the monotonic clock as well', () => {
    const { ctx, clock, of } = context();
    clock.wall = T + HOUR_MS;
    const rollup = new TagRollup('a/b');
    rollup.add(T + HOUR_MS - 30_000, 7, good, ctx);
    clock.mono += 30_000 + GRACE_MS;
    rollup.expire(clock.mono, ctx);
    expect(of('rollups')).toHaveLength(1);
    expect(rollup.open).toBe(true);
    clock.mono += GRACE_MS;
    rollup.expire(clock.mono, ctx);
    expect(of('rollupsHourly').map((r) => [r.at, r.last])).toEqual([[T, 7]]);
    expect(rollup.open).toBe(false);
  });

  it('holds at most one bucket per resolution, whatever the timestamps', () => {
    const { ctx, clock, emitted } = context();
    clock.wall = T + 10_000 * HOUR_MS;
    const rollup = new TagRollup('a/b');
    for (let i = 0; i < 1_000; i++) rollup.add(T + ((i * 7919) % 997) * 13 * MIN, i, good, ctx);
    const before = emitted.length;
    rollup.closeAll(ctx);
    // Whatever was held comes out now: the open minute, and the open hour (plus the hour that
    // minute opens, when it belongs to another) — not one bucket per distinct time seen.
    expect(emitted.length - before).toBeLessThanOrEqual(3);
    expect(rollup.open).toBe(false);
  });

  it('starts the next bucket at a new resolution without leaving samples out', () => {
    const { ctx, clock, of } = context();
    clock.wall = T + HOUR_MS;
    const rollup = new TagRollup('a/b');
    rollup.add(T + 5 * MIN, 1, good, ctx);
    (ctx as { resMs: number }).resMs = 10 * MIN;
    rollup.resolutionChanged(ctx);
    rollup.add(T + 5 * MIN + 1, 2, good, ctx);
    rollup.add(T + 10 * MIN, 3, good, ctx);
    expect(ctx.counters.late).toBe(0);
    expect(of('rollups').map((r) => [r.at, r.resMs, r.count])).toEqual([
      [T + 5 * MIN, MIN, 1],
      [T, 10 * MIN, 1],
    ]);
  });
});
