import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import { Quality } from '../../shared/quality.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

const HOUR = 3_600_000;
const FLOW = 'line2/pump4/flow';
const LEVEL = 'line2/tank1/level';

/**
 * `GET /api/export/history.csv` over real HTTP, against one runtime and its real historian in a
 * temp folder: raw and at a resolution, bad parameters, and a client that leaves mid-stream.
 */
describe('the CSV export over HTTP', () => {
  let serving: Serving;
  const log = createMemoryLogger();
  const dir = makeTempDir();
  let aggregateCalls = 0;

  beforeAll(async () => {
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: null, demo: false, embeddedBrokerPort: 0 },
      port: 0,
      log,
    });
    const { tags, historian } = serving.runtime;
    const meta = { description: '', unit: '', dataType: 'number' as const, engLow: 0, engHigh: 100 };
    const flow = tags.define({ id: FLOW, device: 'line2/pump4', name: 'flow', ...meta });
    const level = tags.define({ id: LEVEL, device: 'line2/tank1', name: 'level', ...meta });
    // Two hours: flow every 10 s (bad for minute 30), level every minute.
    for (let ts = 0; ts < 2 * HOUR; ts += 10_000) {
      const bad = ts >= 30 * 60_000 && ts < 31 * 60_000;
      historian.append(flow.key, ts, bad ? null : (ts / 10_000) % 60, bad ? Quality.BadSensorFailure : 0);
      if (ts % 60_000 === 0) historian.append(level.key, ts, 50 + ts / 60_000 / 10, 0);
    }
    await historian.flush();
    // Counts the historian's aggregate reads, so the test can see when an export stops reading.
    const aggregates = historian.aggregates.bind(historian);
    historian.aggregates = (query) => (aggregateCalls++, aggregates(query));
  });
  afterAll(async () => {
    await serving?.stop();
    dir.remove();
  });

  const get = (path: string, init?: RequestInit) =>
    fetch(`${serving.url}/api/export/history.csv?${path}`, init);

  it('writes one row per interval per tag at a resolution, with the range and row count as headers', async () => {
    const response = await get(`tags=${FLOW},${LEVEL}&from=0&to=${2 * HOUR - 1}&resolution=10m`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="history-1970-01-01-10m.csv"',
    );
    expect(response.headers.get('x-export-from')).toBe('0');
    expect(response.headers.get('x-export-to')).toBe(String(2 * HOUR - 1));
    expect(response.headers.get('x-export-rows')).toBe('24');
    const [header, ...rows] = (await response.text()).split('\r\n').slice(0, -1);
    expect(header).toBe('timestamp,tag,avg,min,max,last,count,pctGood,quality,quality_code');
    expect(rows).toHaveLength(24);
    expect(rows.slice(0, 2)).toEqual([
      `1970-01-01T00:00:00.000Z,${FLOW},29.5,0,59,59,60,100,Good,0`,
      `1970-01-01T00:00:00.000Z,${LEVEL},50.45,50,50.9,50.9,10,100,Good,0`,
    ]);
    // Minute 30 was bad: its six samples (values 0…5) are left out, a tenth of the interval not good.
    expect(rows[6]).toBe(
      `1970-01-01T00:30:00.000Z,${FLOW},32.5,6,59,59,60,90,BadSensorFailure,${Quality.BadSensorFailure}`,
    );
  });

  it('agrees with /api/history on the same intervals', async () => {
    const csv = await (
      await get(`tags=${FLOW}&from=0&to=${2 * HOUR - 1}&resolution=1m&aggregate=max`)
    ).text();
    const history = (await (
      await fetch(
        `${serving.url}/api/history?tag=${FLOW}&from=0&to=${2 * HOUR - 1}&resolution=1m&aggregate=max`,
      )
    ).json()) as { points: { value: Array<number | null> } };
    const maxima = csv
      .split('\r\n')
      .slice(1, -1)
      .map((row) => row.split(',')[2])
      .map((cell) => (cell === '' ? null : Number(cell)));
    expect(maxima).toEqual(history.points.value);
  });

  it('still writes raw samples without a resolution, with the range as headers', async () => {
    const response = await get(`tags=${LEVEL}&from=0&to=${HOUR - 1}`);
    expect(response.headers.get('x-export-from')).toBe('0');
    expect(response.headers.has('x-export-rows')).toBe(false);
    const rows = (await response.text()).split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(60);
    expect(rows[0]).toBe(`1970-01-01T00:00:00.000Z,${LEVEL},50,Good,0`);
  });

  it.each([
    [`tags=${FLOW}&from=0&to=5&resolution=soon`, /resolution: "soon" is not a duration/],
    [`tags=${FLOW}&from=0&to=5&aggregate=avg`, /resolution: aggregates need a resolution/],
    [`tags=${FLOW}&from=0&to=5&resolution=1m&aggregate=avg,median`, /aggregate\.1: Invalid option/],
    [`tags=${FLOW}&from=0&to=31536000000&resolution=1ms`, /at most 10,000,000 intervals per tag/],
    [`tags=${FLOW}&from=9&to=5&resolution=1m`, /from must not be after to/],
  ])('answers %s with 400 and a clear message', async (query, message) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });

  it('stops reading the historian when the client goes away mid-stream, and serves the next request', async () => {
    // One-second intervals over 30 days: 5 million rows, far more than a socket buffers.
    const days = 30;
    const total = days * 86_400 * 2;
    const client = new AbortController();
    const response = await get(`tags=${FLOW},${LEVEL}&from=0&to=${days * 24 * HOUR - 1}&resolution=1s`, {
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    let received = 0;
    while (received < 1_000_000) received += (await reader.read()).value?.length ?? 0;
    client.abort();
    const line = await waitFor('the server to notice', () =>
      log.lines.find((l) => l.includes('CSV export cancelled by the client')),
    );
    const written = Number(/after (\d+) rows/.exec(line)?.[1]);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(total / 2);
    const callsWhenStopped = aggregateCalls;
    const next = await get(`tags=${LEVEL}&from=0&to=${HOUR - 1}&resolution=1h`);
    expect(next.status).toBe(200);
    expect((await next.text()).split('\r\n')).toHaveLength(3);
    // The cancelled export read nothing more: only the new export's one window was read since.
    expect(aggregateCalls).toBe(callsWhenStopped + 1);
    expect((await fetch(`${serving.url}/api/health`)).status).toBe(200);
  });
});
