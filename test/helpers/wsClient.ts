import WebSocket from 'ws';

export interface WsClient {
  /** Sends one contract call and resolves with its envelope; pushed events are skipped. */
  call(method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: unknown }>;
  close(): void;
}

/** A plain WebSocket client of `/api/ws`, as a script or another tool would talk to the API. */
export async function connectWs(httpUrl: string): Promise<WsClient> {
  const ws = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/api/ws`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waiting = new Map<number, (envelope: never) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; id?: number; envelope?: never };
    if (frame.type === 'result' && frame.id !== undefined) waiting.get(frame.id)?.(frame.envelope!);
  });
  let nextId = 1;
  return {
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      });
    },
    close: () => ws.close(),
  };
}
