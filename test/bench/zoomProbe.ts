import type { Page } from 'playwright-core';

/**
 * The in-page stopwatch of the zoom bench. It starts at the input event that asks for a new
 * range (the `mouseup` ending a drag across the chart, or the `click` of a button), using the
 * event's own timestamp, so input queueing counts. It stops once the chart has drawn the new
 * range's data: TrendChart writes `data-points` on every setData — first 0 when the old
 * series are dropped, then the count of the loaded one — and the frame after that setData has
 * been painted (requestAnimationFrame, then a message posted past the paint). A range with no
 * data to draw ends when the chart stops being `aria-busy`.
 *
 * Kept as plain JavaScript text: functions handed to page.evaluate would be compiled by the
 * bench's TypeScript loader, which may wrap them in helpers the page does not have.
 */
const PROBE = `(() => {
  const chart = document.querySelector('[data-testid="trend-chart"]');
  const probe = { mode: 'drag', armedAt: null, cleared: false, busy: false, pending: false, result: null };
  window.__zoomProbe = probe;
  const arm = (kind) => (event) => {
    if (probe.mode !== kind || probe.armedAt !== null) return;
    probe.armedAt = event.timeStamp;
  };
  document.addEventListener('mouseup', arm('drag'), true);
  document.addEventListener('click', arm('click'), true);
  const finish = (points) => {
    probe.pending = true;
    const setDataMs = performance.now() - probe.armedAt;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        probe.result = { ms: performance.now() - probe.armedAt, setDataMs, points };
      };
      channel.port2.postMessage(0);
    });
  };
  new MutationObserver((records) => {
    if (probe.armedAt === null || probe.pending) return;
    const points = Number(chart.getAttribute('data-points'));
    if (records.some((record) => record.attributeName === 'aria-busy')) {
      if (chart.getAttribute('aria-busy') === 'true') probe.busy = true;
      // A range with nothing to draw: its load ending is its redraw.
      else if (probe.busy && probe.cleared) finish(points);
    }
    if (probe.pending || !records.some((record) => record.attributeName === 'data-points')) return;
    if (points === 0) probe.cleared = true;
    else if (probe.cleared) finish(points);
  }).observe(chart, { attributes: true, attributeFilter: ['data-points', 'aria-busy'] });
})()`;

export interface RedrawTime {
  /** Input event → the frame with the new data painted. */
  ms: number;
  /** Input event → setData with the new data (before drawing). */
  setDataMs: number;
  points: number;
}

export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

/** Arms the probe for an action of this kind, runs it, and waits for the redraw it causes. */
export async function timeRedraw(
  page: Page,
  kind: 'drag' | 'click',
  action: () => Promise<void>,
): Promise<RedrawTime> {
  await page.evaluate(
    `Object.assign(window.__zoomProbe, { mode: '${kind}', armedAt: null, cleared: false, busy: false, pending: false, result: null })`,
  );
  await action();
  // Polled from here: the page's CSP forbids the string predicates of waitForFunction.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = (await page.evaluate('window.__zoomProbe.result')) as RedrawTime | null;
    if (result) return result;
    if (Date.now() > deadline) throw new Error('the chart did not redraw within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The plot area in page pixels (uPlot's overlay), to turn times into drag positions. */
export async function plotArea(
  page: Page,
): Promise<{ left: number; top: number; width: number; height: number }> {
  const box = await page.locator('[data-testid="trend-chart"] .u-over').boundingBox();
  if (!box) throw new Error('the chart has no plot area');
  return { left: box.x, top: box.y, width: box.width, height: box.height };
}

/** Drags across the plot from one time to another, as an operator zooms. */
export async function dragZoom(
  page: Page,
  shown: { from: number; to: number },
  target: { from: number; to: number },
): Promise<void> {
  const area = await plotArea(page);
  const x = (t: number) => area.left + ((t - shown.from) / (shown.to - shown.from)) * area.width;
  const y = area.top + area.height / 2;
  await page.mouse.move(x(target.from), y);
  await page.mouse.down();
  await page.mouse.move(x(target.to), y, { steps: 4 });
  await page.mouse.up();
}

/** Time of one `/api/history` query and its JSON parse, in the page: the data-fetch floor. */
export async function timeHttpQuery(
  page: Page,
  query: { tag: string; from: number; to: number; maxPoints: number },
): Promise<number> {
  const url = `/api/history?tag=${encodeURIComponent(query.tag)}&from=${query.from}&to=${query.to}&maxPoints=${query.maxPoints}`;
  return (await page.evaluate(
    `(async () => { const t = performance.now(); await (await fetch(${JSON.stringify(url)})).json(); return performance.now() - t; })()`,
  )) as number;
}
