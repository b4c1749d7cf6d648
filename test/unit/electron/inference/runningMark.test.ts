import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RunningMarkReader,
  RunningMarkWriter,
  type RunningMark,
} from '../../../../electron/inference/runningMark.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const mark = (seq: number, extra: Partial<RunningMark> = {}): RunningMark => ({
  seq,
  key: 'pump.onnx@3f2a',
  handles: [1, 2, 3],
  startedAt: 98_765.4321,
  ...extra,
});

describe("the note of a host's live run", () => {
  let dir: ReturnType<typeof makeTempDir>;
  let path: string;
  const closing: { close(): void }[] = [];
  beforeEach(() => {
    dir = makeTempDir();
    path = join(dir.path, 'running');
  });
  afterEach(() => {
    for (const end of closing.splice(0)) end.close();
    dir.remove();
  });

  function open(): { writer: RunningMarkWriter; reader: RunningMarkReader } {
    const writer = new RunningMarkWriter(path);
    const reader = new RunningMarkReader(path);
    closing.push(writer, reader);
    return { writer, reader };
  }

  it('reads back what was written last, each time', () => {
    const { writer, reader } = open();
    writer.write(mark(1));
    expect(reader.read()).toEqual(mark(1));
    writer.write(mark(2, { handles: [], startedAt: 0 }));
    expect(reader.read()).toEqual(mark(2, { handles: [], startedAt: 0 }));
    writer.write(mark(0xffffffff, { handles: [0, 0xffffffff] }));
    expect(reader.read()).toEqual(mark(0xffffffff, { handles: [0, 0xffffffff] }));
  });

  it('reads a shorter note written over a longer one, not what is left of the old one', () => {
    const { writer, reader } = open();
    writer.write(mark(1, { key: 'a-long-model-name.onnx@'.repeat(20), handles: [...Array(500).keys()] }));
    writer.write(mark(2, { key: 'm', handles: [9] }));
    expect(reader.read()).toEqual(mark(2, { key: 'm', handles: [9] }));
  });

  it('keeps a key in any script', () => {
    const { writer, reader } = open();
    const key = 'modèle-泵-🚰.onnx@été';
    writer.write(mark(5, { key }));
    expect(reader.read()?.key).toBe(key);
  });

  it('notes at most 1024 bindings of a run', () => {
    const { writer, reader } = open();
    const handles = Array.from({ length: 2000 }, (_, i) => i + 1);
    writer.write(mark(3, { handles }));
    expect(reader.read()).toEqual(mark(3, { handles: handles.slice(0, 1024) }));
  });

  it('answers null before the host has written anything, and the note once it has', () => {
    const reader = new RunningMarkReader(path);
    closing.push(reader);
    expect(reader.read()).toBeNull();
    // The host opens the file after the reader first looked.
    const writer = new RunningMarkWriter(path);
    closing.push(writer);
    expect(reader.read()).toBeNull();
    writer.write(mark(1));
    expect(reader.read()).toEqual(mark(1));
  });

  it('answers null for a note whose closing number is not its opening one (caught mid-write)', () => {
    const { writer, reader } = open();
    writer.write(mark(7));
    const bytes = readFileSync(path);
    bytes.writeUInt32LE(8, bytes.length - 4);
    writeFileSync(path, bytes);
    expect(reader.read()).toBeNull();
    // The next whole note reads again.
    writer.write(mark(8));
    expect(reader.read()).toEqual(mark(8));
  });

  it('answers null for a note cut short anywhere', () => {
    const { writer, reader } = open();
    writer.write(mark(7, { key: 'été' }));
    const length = readFileSync(path).length;
    for (let cut = length - 1; cut >= 0; cut--) {
      truncateSync(path, cut);
      expect(reader.read(), `cut at ${cut} of ${length} bytes`).toBeNull();
    }
  });

  it('answers null for a note whose counts run past its end, and for garbage', () => {
    const { writer, reader } = open();
    writer.write(mark(7));
    const bytes = readFileSync(path);
    bytes.writeUInt32LE(0xffffffff, 12);
    writeFileSync(path, bytes);
    expect(reader.read()).toBeNull();
    writeFileSync(path, Buffer.alloc(4096, 0xff));
    expect(reader.read()).toBeNull();
  });
});
