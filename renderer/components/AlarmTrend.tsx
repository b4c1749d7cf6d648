import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Alarm } from '../../shared/alarms.js';
import { useApi } from '../api/apiContext.js';
import { alarmTrendRange } from '../alarms/alarmTrendRange.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { trendActions } from '../stores/trendStore.js';
import { drawLimitLines, drawQualitySpans } from '../trend/chartDraw.js';
import { buildChartOptions } from '../trend/chartOptions.js';
import { HistoryTrend } from '../trend/historyTrend.js';
import { limitLines } from '../trend/limitLines.js';
import { penAxes } from '../trend/penAxes.js';
import { parsePenSpecs, penSpecsKey } from '../trend/penStyle.js';
import { maxPointsForWidth } from '../trend/timeRange.js';
import type { QualitySpan } from '../trend/qualitySpans.js';

const HEIGHT = 180;

/** The moment the alarm began, as a solid vertical line labelled ALARM. */
function drawAlarmStart(u: uPlot, at: number): void {
  const x = Math.round(u.valToPos(at, 'x', true)) + 0.5;
  const { left, top, width, height } = u.bbox;
  if (x < left || x > left + width) return;
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = '#1b1b1b';
  ctx.lineWidth = uPlot.pxRatio;
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.fillStyle = '#1b1b1b';
  ctx.font = `${10 * uPlot.pxRatio}px system-ui, sans-serif`;
  ctx.fillText('ALARM', x + 3 * uPlot.pxRatio, top + 10 * uPlot.pxRatio);
  ctx.restore();
}

/**
 * The alarm's tag around the alarm: the same trend parts as the Trends screen (history query
 * sized to the width, engineering range, limits as lines, bad and stale data hatched), over
 * alarmTrendRange, with the alarm's start marked. "Open in Trends" continues from there.
 */
export function AlarmTrend({ alarm }: { alarm: Alarm }) {
  const api = useApi();
  const specsKey = useTagsStore((state) => penSpecsKey([alarm.tag], state.tags));
  const specs = useMemo(() => parsePenSpecs(specsKey), [specsKey]);
  const containerRef = useRef<HTMLDivElement>(null);
  const [range] = useState(() => alarmTrendRange(alarm, Date.now()));
  const [status, setStatus] = useState('loading');

  useEffect(() => {
    const container = containerRef.current;
    if (!container || specs.length === 0) return;
    const at = alarm.activeSinceMs ?? alarm.changedMs;
    const limits = limitLines(specs, penAxes(specs));
    let spans: QualitySpan[][] = [];
    const options = buildChartOptions(
      specs,
      { width: Math.max(200, container.clientWidth), height: HEIGHT },
      {
        xRange: () => [range.from, range.to],
        onCursor: () => {},
        onZoom: () => {},
        drawUnder: (u) => {
          drawQualitySpans(u, [{ colour: specs[0]!.colour, spans: spans[0] ?? [] }]);
          container.dataset.limitLines = drawLimitLines(u, limits).join('|');
          drawAlarmStart(u, at);
        },
      },
    );
    const plot = new uPlot(options, [new Float64Array(0), [], []], container);
    const trend = new HistoryTrend({
      api,
      draw: (data, _x, qualitySpans) => {
        spans = qualitySpans;
        plot.setData(data);
        container.dataset.points = String(data[0].length);
      },
      onLoad: (_id, load) => setStatus(load.state === 'error' ? `not loaded: ${load.message}` : load.state),
    });
    trend.show([alarm.tag], range, maxPointsForWidth(container.clientWidth), 0);
    return () => {
      trend.clear();
      plot.destroy();
    };
  }, [api, alarm.tag, alarm.activeSinceMs, alarm.changedMs, specs, range]);

  const openInTrends = () => {
    if (!trendActions.addTag(alarm.tag)) return;
    trendActions.showRange(range);
    window.location.hash = '#/trends';
  };
  return (
    <figure className="alarm-trend">
      <div
        ref={containerRef}
        className="alarm-trend-chart"
        data-testid="alarm-trend"
        data-status={status}
        role="img"
        aria-label={`Trend of ${alarm.tag} around the alarm`}
      />
      <figcaption className="calm-note">
        {alarm.tag}: {status === 'ready' ? 'history' : status} · dash-dot: limits · solid line: the alarm
        began{' '}
        <button type="button" className="link-button" onClick={openInTrends}>
          Open in Trends
        </button>
      </figcaption>
    </figure>
  );
}
