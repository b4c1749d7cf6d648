import type { TagId } from '../../shared/domain.js';
import { qualityView } from '../format/quality.js';
import { formatClock, formatDateTime } from '../format/time.js';
import { formatValue } from '../format/value.js';
import type { Sample } from './penBuffer.js';
import type { PenSpec } from './penStyle.js';

/** What a pen reads at a time: a usable value (good, uncertain or stale), bad, or nothing known. */
export type ReadingState = 'good' | 'uncertain' | 'stale' | 'bad' | 'nodata';

export interface PenReading {
  id: TagId;
  number: number;
  colour: string;
  state: ReadingState;
  /** The value at the pen's display precision (`41.7`, `ON`); null when bad or nothing is known. */
  value: string | null;
  unit: string;
  /** The state as a word beside the value, never colour alone: `STALE`, `BAD`, `no data`. */
  word: string;
  /** When the reading was sampled; null when nothing is known. */
  sampledAt: number | null;
}

export interface Readout {
  ts: number;
  /** The cursor's time: the clock live, with the date in history. */
  time: string;
  pens: PenReading[];
}

const WORDS: Readonly<Record<ReadingState, string>> = {
  good: '',
  uncertain: 'UNCERTAIN',
  stale: 'STALE',
  bad: 'BAD',
  nodata: 'no data',
};

function reading(spec: PenSpec, sample: Sample | null): PenReading {
  const base = { id: spec.id, number: spec.number, colour: spec.colour, unit: spec.unit };
  const view = sample ? qualityView(sample.quality) : null;
  let state: ReadingState;
  if (!sample || !view) state = 'nodata';
  else if (view.severity === 'bad') state = 'bad';
  else if (sample.value === null) state = 'nodata';
  else state = view.badge === 'STALE' ? 'stale' : view.severity;
  const usable = sample !== null && sample.value !== null && state !== 'bad' && state !== 'nodata';
  const value = usable
    ? formatValue({
        value: sample.value,
        dataType: spec.isBoolean ? 'boolean' : spec.states ? 'enum' : 'number',
        engLow: spec.engLow,
        engHigh: spec.engHigh,
        ...(spec.states ? { states: [...spec.states] } : {}),
        ...(spec.decimals === undefined ? {} : { decimals: spec.decimals }),
      })
    : null;
  return { ...base, state, value, word: WORDS[state], sampledAt: sample?.ts ?? null };
}

/**
 * The crosshair readout at time `ts`: every pen's value there with its unit, precision and
 * quality. Each pen reads its last sample at or before `ts`, because a tag reports changes and a
 * value holds until the next one: the readout never interpolates between samples, and a pen
 * that was bad at `ts` reads BAD even if good samples lie on both sides.
 */
export function cursorReadout(
  ts: number,
  specs: readonly PenSpec[],
  sampleAt: (id: TagId, t: number) => Sample | null,
  withDate: boolean,
): Readout {
  return {
    ts,
    time: withDate ? formatDateTime(ts) : formatClock(ts),
    pens: specs.map((spec) => reading(spec, sampleAt(spec.id, ts))),
  };
}

/** One pen's reading in words: `P1 41.7 m³/h`, `P2 4.20 bar STALE`, `P3 BAD`, `P4 no data`. */
export function readingText(pen: PenReading): string {
  const value = pen.value === null ? '' : `${pen.value}${pen.unit ? ` ${pen.unit}` : ''}`;
  return [`P${pen.number}`, value, pen.word].filter(Boolean).join(' ');
}

/** The whole readout as one line, for screen readers and the element's title. */
export function readoutText(readout: Readout): string {
  return [readout.time, ...readout.pens.map(readingText)].join('   ');
}
