import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import { makeTempDir } from '../helpers/tempDir.js';

/** The HTTP and WebSocket boundary, against one runtime on its embedded broker. */
let serving: Serving;
const dir = makeTempDir();

beforeAll(async () => {
  serving = await startServing({
    runtime: { dataDir: dir.path, brokerUrl: null, demo: false, embeddedBrokerPort: 0 },
    port: 0,
    log: createMemoryLogger(),
  });
});
afterAll(async () => {
  await serving?.stop();
  dir.remove();
});

describe('the HTTP API', () => {
  it('reports health with version, uptime and the broker link', async () => {
    const response = await fetch(`${serving.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      version: '0.1.0',
      broker: { embedded: true },
      historian: { state: 'ok' },
    });
  });

  it.each([
    ['/api/history?tag=a/b&from=yesterday&to=now', 400, 'BAD_REQUEST', /from: .*not an ISO 8601 time/],
    ['/api/history?tag=a/b&from=10&to=5', 400, 'BAD_REQUEST', /from must not be after to/],
    ['/api/history?tag=a/b&from=0&to=5&maxPoints=99999999', 400, 'BAD_REQUEST', /maxPoints/],
    ['/api/history?from=0&to=5', 400, 'BAD_REQUEST', /tag/],
    ['/api/history?tag=no/such/tag&from=0&to=5', 404, 'NOT_FOUND', /unknown tag: no\/such\/tag/],
    ['/api/export/history.csv?tags=no/such&from=0&to=5', 404, 'NOT_FOUND', /unknown tag/],
    ['/api/export/history.csv?tags=&from=0&to=5', 400, 'BAD_REQUEST', /tags/],
    ['/api/nothing-here', 404, 'NOT_FOUND', /no such endpoint/],
  ])('answers %s with %i and a JSON {code, message}', async (path, status, code, message) => {
    const response = await fetch(serving.url + path);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { code: string; message: string };
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    expect(body.code).toBe(code);
    expect(body.message).toMatch(message);
  });

  it('answers aggregates per interval when asked for a resolution', async () => {
    const tag = serving.runtime.tags.define({
      id: 'line1/pump7/flow',
      device: 'line1/pump7',
      name: 'flow',
      description: '',
      unit: 'm³/h',
      dataType: 'number',
      engLow: 0,
      engHigh: 200,
    });
    for (let minute = 0; minute < 10; minute++) {
      for (let s = 0; s < 60; s += 10)
        serving.runtime.historian.append(tag.key, minute * 60_000 + s * 1000, minute, 0);
    }
    await serving.runtime.historian.flush();
    const response = await fetch(
      `${serving.url}/api/history?tag=line1/pump7/flow&from=0&to=599999&resolution=1m&aggregate=max`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      tag: 'line1/pump7/flow',
      from: 0,
      to: 599_999,
      interval: 60_000,
      aggregate: 'max',
      points: {
        ts: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => m * 60_000),
        value: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        quality: Array(10).fill(0),
      },
    });
    const average = (await (
      await fetch(
        `${serving.url}/api/history?tag=line1/pump7/flow&from=0&to=599999&aggregate=avg&maxPoints=5`,
      )
    ).json()) as {
      interval: number;
      points: { value: number[] };
    };
    expect(average.interval).toBe(120_000);
    expect(average.points.value).toEqual([0.5, 2.5, 4.5, 6.5, 8.5]);
  });

  it.each([
    ['/api/history?tag=a/b&from=0&to=5&resolution=soon', /resolution: .*not a duration/],
    ['/api/history?tag=a/b&from=0&to=31536000000&resolution=1s', /at most 100000 intervals/],
    ['/api/history?tag=a/b&from=0&to=5&aggregate=median', /aggregate/],
  ])('refuses %s with a 400', async (path, message) => {
    const response = await fetch(serving.url + path);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(message);
  });

  it('is read-only over HTTP', async () => {
    const response = await fetch(`${serving.url}/api/tags`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
  });

  it('refuses requests addressed to a foreign host name (DNS rebinding)', async () => {
    const port = new URL(serving.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port, path: '/api/tags', headers: { Host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it.each(['/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/%E0%A4%A'])(
    'never serves a file outside the UI folder (%s)',
    async (path) => {
      const port = new URL(serving.url).port;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
      // Either refused, or resolved inside the UI folder to the app's own page.
      expect(answer.status === 404 || answer.body.includes('<title>Watchkeeper</title>')).toBe(true);
      expect(answer.body).not.toMatch(/root:|"name": "watchkeeper"/);
    },
  );

  it('serves the UI with a content security policy', async () => {
    const response = await fetch(`${serving.url}/`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('the WebSocket API', () => {
  function connect(origin?: string): Promise<WebSocket> {
    const ws = new WebSocket(`${serving.url.replace('http', 'ws')}/api/ws`, origin ? { origin } : {});
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  /** The next call result; pushed events (health, values) may arrive in between. */
  function next(ws: WebSocket): Promise<unknown> {
    return new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const frame = JSON.parse(String(data)) as { type: string };
        if (frame.type !== 'result') return;
        ws.off('message', onMessage);
        resolve(frame);
      };
      ws.on('message', onMessage);
    });
  }

  it('answers a contract call with its result', async () => {
    const ws = await connect(serving.url);
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'tags.list', params: {} }));
    expect(await next(ws)).toMatchObject({
      type: 'result',
      id: 1,
      envelope: { ok: true, result: { tags: expect.any(Array) } },
    });
    ws.close();
  });

  it('answers several tags in one call exactly as one call per tag, and refuses oversized asks', async () => {
    const ids = ['line2/fan1/speed', 'line2/fan2/speed'];
    for (const [i, id] of ids.entries()) {
      const tag = serving.runtime.tags.define({
        id,
        device: id.split('/').slice(0, 2).join('/'),
        name: 'speed',
        description: '',
        unit: 'rpm',
        dataType: 'number',
        engLow: 0,
        engHigh: 3000,
      });
      for (let s = 0; s < 300; s++)
        serving.runtime.historian.append(tag.key, s * 1000, 1000 + i * 100 + s, 0);
    }
    await serving.runtime.historian.flush();
    const ws = await connect(serving.url);
    const params = { from: 0, to: 299_000, maxPoints: 100 };
    ws.send(
      JSON.stringify({
        type: 'call',
        id: 1,
        method: 'history.queryRanges',
        params: { ...params, tags: ids },
      }),
    );
    const many = (await next(ws)) as { envelope: { ok: true; result: { results: unknown[] } } };
    expect(many.envelope.result.results).toHaveLength(2);
    for (const [i, tag] of ids.entries()) {
      ws.send(
        JSON.stringify({ type: 'call', id: 2 + i, method: 'history.queryRange', params: { ...params, tag } }),
      );
      const one = (await next(ws)) as { envelope: { ok: true; result: { mode: string } } };
      expect(one.envelope.result.mode).toBe('m4');
      expect(many.envelope.result.results[i]).toEqual(one.envelope.result);
    }
    const tooMany = Array.from({ length: 100 }, (_, i) => `line9/dev${i}/x`);
    ws.send(
      JSON.stringify({
        type: 'call',
        id: 9,
        method: 'history.queryRanges',
        params: { tags: tooMany, from: 0, to: 1, maxPoints: 100_000 },
      }),
    );
    expect(await next(ws)).toMatchObject({
      id: 9,
      envelope: {
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/at most 1000000 points/) },
      },
    });
    ws.close();
  });

  it('answers malformed frames with an error and stays open', async () => {
    const ws = await connect();
    ws.send(JSON.stringify({ type: 'call', id: 2, method: 'history.queryRange', params: { tag: 5 } }));
    expect(await next(ws)).toMatchObject({ id: 2, envelope: { ok: false, error: { code: 'BAD_REQUEST' } } });
    ws.send(JSON.stringify({ type: 'call', id: 3, method: 'system.format', params: {} }));
    expect(await next(ws)).toMatchObject({
      id: 3,
      envelope: { ok: false, error: { code: 'UNKNOWN_METHOD' } },
    });
    ws.send(JSON.stringify({ type: 'call', id: 4 }));
    expect(await next(ws)).toMatchObject({ id: 4, envelope: { ok: false, error: { code: 'BAD_REQUEST' } } });
    ws.send('this is not json');
    ws.send(JSON.stringify({ type: 'call', id: 5, method: 'tags.list', params: {} }));
    expect(await next(ws)).toMatchObject({ id: 5, envelope: { ok: true } });
    ws.close();
  });

  it('refuses a connection opened by another web site', async () => {
    await expect(connect('https://evil.example')).rejects.toThrow(/403/);
  });
});
