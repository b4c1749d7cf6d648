import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmKpiReport } from '../../electron/alarms/report/kpiReport.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import { journalLine } from '../helpers/alarmJournalLines.js';
import { D0, DAY, KPI_JOURNAL } from '../helpers/kpiJournal.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { startViewerServer } from '../helpers/viewerServer.js';
import { waitFor } from '../helpers/waitFor.js';

/**
 * The alarms' HTTP endpoints over a real `serve` runtime, its config.db in a temp folder: the
 * journal and its export, the performance report, and the transport's refusals of write actions.
 */
let serving: Serving;
const dir = makeTempDir();
const log = createMemoryLogger();
const T = Date.UTC(2026, 5, 1);

const ack = journalLine({
  ts: T + 2_000,
  from: 'unacked',
  to: 'acked',
  trigger: 'acknowledged',
  user: 'olga',
  comment: 'checked locally, "all fine"',
});

beforeAll(async () => {
  serving = await startServing({
    runtime: { dataDir: dir.path, brokerUrl: null, demo: false, embeddedBrokerPort: 0 },
    port: 0,
    log,
  });
  await serving.runtime.configDb.writeAlarmBatch({
    states: [],
    removed: [],
    journal: [
      journalLine({ ts: T }),
      ack,
      journalLine({ ts: T + 3_000, alarm: 'line2/tank/level#level', tag: 'line2/tank/level', area: 'line2' }),
      ...KPI_JOURNAL.before.map((line) =>
        journalLine({ ...line, tag: line.alarm.split('#')[0]!, level: null }),
      ),
      ...KPI_JOURNAL.lines.map((line) =>
        journalLine({ ...line, tag: line.alarm.split('#')[0]!, level: null }),
      ),
    ],
  });
});
afterAll(async () => {
  await serving?.stop();
  dir.remove();
});

const get = (path: string) => fetch(serving.url + path);

/** A raw request, so that headers a browser would set (Origin) can be set as a browser would. */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(serving.url);
  return new Promise((resolve, reject) => {
    request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    })
      .on('error', reject)
      .end(body);
  });
}
const json = { 'Content-Type': 'application/json' };

describe('the alarm journal over HTTP', () => {
  it('answers the lines a filter matches, newest first, and pages on with beforeSeq', async () => {
    const response = await get(`/api/alarms/journal?from=${T}&to=${T + 10_000}&area=line1&limit=1`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as {
      entries: Array<{ seq: number; trigger: string }>;
      more: boolean;
    };
    expect(page.entries.map((e) => e.trigger)).toEqual(['acknowledged']);
    expect(page.more).toBe(true);
    const next = await get(
      `/api/alarms/journal?from=${T}&to=${T + 10_000}&area=line1&limit=1&beforeSeq=${page.entries[0]!.seq}`,
    );
    expect(await next.json()).toEqual({ entries: [{ seq: 1, ...journalLine({ ts: T }) }], more: false });
  });

  it('filters by text, user and trigger, times given as ISO 8601', async () => {
    const from = new Date(T).toISOString();
    const response = await get(
      `/api/alarms/journal?from=${from}&to=${T + 10_000}&text=ALL%20FINE&user=OLGA&trigger=acknowledged,note`,
    );
    expect(await response.json()).toEqual({ entries: [{ seq: 2, ...ack }], more: false });
  });

  it.each([
    ['/api/alarms/journal?from=0&to=5&priority=urgent', /priority\.0: /],
    ['/api/alarms/journal?from=0&to=5&priorty=high', /priorty/],
    ['/api/alarms/journal?from=9&to=5', /from must not be after to/],
    ['/api/alarms/journal?from=0&to=5&limit=100000', /limit/],
    ['/api/alarms/journal?to=5', /from/],
    ['/api/export/alarms.csv?from=0&to=5&state=asleep', /state\.0: /],
    ['/api/reports/alarm-kpi?from=2020-01-01&to=2026-01-01', /at most 400 days/],
    ['/api/reports/alarm-kpi.csv?from=x&to=5', /from: .*not an ISO 8601 time/],
  ])('answers %s with 400 and a JSON {code, message}', async (path, message) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { code: string; message: string };
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    expect(body.code).toBe('BAD_REQUEST');
    expect(body.message).toMatch(message);
  });

  it('exports the matching lines as CSV, oldest first, quoted as RFC 4180 asks', async () => {
    const response = await get(`/api/export/alarms.csv?from=${T}&to=${T + 10_000}&tag=line1/pump3/flow`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="alarm-journal-2026-06-01.csv"',
    );
    expect(response.headers.get('x-export-from')).toBe(String(T));
    expect(response.headers.get('x-export-to')).toBe(String(T + 10_000));
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toMatch(/^timestamp,timestamp_ms,seq,alarm,tag,/);
    expect(lines.slice(1)).toEqual([
      `2026-06-01T00:00:00.000Z,${T},1,line1/pump3/flow#level,line1/pump3/flow,line1,high,Pump 3 flow high,normal,unacked,activated,,station-a,,112.5,Good,0,H`,
      `2026-06-01T00:00:02.000Z,${T + 2_000},2,line1/pump3/flow#level,line1/pump3/flow,line1,high,Pump 3 flow high,unacked,acked,acknowledged,olga,station-a,"checked locally, ""all fine""",112.5,Good,0,H`,
      '',
    ]);
  });
});

