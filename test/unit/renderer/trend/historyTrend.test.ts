import { describe, expect, it } from 'vitest';
import type { ControlRoomApi, Params } from '../../../../shared/contract.js';
import type { HistoryResult } from '../../../../shared/domain.js';
import { ApiError } from '../../../../shared/errors.js';
import { Quality } from '../../../../shared/quality.js';
import type { AlignedPens } from '../../../../renderer/trend/alignPens.js';
import { HistoryTrend } from '../../../../renderer/trend/historyTrend.js';
import type { PenLoad } from '../../../../renderer/trend/penLoad.js';
import type { QualitySpan } from '../../../../renderer/trend/qualitySpans.js';

const NOW = 50_000_000;
const G = Quality.Good;
const U = Quality.UncertainLastUsableValue;
const B = Quality.BadSensorFailure;
const HOUR = { from: NOW - 3_600_000, to: NOW - 60_000 };

type Point = [ts: number, value: number | null, quality: number];

function fakeHistorian() {
  const queries: Array<Params<'history.queryRange'>> = [];
  const pending: Array<{ resolve: (result: HistoryResult) => void; reject: (error: unknown) => void }> = [];
  const api: Pick<ControlRoomApi, 'call'> = {
    call(method, params) {
      if (method !== 'history.queryRange') throw new Error(`unexpected ${method}`);
      queries.push(params as Params<'history.queryRange'>);
      return new Promise((resolve, reject) =>
        pending.push({ resolve: resolve as (result: HistoryResult) => void, reject }),
      );
    },
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    api,
    queries,
    async answer(index: number, points: Point[], mode: 'raw' | 'm4' = 'raw') {
      const query = queries[index];
      if (!query) throw new Error(`no query ${index}`);
      pending[index]?.resolve({
        tag: query.tag,
        from: query.from,
        to: query.to,
        mode,
        points: {
          ts: points.map((p) => p[0]),
          value: points.map((p) => p[1]),
          quality: points.map((p) => p[2]),
        },
      });
      await settle();
    },
    async fail(index: number, error: unknown) {
      pending[index]?.reject(error);
      await settle();
    },
  };
}

function setup() {
  const server = fakeHistorian();
  const frames: Array<{ data: AlignedPens; x: [number, number]; spans: QualitySpan[][] }> = [];
  const loads: Array<[string, PenLoad]> = [];
  const trend = new HistoryTrend({
    api: server.api,
    draw: (data, x, spans) => frames.push({ data, x, spans }),
    onLoad: (id, load) => loads.push([id, load]),
    now: () => NOW,
  });
  return { server, trend, frames, loads, last: () => frames[frames.length - 1] };
}

