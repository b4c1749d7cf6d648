import { useEffect, useRef } from 'react';
import type { Series } from '../../shared/domain.js';
import { sparkRuns } from '../devices/sparkline.js';

const WIDTH = 120;
const HEIGHT = 24;

/**
 * A tag's last minutes on a small canvas: solid where good, dashed where uncertain or stale,
 * broken where bad (see sparkRuns). What it drew is also on the element (`data-runs`,
 * `data-points`) for people and tests that cannot read a canvas.
 */
export function Sparkline({
  series,
  from,
  to,
  low,
  high,
  label,
}: {
  series: Series | undefined;
  from: number;
  to: number;
  /** The tag's engineering range, when known: the sparkline's fixed scale. */
  low: number | null;
  high: number | null;
  label: string;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const scale = window.devicePixelRatio || 1;
    canvas.width = WIDTH * scale;
    canvas.height = HEIGHT * scale;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    const range: [number, number] | null = low !== null && high !== null && high > low ? [low, high] : null;
    const runs = series ? sparkRuns(series, { from, to }, { width: WIDTH, height: HEIGHT }, range) : [];
    context.strokeStyle = '#1f3a68';
    context.lineWidth = 1.25;
    for (const run of runs) {
      context.setLineDash(run.uncertain ? [3, 2] : []);
      context.globalAlpha = run.uncertain ? 0.6 : 1;
      context.beginPath();
      run.points.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      if (run.points.length === 1) context.lineTo(run.points[0]![0] + 1, run.points[0]![1]);
      context.stroke();
    }
    canvas.dataset.runs = String(runs.length);
    canvas.dataset.points = String(runs.reduce((sum, run) => sum + run.points.length, 0));
  }, [series, from, to, low, high]);
  return (
    <canvas
      ref={canvasRef}
      className="sparkline"
      data-testid="sparkline"
      style={{ width: WIDTH, height: HEIGHT }}
      role="img"
      aria-label={label}
    />
  );
}