describe('the alarm journal export when the client goes away', () => {
  it('stops reading the journal mid-stream, and serves the next request', async () => {
    const start = Date.UTC(2026, 6, 1);
    const total = 100_000;
    const padding = 'a long comment, as operators write them; '.repeat(4);
    await serving.runtime.configDb.writeAlarmBatch({
      states: [],
      removed: [],
      journal: Array.from({ length: total }, (_, i) =>
        journalLine({ ts: start + i, comment: `${padding}${i}` }),
      ),
    });
    const client = new AbortController();
    const response = await fetch(`${serving.url}/api/export/alarms.csv?from=${start}&to=${start + total}`, {
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    let received = 0;
    while (received < 1_000_000) received += (await reader.read()).value?.length ?? 0;
    client.abort();
    const line = await waitFor('the server to notice', () =>
      log.lines.find((l) => l.includes('alarm journal export cancelled by the client')),
    );
    const written = Number(/after (\d+) rows/.exec(line)?.[1]);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(total / 2);
    const next = await get(`/api/export/alarms.csv?from=${T}&to=${T + 10_000}&trigger=acknowledged`);
    expect((await next.text()).split('\r\n')).toHaveLength(3);
  });
});

describe('the alarm performance report over HTTP', () => {
  it('answers the report as JSON', async () => {
    const response = await get(`/api/reports/alarm-kpi?from=${D0}&to=${D0 + 2 * DAY}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(alarmKpiReport(KPI_JOURNAL))));
  });

  it('answers the report as CSV, one section per table', async () => {
    const response = await get(`/api/reports/alarm-kpi.csv?from=2026-01-01&to=2026-01-03`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="alarm-kpi-2026-01-01-2026-01-03.csv"',
    );
    const text = await response.text();
    const sections = text.split('\r\n').filter((line) => line.startsWith('section,'));
    expect(sections).toEqual([
      'section,summary',
      'section,10-minute counts',
      'section,flood episodes',
      'section,bad actors',
      'section,chattering',
      'section,fleeting',
      'section,stale',
      'section,priority distribution',
      'section,shelving',
      'section,most shelved',
    ]);
    expect(text).toContain('\r\nannunciated activations,19,,\r\n');
    expect(text).toContain('\r\n1,line1/valve/pos#discrete,line1/valve/pos#discrete message,medium,4,');
  });
});

describe('alarm actions over HTTP: what the transport refuses', () => {
  const path = '/api/alarms/line1%2Fpump3%2Fflow%23level/ack';

  it('takes only POST on an action, and only GET on the read endpoints', async () => {
    const wrong = await send('GET', path);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    const put = await send('PUT', '/api/alarms/journal', json, '{}');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
  });

  it('takes only JSON bodies (415), and refuses what does not parse (400)', async () => {
    expect((await send('POST', path, { 'Content-Type': 'text/plain' }, '{}')).status).toBe(415);
    expect((await send('POST', path, {}, '{}')).status).toBe(415);
    const broken = await send('POST', path, json, '{"comment": ');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toEqual({ code: 'BAD_REQUEST', message: 'the body is not valid JSON' });
    expect((await send('POST', path, json, '["a"]')).status).toBe(400);
    const named = await send('POST', path, json, '{"ids": ["x/y#level"]}');
    expect(named.status).toBe(400);
    expect(JSON.parse(named.body).message).toMatch(/the path names the alarm/);
    expect((await send('POST', '/api/alarms/line1%E0%A4%A/ack', json, '{}')).status).toBe(400);
  });

  it("answers the contract's validation message for a bad body", async () => {
    const long = await send('POST', path, json, JSON.stringify({ comment: 'x'.repeat(501) }));
    expect(long.status).toBe(400);
    expect(JSON.parse(long.body)).toEqual({
      code: 'BAD_REQUEST',
      message: 'alarms.acknowledge: comment: a comment has at most 500 characters',
    });
    const shelve = await send(
      'POST',
      '/api/alarms/a%2Fb%23level/shelve',
      json,
      JSON.stringify({ mode: 'timed', reason: 'x' }),
    );
    expect(shelve.status).toBe(400);
    expect(JSON.parse(shelve.body).message).toMatch(/a timed shelve needs a duration/);
    const many = await send('POST', '/api/alarms/ack', json, JSON.stringify({ ids: [], comment: '' }));
    expect(many.status).toBe(400);
    expect(JSON.parse(many.body).message).toMatch(/^alarms\.acknowledge: ids: /);
  });

  it('answers 404 for an action it does not know', async () => {
    const response = await send('POST', '/api/alarms/a%2Fb%23level/explode', json, '{}');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body).message).toBe('no such alarm action: explode');
  });

  it("refuses a write from another site's page, and takes one from our own", async () => {
    const foreign = await send('POST', path, { ...json, Origin: 'https://evil.example' }, '{}');
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).code).toBe('FORBIDDEN');
    const otherPort = await send('POST', path, { ...json, Origin: 'http://127.0.0.1:1' }, '{}');
    expect(otherPort.status).toBe(403);
    // Past the origin check: the contract answers (here: the body's comment is too long).
    const own = await send(
      'POST',
      path,
      { ...json, Origin: serving.url },
      JSON.stringify({ comment: 'x'.repeat(501) }),
    );
    expect(own.status).toBe(400);
  });

  it("checks the caller's role through the dispatcher: a viewer may neither act nor export the journal", async () => {
    const viewer = await startViewerServer(serving, log, dir.path);
    try {
      const acked = await fetch(`${viewer.url}${path}`, { method: 'POST', headers: json, body: '{}' });
      expect(acked.status).toBe(403);
      expect(await acked.json()).toEqual({
        code: 'FORBIDDEN',
        message: 'alarms.acknowledge needs the operator role',
      });
      expect((await fetch(`${viewer.url}/api/export/alarms.csv?from=0&to=1`)).status).toBe(403);
      expect((await fetch(`${viewer.url}/api/alarms/journal?from=0&to=1`)).status).toBe(403);
    } finally {
      await viewer.stop();
    }
  });
});
