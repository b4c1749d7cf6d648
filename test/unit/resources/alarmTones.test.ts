import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/tempDir.js';

const SOUNDS = fileURLToPath(new URL('../../../resources/sounds/', import.meta.url));
const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

/** The alarm tones shipped in resources/sounds/ and the script that made them. */
describe('the shipped alarm tones', () => {
  const dir = makeTempDir('wk-tones-');
  afterAll(() => dir.remove());
  execFileSync(process.execPath, [join(SOUNDS, 'make-tones.mjs'), dir.path]);
  const shipped = (priority: string) => readFileSync(join(SOUNDS, `alarm-${priority}.wav`));

  it('are exactly what make-tones.mjs writes, so the files and their recipe never drift apart', () => {
    for (const priority of PRIORITIES) {
      expect(readFileSync(join(dir.path, `alarm-${priority}.wav`)).equals(shipped(priority)), priority).toBe(
        true,
      );
    }
  });

  it('are 16-bit mono PCM WAVs a browser plays, two seconds each (one period of the loop)', () => {
    for (const priority of PRIORITIES) {
      const file = shipped(priority);
      expect(file.toString('ascii', 0, 4)).toBe('RIFF');
      expect(file.toString('ascii', 8, 12)).toBe('WAVE');
      expect(file.readUInt16LE(20)).toBe(1);
      expect(file.readUInt16LE(22)).toBe(1);
      expect(file.readUInt16LE(34)).toBe(16);
      const rate = file.readUInt32LE(24);
      expect(file.readUInt32LE(40) / 2 / rate).toBe(2);
    }
  });

  it('sound different for each priority, and the more urgent ones sound longer', () => {
    const sounding = (priority: string) => {
      const file = shipped(priority);
      let samples = 0;
      for (let i = 44; i < file.length; i += 2) if (file.readInt16LE(i) !== 0) samples++;
      return samples;
    };
    const files = PRIORITIES.map(shipped);
    for (let i = 0; i < files.length; i++)
      for (let j = i + 1; j < files.length; j++) expect(files[i]!.equals(files[j]!)).toBe(false);
    const lengths = PRIORITIES.map(sounding);
    expect(lengths[0]).toBeGreaterThan(lengths[1]!);
    expect(lengths[1]).toBeGreaterThan(lengths[2]!);
  });
});
