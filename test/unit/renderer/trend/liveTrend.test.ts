import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ControlRoomApi, EventPayload, Params } from '../../../../shared/contract.js';
import type { HistoryResult } from '../../../../shared/domain.js';
import { Quality } from '../../../../shared/quality.js';
import type { AlignedPens } from '../../../../renderer/trend/alignPens.js';
import { LiveTrend } from '../../../../renderer/trend/liveTrend.js';
import type { QualitySpan } from '../../../../renderer/trend/qualitySpans.js';

const NOW = 10_000_000;
const G = Quality.Good;

function fakeApi() {
  const queries: Array<Params<'history.queryRange'>> = [];
  const pending: Array<(result: HistoryResult) => void> = [];
  let onValues: ((payload: EventPayload<'onTagValues'>) => void) | null = null;
  const api: Pick<ControlRoomApi, 'call' | 'on'> = {
    call(method, params) {
      if (method !== 'history.queryRange') throw new Error(`unexpected ${method}`);
      queries.push(params as Params<'history.queryRange'>);
      return new Promise((resolve) => pending.push(resolve as (result: HistoryResult) => void));
    },
    on(event, listener) {
      if (event === 'onTagValues') onValues = listener as typeof onValues;
      return () => (onValues = null);
    },
  };
  return {
    api,
    queries,
    answer(index: number, points: Array<[number, number | null, number]>) {
      const query = queries[index];
      if (!query) throw new Error(`no query ${index}`);
      pending[index]?.({
        tag: query.tag,
        from: query.from,
        to: query.to,
        mode: 'raw',
        points: {
          ts: points.map((p) => p[0]),
          value: points.map((p) => p[1]),
          quality: points.map((p) => p[2]),
        },
      });
    },
    live(id: string, ts: number, value: number) {
      onValues?.({ values: [{ id, value, quality: G, ts }] });
    },
  };
}

let frames: AlignedPens[];
const newTrend = (api: Pick<ControlRoomApi, 'call' | 'on'>) =>
  new LiveTrend({ api, draw: (data) => frames.push(data), currentValue: () => null, now: () => NOW });
const lastFrame = () => frames[frames.length - 1];

beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
});
afterEach(() => vi.useRealTimers());

describe('LiveTrend', () => {
  it('backfills a new pen over the window with at most 2000 points', () => {
    const server = fakeApi();
    const trend = newTrend(server.api);
    trend.setPens(['a/d/flow'], 600_000, 1);
    expect(server.queries).toEqual([{ tag: 'a/d/flow', from: NOW - 600_000, to: NOW, maxPoints: 2000 }]);
  });

  it('draws history, then live values after it', async () => {
    const server = fakeApi();
    const trend = newTrend(server.api);
    trend.start();
    trend.setPens(['a/d/flow'], 600_000, 1);
    server.answer(0, [
      [NOW - 2_000, 1, G],
      [NOW - 1_000, 2, G],
    ]);
    await vi.advanceTimersByTimeAsync(0);
    server.live('a/d/flow', NOW - 500, 3);
    server.live('a/d/other', NOW - 400, 99);
    await vi.advanceTimersByTimeAsync(100);
    const [x, good] = lastFrame() ?? [];
    expect(Array.from(x ?? [])).toEqual([NOW - 2_000, NOW - 1_000, NOW - 500, NOW]);
    expect(good).toEqual([1, 2, 3, 3]);
    trend.stop();
  });

  it('fetches every pen again when the window changes or the connection comes back', () => {
    const server = fakeApi();
    const trend = newTrend(server.api);
    trend.setPens(['a/d/x', 'a/d/y'], 600_000, 1);
    trend.setPens(['a/d/x', 'a/d/y'], 600_000, 1);
    expect(server.queries).toHaveLength(2);
    trend.setPens(['a/d/x', 'a/d/y'], 60_000, 1);
    expect(server.queries).toHaveLength(4);
    trend.setPens(['a/d/x', 'a/d/y'], 60_000, 2);
    expect(server.queries).toHaveLength(6);
  });

  it('fetches only the pen that was added', () => {
    const server = fakeApi();
    const trend = newTrend(server.api);
    trend.setPens(['a/d/x'], 600_000, 1);
    trend.setPens(['a/d/x', 'a/d/y'], 600_000, 1);
    expect(server.queries.map((query) => query.tag)).toEqual(['a/d/x', 'a/d/y']);
  });

  it('ignores history that arrives for a pen removed meanwhile', async () => {
    const server = fakeApi();
    const trend = newTrend(server.api);
    trend.setPens(['a/d/x'], 600_000, 1);
    trend.setPens([], 600_000, 1);
    server.answer(0, [[NOW - 1_000, 1, G]]);
    await vi.advanceTimersByTimeAsync(0);
    trend.tick(true);
    expect(lastFrame()).toHaveLength(1);
  });

  it('holds the newest value to now only while the link to the server is up', () => {
    const server = fakeApi();
    const trend = new LiveTrend({
      api: server.api,
      draw: (data) => frames.push(data),
      currentValue: (id) => ({ id, value: 5, quality: G, ts: NOW - 1_000 }),
      now: () => NOW,
    });
    trend.setPens(['a/d/x'], 600_000, 1);
    trend.tick(true);
    expect(Array.from(lastFrame()?.[0] ?? [])).toEqual([NOW - 1_000, NOW]);
    trend.setLinkUp(false);
    trend.tick(true);
    expect(Array.from(lastFrame()?.[0] ?? [])).toEqual([NOW - 1_000]);
  });

  it('reads nothing after the last sample while the link is down: no one knows what happened', () => {
    const server = fakeApi();
    const trend = new LiveTrend({
      api: server.api,
      draw: (data) => frames.push(data),
      currentValue: (id) => ({ id, value: 5, quality: G, ts: NOW - 1_000 }),
      now: () => NOW,
    });
    trend.setPens(['a/d/x'], 600_000, 1);
    expect(trend.sampleAt('a/d/x', NOW - 500)).toMatchObject({ value: 5 });
    trend.setLinkUp(false);
    expect(trend.sampleAt('a/d/x', NOW - 1_000)).toMatchObject({ value: 5 });
    expect(trend.sampleAt('a/d/x', NOW - 500)).toBeNull();
  });

  it('hands a stale stretch to the chart, held to now while the link is up', () => {
    const server = fakeApi();
    const spans: QualitySpan[][][] = [];
    const trend = new LiveTrend({
      api: server.api,
      draw: (_data, _x, frameSpans) => spans.push(frameSpans),
      currentValue: (id) => ({
        id,
        value: 5,
        quality: Quality.UncertainNoCommunicationLastUsableValue,
        ts: NOW - 1_000,
      }),
      now: () => NOW,
    });
    trend.setPens(['a/d/x'], 600_000, 1);
    trend.tick(true);
    expect(spans.at(-1)).toEqual([[{ from: NOW - 1_000, to: NOW, kind: 'stale' }]]);
  });
});
