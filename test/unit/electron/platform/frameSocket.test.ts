import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectFrames,
  listenFrames,
  type FrameAddress,
  type FrameListener,
  type FrameSocket,
} from '../../../../electron/platform/frameSocket.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { waitFor } from '../../../helpers/waitFor.js';

/** A frame as it goes on the wire: 32-bit little-endian length (type byte + payload), type, payload. */
function frameBytes(type: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32LE(payload.byteLength + 1, 0);
  header[4] = type;
  return Buffer.concat([header, payload]);
}

const tokenFrame = (token: string) => frameBytes(0, Buffer.from(token, 'utf8'));

/** Every frame an end hears, each payload copied: what the test compares is what arrived then. */
function record(frames: FrameSocket): { type: number; payload: Buffer }[] {
  const heard: { type: number; payload: Buffer }[] = [];
  frames.onFrame((type, payload) => heard.push({ type, payload: Buffer.from(payload) }));
  return heard;
}

/** A plain client on the listener's socket: the test writes its bytes by hand. */
async function rawClient(address: FrameAddress): Promise<net.Socket> {
  const socket = net.connect(address.path);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

const closed = (socket: net.Socket) =>
  new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

/** Writes one chunk and lets the event loop turn, so the other end reads it on its own. */
async function writeApart(socket: net.Socket, chunk: Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    socket.write(chunk, (error) => (error ? reject(error) : resolve())),
  );
  await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Whether a new connection to the listener's path is taken. */
function connects(address: FrameAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address.path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('frames over a local socket', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let listener: FrameListener | null = null;
  const opened: { close(): void }[] = [];
  const sockets: net.Socket[] = [];

  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => {
    for (const end of opened.splice(0)) end.close();
    for (const socket of sockets.splice(0)) socket.destroy();
    listener?.close();
    listener = null;
    dir.remove();
  });

  async function listen(): Promise<FrameListener> {
    listener = await listenFrames(dir.path);
    return listener;
  }

  async function pair(): Promise<{ parent: FrameSocket; host: FrameSocket }> {
    const l = await listen();
    const host = connectFrames(l.address);
    opened.push(host);
    const parent = await l.accept(10_000);
    opened.push(parent);
    return { parent, host };
  }

  /** A plain client let in with the right token, its bytes then written by the test by hand. */
  async function rawPair(): Promise<{ parent: FrameSocket; client: net.Socket }> {
    const l = await listen();
    const client = await rawClient(l.address);
    sockets.push(client);
    client.write(tokenFrame(l.address.token));
    const parent = await l.accept(10_000);
    opened.push(parent);
    return { parent, client };
  }

  it('carries frames both ways, each in the order it was sent, empty and large ones too', async () => {
    const { parent, host } = await pair();
    const atParent = record(parent);
    const atHost = record(host);
    const large = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < large.length; i++) large[i] = (i * 31) & 0xff;
    const up = [
      { type: 1, payload: Buffer.from('first') },
      { type: 255, payload: Buffer.alloc(0) },
      { type: 2, payload: large },
      { type: 3, payload: Buffer.from('après — 后') },
    ];
    for (let n = 0; n < 100; n++) up.push({ type: 4, payload: Buffer.from(`n${n}`) });
    const down = [
      { type: 9, payload: Buffer.from([0, 1, 2, 3]) },
      { type: 0, payload: Buffer.from('a type 0 after the token is an ordinary frame') },
    ];
    for (const f of up) host.send(f.type, f.payload);
    for (const f of down) parent.send(f.type, f.payload);
    await waitFor('every frame at the parent', () => atParent.length >= up.length);
    await waitFor('every frame at the host', () => atHost.length >= down.length);
    // The large payload compared as bytes: a deep equal of 3 MB element by element takes seconds.
    expect(atParent[2]!.payload.equals(large)).toBe(true);
    const small = (frames: { type: number; payload: Buffer }[]) =>
      frames.map((f, i) => (i === 2 ? { type: f.type, length: f.payload.length } : f));
    expect(small(atParent)).toEqual(small(up));
    expect(atHost).toEqual(down);
  });

  it('sends a Uint8Array that views part of a larger buffer as just that part', async () => {
    const { parent, host } = await pair();
    const atParent = record(parent);
    const whole = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    host.send(5, whole.subarray(2, 5));
    await waitFor('the frame', () => atParent.length === 1);
    expect(atParent[0]).toEqual({ type: 5, payload: Buffer.from([1, 2, 3]) });
  });

  it('takes the host before anyone waits for it', async () => {
    const l = await listen();
    const host = connectFrames(l.address);
    opened.push(host);
    host.send(7, Buffer.from('early'));
    // Connected and the token checked before accept is called: the wait answers at once.
    await waitFor('the host to be shown in', async () => !(await connects(l.address)));
    const parent = await l.accept(10_000);
    opened.push(parent);
    const atParent = record(parent);
    host.send(7, Buffer.from('later'));
    await waitFor('the later frame', () => atParent.length > 0);
    expect(atParent.map((f) => f.payload.toString())).toContain('later');
  });

  it('puts back together a frame split byte by byte, and many frames in one chunk', async () => {
    const { parent, client } = await rawPair();
    const heard = record(parent);

    const split = frameBytes(6, Buffer.from('split across many chunks, the length field too'));
    for (let i = 0; i < split.length; i++) await writeApart(client, split.subarray(i, i + 1));
    await waitFor('the split frame', () => heard.length === 1);
    expect(heard[0]).toEqual({
      type: 6,
      payload: Buffer.from('split across many chunks, the length field too'),
    });

    // Fifty whole frames, then the start of one more, in one write; its rest in the next.
    const many = Array.from({ length: 50 }, (_, n) => frameBytes(n % 3, Buffer.from(`frame ${n}`)));
    const tail = frameBytes(8, Buffer.from('tail'));
    await writeApart(client, Buffer.concat([...many, tail.subarray(0, 3)]));
    await writeApart(client, tail.subarray(3));
    await waitFor('fifty-one more frames', () => heard.length === 52);
    expect(heard.slice(1, 51)).toEqual(
      Array.from({ length: 50 }, (_, n) => ({ type: n % 3, payload: Buffer.from(`frame ${n}`) })),
    );
    expect(heard[51]).toEqual({ type: 8, payload: Buffer.from('tail') });

    // A header alone, then its frame's end together with a whole next frame.
    const a = frameBytes(1, Buffer.from('abc'));
    const b = frameBytes(2, Buffer.from('de'));
    await writeApart(client, a.subarray(0, 5));
    await writeApart(client, Buffer.concat([a.subarray(5), b]));
    await waitFor('two more frames', () => heard.length === 54);
    expect(heard.slice(52)).toEqual([
      { type: 1, payload: Buffer.from('abc') },
      { type: 2, payload: Buffer.from('de') },
    ]);
  });

  it('hands on the frames after one whose listener threw, and reports the throw', async () => {
    const { parent, client } = await rawPair();
    const errors: Error[] = [];
    parent.onError((error) => errors.push(error));
    parent.onFrame((type) => {
      if (type === 9) throw new Error('cannot read this one');
    });
    const heard = record(parent);
    await writeApart(
      client,
      Buffer.concat([
        frameBytes(1, Buffer.from('a')),
        frameBytes(9, Buffer.from('b')),
        frameBytes(2, Buffer.from('c')),
      ]),
    );
    await writeApart(client, frameBytes(3, Buffer.from('d')));
    await waitFor('four frames', () => heard.length === 4);
    expect(heard.map((f) => f.payload.toString())).toEqual(['a', 'b', 'c', 'd']);
    expect(errors.map((e) => e.message)).toEqual(['cannot read this one']);
  });

  it('closes the lane on a frame length no peer of ours sends, and says so', async () => {
    const { parent, client } = await rawPair();
    const errors: Error[] = [];
    parent.onError((error) => errors.push(error));
    const header = Buffer.alloc(5);
    header.writeUInt32LE(0xffffffff, 0);
    await writeApart(client, header);
    await closed(client);
    expect(errors[0]?.message).toMatch(/4294967295 bytes: the peer is broken; lane closed/);
  });

  it('closes a connection with a wrong token and goes on waiting for the right one', async () => {
    const l = await listen();
    const accepted = l.accept(10_000);
    const wrong = await rawClient(l.address);
    sockets.push(wrong);
    wrong.write(tokenFrame('0'.repeat(32)));
    await closed(wrong);

    // The right token in a frame of another type is refused too.
    const wrongType = await rawClient(l.address);
    sockets.push(wrongType);
    wrongType.write(frameBytes(1, Buffer.from(l.address.token)));
    await closed(wrongType);

    const host = connectFrames(l.address);
    opened.push(host);
    const parent = await accepted;
    opened.push(parent);
    const heard = record(parent);
    host.send(3, Buffer.from('from the right host'));
    await waitFor('its frame', () => heard.length === 1);
    expect(heard[0]!.payload.toString()).toBe('from the right host');
  });

  it('takes no one else once the host is in', async () => {
    await pair();
    expect(await connects(listener!.address)).toBe(false);
  });

  it('gives up waiting after the timeout, saying so, and takes no one after', async () => {
    const l = await listen();
    await expect(l.accept(50)).rejects.toThrow('the host did not connect its frame socket within 50 ms');
    expect(await connects(l.address)).toBe(false);
  });

  it('lets each end close: the other hears it, and a send after does nothing', async () => {
    const { parent, host } = await pair();
    let parentClosed = false;
    let hostClosed = false;
    parent.onClose(() => (parentClosed = true));
    host.onClose(() => (hostClosed = true));
    host.close();
    await waitFor('the parent to hear the close', () => parentClosed);
    await waitFor('the host to close', () => hostClosed);
    expect(() => host.send(1, Buffer.from('late'))).not.toThrow();
    expect(() => parent.send(1, Buffer.from('late'))).not.toThrow();
  });

  it('closes the listener before anyone came: no connection is taken', async () => {
    const l = await listen();
    l.close();
    expect(await connects(l.address)).toBe(false);
  });
});
