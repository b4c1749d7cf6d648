// Synthesises the alarm tones the banner plays, one WAV per priority, into this folder (or the
// folder given as the first argument). Deterministic: running it again writes the same bytes, so
// the shipped files can be checked against it (test/unit/resources/alarmTones.test.ts).
//
// Each priority has its own pitch and rhythm, so an operator tells them apart without looking
// (ISA-18.2: distinct audible annunciation per priority), and each file ends in silence so that
// playing it in a loop repeats the pattern every two seconds until the horn is silenced:
//   critical  six fast pulses alternating 1000 / 1400 Hz (a warble)
//   high      three beeps at 880 Hz
//   medium    two beeps at 660 Hz
//   low       one long, soft beep at 440 Hz
//
//   node resources/sounds/make-tones.mjs [outDir]

import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const RATE = 16_000;
const PERIOD_S = 2;
/** Fade in and out of each beep, so it starts and stops without a click. */
const RAMP_S = 0.006;

/** [start s, length s, Hz, amplitude 0…1] per beep. */
export const PATTERNS = {
  critical: [0, 1, 2, 3, 4, 5].map((i) => [i * 0.12, 0.1, i % 2 === 0 ? 1000 : 1400, 0.6]),
  high: [0, 1, 2].map((i) => [i * 0.22, 0.15, 880, 0.55]),
  medium: [0, 1].map((i) => [i * 0.3, 0.2, 660, 0.5]),
  low: [[0, 0.35, 440, 0.4]],
};

/** The tone of one priority as 16-bit mono PCM samples, PERIOD_S long. */
export function synthesise(beeps) {
  const samples = new Int16Array(Math.round(RATE * PERIOD_S));
  for (const [start, length, hz, amplitude] of beeps) {
    const first = Math.round(start * RATE);
    const count = Math.round(length * RATE);
    const ramp = Math.round(RAMP_S * RATE);
    for (let i = 0; i < count; i++) {
      const envelope = Math.min(1, i / ramp, (count - 1 - i) / ramp);
      // A touch of the third harmonic makes a sine audible on small laptop speakers.
      const phase = (2 * Math.PI * hz * i) / RATE;
      const value = amplitude * envelope * (0.85 * Math.sin(phase) + 0.15 * Math.sin(3 * phase));
      samples[first + i] = Math.round(value * 32_767);
    }
  }
  return samples;
}

/** A RIFF/WAVE file of 16-bit mono PCM at RATE. */
export function wav(samples) {
  const data = samples.length * 2;
  const file = Buffer.alloc(44 + data);
  file.write('RIFF', 0, 'ascii');
  file.writeUInt32LE(36 + data, 4);
  file.write('WAVE', 8, 'ascii');
  file.write('fmt ', 12, 'ascii');
  file.writeUInt32LE(16, 16); // fmt chunk size
  file.writeUInt16LE(1, 20); // PCM
  file.writeUInt16LE(1, 22); // mono
  file.writeUInt32LE(RATE, 24);
  file.writeUInt32LE(RATE * 2, 28); // bytes per second
  file.writeUInt16LE(2, 32); // block align
  file.writeUInt16LE(16, 34); // bits per sample
  file.write('data', 36, 'ascii');
  file.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++) file.writeInt16LE(samples[i], 44 + i * 2);
  return file;
}

export function writeTones(outDir) {
  mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const [priority, beeps] of Object.entries(PATTERNS)) {
    const path = join(outDir, `alarm-${priority}.wav`);
    writeFileSync(path, wav(synthesise(beeps)));
    written.push(path);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2] ?? fileURLToPath(new URL('.', import.meta.url));
  for (const path of writeTones(outDir)) process.stdout.write(`wrote ${path}\n`);
}
