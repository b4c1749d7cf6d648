import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import type { HistoryResult, Tag } from '../../shared/domain.js';
import { qualitySeverity } from '../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

describe.each(['sparkplug', 'json'] as const)('the demo plant over Mosquitto (%s)', (format) => {
  let broker: MosquittoHandle;
  let serving: Serving;
  const dir = makeTempDir();

  beforeAll(async () => {
    broker = await startMosquitto();
    serving = await startServing({
      runtime: {
        dataDir: dir.path,
        brokerUrl: broker.url,
        demo: true,
        demoFormat: format,
        demoRateHz: 5,
        clientId: `wk-${format}`,
      },
      port: 0,
      log: createMemoryLogger(),
    });
  });

  afterAll(async () => {
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('shows every demo tag in /api/tags with a good, recent value', async () => {
    const tags = await waitFor('demo tags with values', async () => {
      const { body } = await getJson<{ tags: Tag[] }>(`${serving.url}/api/tags`);
      return body.tags.length >= 40 && body.tags.filter((t) => t.ts !== null).length >= 40
        ? body.tags
        : undefined;
    });
    const vibration = tags.find((t) => t.id === 'line1/pump1/vibration');
    expect(vibration).toMatchObject({ device: 'line1/pump1', name: 'vibration', dataType: 'number' });
    expect(tags.filter((t) => qualitySeverity(t.quality) === 'good').length).toBeGreaterThan(tags.length / 2);
  });

  it('lands samples in the historian, readable through /api/history', async () => {
    const from = Date.now() - 60_000;
    const history = await waitFor('ten stored samples', async () => {
      const { status, body } = await getJson<HistoryResult>(
        `${serving.url}/api/history?tag=line1/pump1/discharge_pressure&from=${from}&to=${Date.now() + 1000}`,
      );
      return status === 200 && body.points.ts.length >= 10 ? body : undefined;
    });
    expect(history.mode).toBe('raw');
    expect([...history.points.ts].sort((a, b) => a - b)).toEqual(history.points.ts);
    expect(history.points.value.every((v) => v === null || Number.isFinite(v))).toBe(true);
    expect(serving.runtime.health()).toMatchObject({
      status: 'ok',
      broker: { state: 'connected', embedded: false },
    });
  });

  it('exports the stored samples as RFC 4180 CSV', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 1000).toISOString();
    const response = await fetch(
      `${serving.url}/api/export/history.csv?tags=line1/pump1/flow,line1/pump1/running&from=${from}&to=${to}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe('timestamp,tag,value,quality,quality_code');
    const rows = lines.slice(1, -1).map((line) => line.split(','));
    expect(rows.length).toBeGreaterThan(4);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['line1/pump1/flow', 'line1/pump1/running']));
    for (const [timestamp] of rows) expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const times = rows.map((r) => Date.parse(r[0]!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
