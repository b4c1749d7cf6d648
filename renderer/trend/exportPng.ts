import type { TitleRun } from './trendExport.js';

const BACKGROUND = '#dedede';
const FONT_PX = 12;
const LINE_PX = 18;
const PAD_PX = 8;

/**
 * Lays the title out in lines no wider than `width`: the heading alone, then the pens, wrapped
 * between pens. Measured with the context's current font, in the canvas's own pixels.
 */
function layout(ctx: CanvasRenderingContext2D, heading: TitleRun, pens: readonly TitleRun[], width: number) {
  const gap = ctx.measureText('   ').width;
  const lines: Array<Array<{ run: TitleRun; x: number }>> = [[{ run: heading, x: 0 }]];
  let line: Array<{ run: TitleRun; x: number }> = [];
  let x = 0;
  for (const run of pens) {
    const w = ctx.measureText(run.text).width;
    if (line.length > 0 && x + w > width) {
      lines.push(line);
      line = [];
      x = 0;
    }
    line.push({ run, x });
    x += w + gap;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * The chart as a PNG: uPlot's canvas (series, grid and axes are all drawn on it) under a title
 * band, on the chart's grey so it looks as it did on screen. Scaled by the device pixel ratio
 * like the canvas itself, so text stays sharp on high-density screens.
 */
export function chartPng(
  chart: HTMLCanvasElement,
  title: { heading: TitleRun; pens: readonly TitleRun[] },
  pixelRatio: number,
): Promise<Blob> {
  const scale = Math.max(1, pixelRatio);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('this browser cannot draw on a canvas'));
  const font = `${FONT_PX * scale}px system-ui, sans-serif`;
  ctx.font = font;
  const lines = layout(ctx, title.heading, title.pens, chart.width - 2 * PAD_PX * scale);
  const band = (lines.length * LINE_PX + PAD_PX) * scale;
  canvas.width = chart.width;
  canvas.height = chart.height + band;
  // Resizing a canvas resets its state, the font included.
  ctx.font = font;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'middle';
  lines.forEach((line, row) => {
    for (const { run, x } of line) {
      ctx.fillStyle = run.colour;
      ctx.fillText(run.text, PAD_PX * scale + x, (PAD_PX / 2 + (row + 0.5) * LINE_PX) * scale);
    }
  });
  ctx.drawImage(chart, 0, band);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the chart could not be encoded'))),
      'image/png',
    ),
  );
}

/** Saves a blob under a file name, through an object URL and a temporary link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has been handed to the browser; a later revoke leaves it time to start.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
