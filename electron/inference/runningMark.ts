import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { LiveRunning } from './types.js';

/** The live run a host has started: its number, model, bindings and start (shared clock). */
export interface RunningMark extends LiveRunning {
  startedAt: number;
}

const SIZE = 64 * 1024;

/**
 * The note a host keeps of the live run it is in, in a small file of its private folder: the
 * main thread's watchdog (liveLane.ts) reads it on its own clock. A message per run would wake
 * the main thread in the middle of every run, for nothing unless the run hangs; a write to a
 * file wakes no one. The run's number opens and closes the note, so a note read while being
 * written is told apart.
 */
export class RunningMarkWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.alloc(SIZE);

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(mark: RunningMark): void {
    const b = this.buffer;
    let at = b.writeUInt32LE(mark.seq, 0);
    at = b.writeDoubleLE(mark.startedAt, at);
    const handles = Math.min(mark.handles.length, 1024);
    at = b.writeUInt32LE(handles, at);
    for (let i = 0; i < handles; i++) at = b.writeUInt32LE(mark.handles[i]!, at);
    const keyLength = b.write(mark.key, at + 4, SIZE - at - 8, 'utf8');
    at = b.writeUInt32LE(keyLength, at) + keyLength;
    at = b.writeUInt32LE(mark.seq, at);
    writeSync(this.fd, b, 0, at, 0);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Reads a host's note; null when there is none yet, or it was being written. */
export class RunningMarkReader {
  private fd: number | null = null;
  private readonly buffer = Buffer.alloc(SIZE);

  constructor(private readonly path: string) {}

  read(): RunningMark | null {
    try {
      this.fd ??= openSync(this.path, 'r');
      const length = readSync(this.fd, this.buffer, 0, SIZE, 0);
      const b = this.buffer;
      if (length < 24) return null;
      const seq = b.readUInt32LE(0);
      const startedAt = b.readDoubleLE(4);
      const count = b.readUInt32LE(12);
      let at = 16;
      if (at + count * 4 + 8 > length) return null;
      const handles: number[] = [];
      for (let i = 0; i < count; i++, at += 4) handles.push(b.readUInt32LE(at));
      const keyLength = b.readUInt32LE(at);
      at += 4;
      if (at + keyLength + 4 > length) return null;
      const key = b.toString('utf8', at, at + keyLength);
      if (b.readUInt32LE(at + keyLength) !== seq) return null;
      return { seq, startedAt, key, handles };
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
