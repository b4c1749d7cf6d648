import { useEffect, useMemo, useRef } from 'react';
import type { TagId } from '../../shared/domain.js';
import { useApi } from '../api/apiContext.js';
import { useHealthStore } from '../stores/healthStore.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { trendActions, useTrendStore, type TrendView } from '../stores/trendStore.js';
import type { AlignedPens } from '../trend/alignPens.js';
import { HistoryTrend } from '../trend/historyTrend.js';
import { LiveTrend } from '../trend/liveTrend.js';
import type { Sample } from '../trend/penBuffer.js';
import type { QualitySpan } from '../trend/qualitySpans.js';
import { maxPointsForWidth } from '../trend/timeRange.js';

export type DrawFrame = (
  data: AlignedPens,
  x: [from: number, to: number],
  live: boolean,
  spans: QualitySpan[][],
) => void;

export interface TrendFeed {
  /** The shown pen's sample at or before `t`, for the cursor readout. */
  sampleAt(id: TagId, t: number): Sample | null;
  /** Draws the current frame again, e.g. after the chart was rebuilt. */
  redraw(): void;
  isLive(): boolean;
}

interface FeedOptions {
  pens: readonly TagId[];
  view: TrendView;
  windowMinutes: number;
  /** The chart's width in CSS pixels; 0 until measured. History waits for it. */
  width: number;
  draw: DrawFrame;
}

/**
 * Feeds the chart from a LiveTrend (following now) or a HistoryTrend (a fixed range), whichever
 * the view asks for; the other one is emptied, so it neither queries nor holds samples. Each
 * pen's load state goes to the trend store for the legend. Samples never pass through React.
 */
export function useTrendFeed({ pens, view, windowMinutes, width, draw }: FeedOptions): TrendFeed {
  const api = useApi();
  const epoch = useHealthStore((state) => state.syncEpoch);
  const linkUp = useHealthStore((state) => state.link === 'connected');
  const reload = useTrendStore((state) => state.reload);
  const engines = useRef<{ live: LiveTrend; history: HistoryTrend } | null>(null);
  const liveRef = useRef(view.kind === 'live');
  const drawRef = useRef(draw);
  const reloadRef = useRef(reload);

  useEffect(() => {
    drawRef.current = draw;
  }, [draw]);

  useEffect(() => {
    const live = new LiveTrend({
      api,
      draw(data, x, spans) {
        if (liveRef.current) drawRef.current(data, x, true, spans);
      },
      currentValue(id) {
        const tag = useTagsStore.getState().tags[id];
        return tag?.ts != null ? { id, value: tag.value, quality: tag.quality, ts: tag.ts } : null;
      },
      onLoad: trendActions.setLoad,
    });
    const history = new HistoryTrend({
      api,
      draw(data, x, spans) {
        if (!liveRef.current) drawRef.current(data, x, false, spans);
      },
      onLoad: trendActions.setLoad,
    });
    engines.current = { live, history };
    live.start();
    return () => {
      live.stop();
      history.clear();
      engines.current = null;
    };
  }, [api]);

  const from = view.kind === 'history' ? view.from : 0;
  const to = view.kind === 'history' ? view.to : 0;
  const isLive = view.kind === 'live';
  const maxPoints = maxPointsForWidth(width);
  useEffect(() => {
    const feed = engines.current;
    if (!feed) return;
    const retry = reloadRef.current !== reload;
    reloadRef.current = reload;
    liveRef.current = isLive;
    const windowMs = windowMinutes * 60_000;
    if (isLive) {
      feed.history.clear();
      if (retry) feed.live.setPens([], windowMs, epoch);
      feed.live.setPens(pens, windowMs, epoch);
      feed.live.tick(true);
      return;
    }
    feed.live.setPens([], windowMs, epoch);
    if (retry) feed.history.clear();
    // Until the chart is measured the right number of points is unknown; asking 4 would waste a query.
    if (width > 0) feed.history.show(pens, { from, to }, maxPoints, epoch);
  }, [pens, isLive, from, to, windowMinutes, width, maxPoints, epoch, reload]);

  useEffect(() => {
    engines.current?.live.setLinkUp(linkUp);
  }, [linkUp]);

  return useMemo(
    () => ({
      sampleAt(id, t) {
        const feed = engines.current;
        if (!feed) return null;
        return liveRef.current ? feed.live.sampleAt(id, t) : feed.history.sampleAt(id, t);
      },
      redraw() {
        const feed = engines.current;
        if (liveRef.current) feed?.live.tick(true);
        else feed?.history.redraw();
      },
      isLive: () => liveRef.current,
    }),
    [],
  );
}
