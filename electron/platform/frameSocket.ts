import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';

/**
 * Binary frames over a local socket between this process and one host process it starts: a
 * lane beside the structured-clone IPC channel for small, frequent messages, where the clone,
 * its framing and its event dispatch would cost more than the message is worth. A frame is a
 * 32-bit little-endian length, a type byte and the payload.
 *
 * This process listens, on a Unix socket in a private (0700) folder the caller owns, or a named
 * pipe with a random name on Windows; the host connects and first sends the token it was started with.
 * One connection is taken — a wrong token closes it and the wait goes on — and the listener
 * closes then, so nothing else can join.
 */
export interface FrameSocket {
  send(type: number, payload: Uint8Array): void;
  /** Each frame, in order; one that throws does not hold up the frames after it (see onError). */
  onFrame(listener: (type: number, payload: Buffer) => void): void;
  /** A frame listener threw, or a frame said it was longer than MAX_FRAME_BYTES (the socket is then closed). */
  onError(listener: (error: Error) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

/** Where a host finds its parent's frame socket: both go in the host's start data. */
export interface FrameAddress {
  path: string;
  token: string;
}

const TOKEN_FRAME = 0;
/** Longer than any frame the app sends by far: a length beyond it is a broken peer, not data to wait for. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

export interface FrameListener {
  address: FrameAddress;
  /** The host's connection, once it has shown the token; rejects after `timeoutMs`. */
  accept(timeoutMs: number): Promise<FrameSocket>;
  close(): void;
}

export async function listenFrames(folder: string): Promise<FrameListener> {
  const token = randomBytes(16).toString('hex');
  const path =
    process.platform === 'win32' ? `\\\\.\\pipe\\watchkeeper-${token}` : join(folder, 'frames.sock');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  const close = () => void server.close();
  // Listening from now: the host may connect before anyone waits for it.
  let shown: (frames: FrameSocket) => void = () => {};
  const connected = new Promise<FrameSocket>((resolve) => (shown = resolve));
  server.on('connection', (socket) => {
    const frames = frameSocket(socket);
    let checked = false;
    frames.onFrame((type, payload) => {
      if (checked) return;
      checked = true;
      if (type !== TOKEN_FRAME || payload.toString('utf8') !== token) return socket.destroy();
      close();
      shown(frames);
    });
  });
  return {
    address: { path, token },
    accept: (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          close();
          reject(new Error(`the host did not connect its frame socket within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      return Promise.race([connected, late]).finally(() => clearTimeout(timer));
    },
    close,
  };
}

/** The host's end: connects to its parent's listener and shows the token. */
export function connectFrames(address: FrameAddress): FrameSocket {
  const socket = net.connect(address.path);
  const frames = frameSocket(socket);
  // Written before the connection is up: the socket queues it.
  frames.send(TOKEN_FRAME, Buffer.from(address.token, 'utf8'));
  return frames;
}

function frameSocket(socket: net.Socket): FrameSocket {
  socket.setNoDelay(true);
  const listeners: ((type: number, payload: Buffer) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  const errorListeners: ((error: Error) => void)[] = [];
  const failed = (error: Error) => {
    for (const listener of errorListeners) listener(error);
  };
  // Chunks are kept apart until the frame they end is whole: joined once, not once per chunk.
  let chunks: Buffer[] = [];
  let chunkBytes = 0;
  let wanted = 5;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    chunkBytes += chunk.length;
    if (chunkBytes < wanted) return;
    const buffered = chunks.length === 1 ? chunk : Buffer.concat(chunks, chunkBytes);
    // Every whole frame is cut out before any is handed on, so a listener that throws loses no other.
    const frames: [number, Buffer][] = [];
    let at = 0;
    while (buffered.length - at >= 4) {
      const length = buffered.readUInt32LE(at);
      if (length < 1 || length > MAX_FRAME_BYTES) {
        socket.destroy();
        failed(new Error(`a frame of ${length} bytes: the peer is broken; lane closed`));
        return;
      }
      if (buffered.length - at - 4 < length) break;
      frames.push([buffered[at + 4]!, buffered.subarray(at + 5, at + 4 + length)]);
      at += 4 + length;
    }
    const rest = buffered.subarray(at);
    chunks = rest.length > 0 ? [rest] : [];
    chunkBytes = rest.length;
    wanted = rest.length >= 4 ? 4 + rest.readUInt32LE(0) : 5;
    for (const [type, payload] of frames)
      for (const listener of listeners)
        try {
          listener(type, payload);
        } catch (error) {
          failed(error instanceof Error ? error : new Error(String(error)));
        }
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    for (const listener of closeListeners) listener();
  });
  return {
    send(type, payload) {
      if (socket.destroyed) return;
      // One buffer, one write: a write per part, even corked, costs more than the copy.
      const frame = Buffer.allocUnsafe(5 + payload.byteLength);
      frame.writeUInt32LE(payload.byteLength + 1, 0);
      frame[4] = type;
      frame.set(payload, 5);
      socket.write(frame);
    },
    onFrame: (listener) => void listeners.push(listener),
    onClose: (listener) => void closeListeners.push(listener),
    onError: (listener) => void errorListeners.push(listener),
    close: () => socket.destroy(),
  };
}
