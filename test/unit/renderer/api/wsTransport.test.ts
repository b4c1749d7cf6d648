import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../../../shared/client.js';
import { ApiError } from '../../../../shared/errors.js';
import type { LinkStatus } from '../../../../renderer/api/connection.js';
import {
  createWsTransport,
  defaultWsUrl,
  type SocketFactory,
  type SocketHandle,
  type SocketHandlers,
  type WsTransport,
} from '../../../../renderer/api/wsTransport.js';

/** A socket the test drives by hand: open it, feed it frames, drop it. */
class FakeSocket implements SocketHandle {
  readonly sent: string[] = [];
  closed = false;
  constructor(private readonly handlers: SocketHandlers) {}
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.handlers.onOpen();
  }
  receive(frame: unknown): void {
    this.handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  drop(): void {
    this.handlers.onClose();
  }
  calls(): Array<{ type: string; id: number; method: string; params: unknown }> {
    return this.sent.map(
      (text) => JSON.parse(text) as { type: string; id: number; method: string; params: unknown },
    );
  }
}

let sockets: FakeSocket[];
let warnings: string[];
let transport: WsTransport;
const connect: SocketFactory = (_url, handlers) => {
  const socket = new FakeSocket(handlers);
  sockets.push(socket);
  return socket;
};
const lastSocket = (): FakeSocket => {
  const socket = sockets[sockets.length - 1];
  if (!socket) throw new Error('no socket opened');
  return socket;
};
const result = (id: number, value: unknown) => ({
  type: 'result',
  id,
  envelope: { ok: true, result: value },
});

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  warnings = [];
  transport = createWsTransport({ url: 'ws://127.0.0.1:1/api/ws', connect, warn: (m) => warnings.push(m) });
});

afterEach(() => {
  transport.stop();
  vi.useRealTimers();
});

describe('wsTransport', () => {
  it('derives the socket address from the page: ws for http, wss for https', () => {
    expect(defaultWsUrl({ protocol: 'http:', host: '127.0.0.1:8410' })).toBe('ws://127.0.0.1:8410/api/ws');
    expect(defaultWsUrl({ protocol: 'https:', host: 'site.example' })).toBe('wss://site.example/api/ws');
  });

  it('holds a call made while the first socket opens, sends it on open and resolves with its envelope', async () => {
    transport.start();
    const answer = transport.request('tags.list', {});
    expect(lastSocket().sent).toEqual([]);
    lastSocket().open();
    const [call] = lastSocket().calls();
    expect(call).toMatchObject({ type: 'call', method: 'tags.list', params: {} });
    lastSocket().receive(result(call?.id ?? -1, { tags: [] }));
    await expect(answer).resolves.toEqual({ ok: true, result: { tags: [] } });
  });

  it('matches answers to calls by id, whatever order they arrive in', async () => {
    transport.start();
    lastSocket().open();
    const first = transport.request('tags.list', {});
    const second = transport.request('devices.list', {});
    const [a, b] = lastSocket().calls();
    expect(a?.id).not.toBe(b?.id);
    lastSocket().receive(result(b?.id ?? -1, 'second'));
    lastSocket().receive(result(a?.id ?? -1, 'first'));
    await expect(first).resolves.toMatchObject({ result: 'first' });
    await expect(second).resolves.toMatchObject({ result: 'second' });
  });

  it('fails a call with TIMEOUT when no answer comes within 15 s', async () => {
    transport.start();
    lastSocket().open();
    const answer = transport.request('system.getHealth', {});
    const outcome = expect(answer).rejects.toMatchObject({ code: 'TIMEOUT' });
    vi.advanceTimersByTime(15_000);
    await outcome;
  });

  it('fails every call in flight with UNAVAILABLE when the connection closes', async () => {
    transport.start();
    lastSocket().open();
    const answers = [transport.request('tags.list', {}), transport.request('devices.list', {})];
    lastSocket().drop();
    for (const answer of answers) {
      await expect(answer).rejects.toBeInstanceOf(ApiError);
      await expect(answer).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    }
  });

  it('fails a call at once with UNAVAILABLE while it waits to reconnect', async () => {
    transport.start();
    lastSocket().open();
    lastSocket().drop();
    await expect(transport.request('tags.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('reconnects after 0.5 s, doubling the wait up to 5 s, and starts over after a success', () => {
    transport.start();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = sockets.length;
      lastSocket().drop();
      let waited = 0;
      while (sockets.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    lastSocket().open();
    lastSocket().drop();
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(8);
  });

  it('reports its link state and announces every connect, so the app can reload after a reconnect', () => {
    const states: LinkStatus[] = [];
    let connects = 0;
    transport.onStatusChange((status) => states.push(status));
    transport.onConnected(() => connects++);
    expect(transport.getStatus()).toBe('connecting');
    transport.start();
    lastSocket().open();
    lastSocket().drop();
    vi.advanceTimersByTime(500);
    lastSocket().open();
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    expect(connects).toBe(2);
  });

  it('passes event frames to its listeners', () => {
    const events: Array<[string, unknown]> = [];
    transport.onEvent((event, payload) => events.push([event, payload]));
    transport.start();
    lastSocket().open();
    lastSocket().receive({ type: 'event', event: 'onHealth', payload: { any: 1 } });
    expect(events).toEqual([['onHealth', { any: 1 }]]);
  });

  it('drops malformed frames with a warning and keeps working', async () => {
    const events: string[] = [];
    transport.onEvent((event) => events.push(event));
    transport.start();
    lastSocket().open();
    lastSocket().receive('not json');
    lastSocket().receive({ type: 'gossip' });
    lastSocket().receive({ type: 'event', payload: {} });
    expect(warnings).toHaveLength(3);
    expect(events).toEqual([]);
    const answer = transport.request('tags.list', {});
    lastSocket().receive(result(lastSocket().calls()[0]?.id ?? -1, { tags: [] }));
    await expect(answer).resolves.toMatchObject({ ok: true });
  });

  it('fails a call at once when its answer is malformed, instead of waiting for the timeout', async () => {
    transport.start();
    lastSocket().open();
    const answer = transport.request('tags.list', {});
    const id = lastSocket().calls()[0]?.id;
    lastSocket().receive({ type: 'result', id, envelope: { ok: 'maybe' } });
    await expect(answer).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('stops for good: closes the socket, fails calls and never reconnects', async () => {
    transport.start();
    lastSocket().open();
    const answer = transport.request('tags.list', {});
    transport.stop();
    await expect(answer).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(lastSocket().closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('carries a typed API: results are validated and error envelopes become ApiErrors', async () => {
    const api = createClient(transport);
    transport.start();
    lastSocket().open();
    const ok = api.call('live.subscribe', { tags: null });
    lastSocket().receive(result(lastSocket().calls()[0]?.id ?? -1, { subscribed: 42 }));
    await expect(ok).resolves.toEqual({ subscribed: 42 });
    const denied = api.call('tags.list', {});
    const id = lastSocket().calls()[1]?.id;
    lastSocket().receive({
      type: 'result',
      id,
      envelope: { ok: false, error: { code: 'FORBIDDEN', message: 'no' } },
    });
    await expect(denied).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'no' });
  });
});