describe('HistoryTrend', () => {
  it('asks the historian for each pen over the range with the points the chart can show', () => {
    const { server, trend } = setup();
    trend.show(['a/d/x', 'a/d/y'], HOUR, 4800, 1);
    expect(server.queries).toEqual([
      { tag: 'a/d/x', ...HOUR, maxPoints: 4800 },
      { tag: 'a/d/y', ...HOUR, maxPoints: 4800 },
    ]);
  });

  it('shows the new range at once, before any answer arrives', () => {
    const { trend, last } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    expect(last()?.x).toEqual([HOUR.from, HOUR.to]);
  });

  it('draws bad samples as gaps and uncertain ones on the dashed series', async () => {
    const { server, trend, last } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    await server.answer(0, [
      [HOUR.from + 1_000, 1, G],
      [HOUR.from + 2_000, null, B],
      [HOUR.from + 3_000, 3, G],
      [HOUR.from + 4_000, 4, U],
    ]);
    const [, good, uncertain] = last()?.data ?? [];
    // The good 1 is held up to just before the bad sample (see alignPens), then the gap.
    expect(good?.slice(0, 5)).toEqual([1, 1, null, 3, null]);
    expect(uncertain?.slice(0, 5)).toEqual([null, null, null, 3, 4]);
  });

  it("hands each pen's bad and stale stretches to the chart, the last one held to the range's end", async () => {
    const { server, trend, last } = setup();
    trend.show(['a/d/x', 'a/d/y'], HOUR, 4800, 1);
    await server.answer(0, [
      [HOUR.from + 1_000, 1, G],
      [HOUR.from + 2_000, null, B],
      [HOUR.from + 3_000, 3, G],
    ]);
    await server.answer(1, [
      [HOUR.from + 1_000, 1, G],
      [HOUR.from + 5_000, 1, U],
    ]);
    expect(last()?.spans).toEqual([
      [{ from: HOUR.from + 2_000, to: HOUR.from + 3_000, kind: 'bad' }],
      [{ from: HOUR.from + 5_000, to: HOUR.to, kind: 'stale' }],
    ]);
  });

  it('reads nothing under a cursor past now, where the line ends', async () => {
    const { server, trend } = setup();
    const today = { from: NOW - 60_000, to: NOW + 60_000 };
    trend.show(['a/d/x'], today, 4800, 1);
    await server.answer(0, [[NOW - 30_000, 4, G]]);
    expect(trend.sampleAt('a/d/x', NOW)).toMatchObject({ value: 4 });
    expect(trend.sampleAt('a/d/x', NOW + 1)).toBeNull();
  });

  it('drops an answer for a range the operator has already left', async () => {
    const { server, trend, frames, loads } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    trend.show(['a/d/x'], { from: HOUR.from - 3_600_000, to: HOUR.from }, 4800, 1);
    const drawn = frames.length;
    await server.answer(0, [[HOUR.from + 1_000, 1, G]]);
    expect(frames).toHaveLength(drawn);
    expect(loads.filter(([, load]) => load.state === 'ready')).toEqual([]);
  });

  it('queries only a pen that was added while the range stays', () => {
    const { server, trend } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    trend.show(['a/d/x', 'a/d/y'], HOUR, 4800, 1);
    expect(server.queries.map((query) => query.tag)).toEqual(['a/d/x', 'a/d/y']);
  });

  it('queries every pen again after a reconnect or when the chart gets wider', () => {
    const { server, trend } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    trend.show(['a/d/x'], HOUR, 4800, 2);
    trend.show(['a/d/x'], HOUR, 6000, 2);
    expect(server.queries).toHaveLength(3);
  });

  it('reports each pen loading, then what it drew', async () => {
    const { server, trend, loads } = setup();
    trend.show(['a/d/x'], HOUR, 8, 1);
    await server.answer(0, [[HOUR.from + 1, 1, G]], 'm4');
    expect(loads).toEqual([
      ['a/d/x', { state: 'loading' }],
      ['a/d/x', { state: 'ready', mode: 'm4', points: 1 }],
    ]);
  });

  it('reports a failed query in words', async () => {
    const { server, trend, loads } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    await server.fail(0, new ApiError('UNAVAILABLE', 'historian is starting'));
    expect(loads.at(-1)).toEqual([
      'a/d/x',
      { state: 'error', message: 'UNAVAILABLE: historian is starting' },
    ]);
  });

  it('holds the last value to the end of the range: a tag reports changes only', async () => {
    const { server, trend, last } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    await server.answer(0, [[HOUR.from + 1_000, 7, G]]);
    const [x, good] = last()?.data ?? [];
    expect(Array.from(x ?? [])).toEqual([HOUR.from + 1_000, HOUR.to]);
    expect(good).toEqual([7, 7]);
  });

  it('reads the value under the cursor from what was loaded', async () => {
    const { server, trend } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    await server.answer(0, [
      [HOUR.from + 1_000, 1, G],
      [HOUR.from + 3_000, null, B],
    ]);
    expect(trend.sampleAt('a/d/x', HOUR.from + 2_000)).toEqual({
      ts: HOUR.from + 1_000,
      value: 1,
      quality: G,
    });
    expect(trend.sampleAt('a/d/x', HOUR.from + 3_500)).toMatchObject({ value: null, quality: B });
    expect(trend.sampleAt('a/d/x', HOUR.from)).toBeNull();
  });

  it('ignores answers still under way once cleared for live', async () => {
    const { server, trend, frames } = setup();
    trend.show(['a/d/x'], HOUR, 4800, 1);
    trend.clear();
    const drawn = frames.length;
    await server.answer(0, [[HOUR.from + 1_000, 1, G]]);
    expect(frames).toHaveLength(drawn);
    expect(trend.sampleAt('a/d/x', HOUR.to)).toBeNull();
  });
});
