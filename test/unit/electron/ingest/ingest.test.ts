import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../../../electron/connectivity/inputErrors.js';
import type { DeviceRef } from '../../../../electron/connectivity/ingestEvents.js';
import { Ingest } from '../../../../electron/ingest/ingest.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { DeviceRegistry } from '../../../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../../../electron/tags/tagRegistry.js';
import type { Device } from '../../../../shared/domain.js';
import { Quality } from '../../../../shared/quality.js';

const NOW = Date.UTC(2026, 5, 1, 12);

async function setup() {
  const appended: [number, number, number | null, number][] = [];
  const texts: [number, number, string | null, number][] = [];
  const tags = new TagRegistry({
    loadTags: async () => [],
    lastValues: async () => [],
    upsertTags: () => {},
  });
  await tags.start();
  const errors = new InputErrors(createMemoryLogger());
  let now = NOW;
  const devices = new DeviceRegistry({ siteStaleAfterMs: 15_000, now: () => now });
  const changedDevices: Device[] = [];
  /** What cloud sync's producers are handed: every stored sample, and which kind. */
  const tapped: [string, string, number, number | string | null, number][] = [];
  const ingest = new Ingest({
    tags,
    devices,
    errors,
    historian: { append: (...row) => appended.push(row), appendText: (...row) => texts.push(row) },
    onValueChanged: () => {},
    onDevicesChanged: (changed) => changedDevices.push(...changed),
    sync: {
      sample: (...args) => tapped.push(['sample', ...args]),
      history: (...args) => tapped.push(['history', ...args]),
    },
    now: () => now,
  });
  return {
    tapped,
    ingest,
    tags,
    devices,
    changedDevices,
    errors,
    appended,
    texts,
    advance: (ms: number) => (now += ms),
  };
}

const json: DeviceRef = { id: 'line1/pump1', area: 'line1', protocol: 'json' };
const sparkplug: DeviceRef = { id: 'line2/pump2', area: 'line2', protocol: 'sparkplug' };
const sample = (tag: string, ts: number, value: number) => ({ tag, ts, value, quality: Quality.Good });

describe('ingest', () => {
  it('stores a sample from a device clock far ahead at the time of receipt, flagged and counted', async () => {
    const { ingest, tags, errors, appended } = await setup();
    const anHourAhead = NOW + 3_600_000; // local time sent as UTC
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', anHourAhead, 5)] });
    expect(appended).toEqual([[1, NOW, 5, Quality.Uncertain]]);
    expect(tags.get('line1/pump1/flow')).toMatchObject({ ts: NOW, value: 5, quality: Quality.Uncertain });
    expect(errors.snapshot().errors).toEqual({ 'sample.future_timestamp': 1 });
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW + 1000, 6)] });
    expect(tags.get('line1/pump1/flow')).toMatchObject({ value: 6, quality: Quality.Good });
  });

  it('keeps late data out of the current value but stores it', async () => {
    const { ingest, tags, appended } = await setup();
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW, 5)] });
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW - 60_000, 4)] });
    expect(tags.get('line1/pump1/flow')).toMatchObject({ ts: NOW, value: 5 });
    expect(appended).toHaveLength(2);
  });

  it('shows a transient value live and never stores it', async () => {
    const { ingest, tags, appended, texts } = await setup();
    ingest.accept({
      kind: 'samples',
      device: sparkplug,
      samples: [
        { ...sample('line2/pump2/setpoint', NOW, 42), transient: true },
        sample('line2/pump2/flow', NOW, 7),
      ],
    });
    ingest.accept({
      kind: 'texts',
      device: sparkplug,
      texts: [
        { tag: 'line2/pump2/operator', ts: NOW, text: 'A. Jones', quality: Quality.Good, transient: true },
      ],
    });
    expect(tags.get('line2/pump2/setpoint')).toMatchObject({ ts: NOW, value: 42, quality: Quality.Good });
    expect(tags.get('line2/pump2/operator')).toMatchObject({ value: 'A. Jones' });
    expect(appended).toEqual([[tags.get('line2/pump2/flow')!.key, NOW, 7, Quality.Good]]);
    expect(texts).toEqual([]);
  });

  it('turns a silent JSON device stale, recording the last value with a stale quality', async () => {
    const { ingest, tags, appended, advance } = await setup();
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW, 5)] });
    ingest.accept({ kind: 'samples', device: sparkplug, samples: [sample('line2/pump2/flow', NOW, 7)] });
    advance(16_000);
    ingest.sweepSilentDevices();
    expect(tags.get('line1/pump1/flow')).toMatchObject({
      value: 5,
      quality: Quality.UncertainNoCommunicationLastUsableValue,
    });
    expect(appended.at(-1)).toEqual([1, NOW + 16_000, 5, Quality.UncertainNoCommunicationLastUsableValue]);
    // Sparkplug reports by exception: silence alone is not staleness.
    expect(tags.get('line2/pump2/flow')?.quality).toBe(Quality.Good);
  });

  it('turns a silent Sparkplug device stale after the timeout an engineer configured, not before', async () => {
    const { ingest, tags, devices, changedDevices, appended, advance } = await setup();
    devices.configure(sparkplug.id, { staleAfterMs: 5_000 }, 1);
    ingest.accept({ kind: 'samples', device: sparkplug, samples: [sample('line2/pump2/flow', NOW, 7)] });
    advance(5_000);
    ingest.sweepSilentDevices();
    expect(tags.get('line2/pump2/flow')?.quality).toBe(Quality.Good);
    advance(1);
    ingest.sweepSilentDevices();
    expect(tags.get('line2/pump2/flow')).toMatchObject({
      value: 7,
      quality: Quality.UncertainNoCommunicationLastUsableValue,
    });
    expect(appended.at(-1)).toEqual([1, NOW + 5_001, 7, Quality.UncertainNoCommunicationLastUsableValue]);
    expect(changedDevices.at(-1)).toMatchObject({ id: sparkplug.id, online: false });
    // The device speaks again: online, and its values good.
    ingest.accept({
      kind: 'samples',
      device: sparkplug,
      samples: [sample('line2/pump2/flow', NOW + 6_000, 8)],
    });
    expect(changedDevices.at(-1)).toMatchObject({ id: sparkplug.id, online: true });
    expect(tags.get('line2/pump2/flow')).toMatchObject({ value: 8, quality: Quality.Good });
  });

  it('turns one silent tag of a JSON device stale while the device talks on, once', async () => {
    const { ingest, tags, devices, appended, advance } = await setup();
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW, 5)] });
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/speed', NOW, 9)] });
    for (let s = 1; s <= 16; s++) {
      advance(1_000);
      ingest.accept({
        kind: 'samples',
        device: json,
        samples: [sample('line1/pump1/speed', NOW + s * 1000, 9)],
      });
      ingest.sweepSilentDevices();
    }
    expect(devices.get(json.id)?.online).toBe(true);
    expect(tags.get('line1/pump1/speed')?.quality).toBe(Quality.Good);
    expect(tags.get('line1/pump1/flow')).toMatchObject({
      value: 5,
      quality: Quality.UncertainNoCommunicationLastUsableValue,
    });
    const flowMarkers = appended.filter(([key, , , q]) => key === 1 && q !== Quality.Good);
    expect(flowMarkers).toEqual([[1, NOW + 16_000, 5, Quality.UncertainNoCommunicationLastUsableValue]]);
    ingest.sweepSilentDevices();
    expect(appended.filter(([key, , , q]) => key === 1 && q !== Quality.Good)).toHaveLength(1);
    // The sensor speaks again: good at once.
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW + 16_500, 6)] });
    expect(tags.get('line1/pump1/flow')).toMatchObject({ value: 6, quality: Quality.Good });
  });

  it('follows the timeout a device declares over the configured one and the site default', async () => {
    const { ingest, tags, devices, advance } = await setup();
    devices.configure(json.id, { staleAfterMs: 60_000 }, 1);
    const declaring = { ...json, staleAfterMs: 2_000 };
    ingest.accept({ kind: 'samples', device: declaring, samples: [sample('line1/pump1/flow', NOW, 5)] });
    advance(2_001);
    ingest.sweepSilentDevices();
    expect(tags.get('line1/pump1/flow')?.quality).toBe(Quality.UncertainNoCommunicationLastUsableValue);
  });

  it('counts one message per decoded message, and refused values against their device', async () => {
    const { ingest, devices, advance } = await setup();
    const ref = { ...sparkplug };
    const meta = { device: ref.id, name: 'flow', description: '', unit: '', dataType: 'number' as const };
    // A birth: tags, samples and texts of one message share their DeviceRef.
    ingest.accept({
      kind: 'tags',
      device: ref,
      tags: [{ ...meta, id: 'line2/pump2/flow', engLow: 0, engHigh: 10 }],
    });
    ingest.accept({ kind: 'samples', device: ref, samples: [sample('line2/pump2/flow', NOW, 1)] });
    ingest.accept({ kind: 'texts', device: ref, texts: [text('line2/pump2/batch', NOW, 'B1')] });
    // Two more messages, each with its own ref.
    ingest.accept({
      kind: 'samples',
      device: { ...sparkplug },
      samples: [sample('line2/pump2/flow', NOW, 2)],
    });
    ingest.accept({
      kind: 'samples',
      device: { ...sparkplug },
      samples: [sample('line2/pump2/flow', NOW, 3)],
    });
    ingest.accept({
      kind: 'samples',
      device: { ...sparkplug },
      samples: [sample('line2/pump2/flow', NOW + 600_000, 4)],
    });
    advance(10_000);
    expect(devices.get(sparkplug.id)?.messageRate).toBeCloseTo(4 / 10);
    expect(devices.get(sparkplug.id)?.errorCount).toBe(1); // the sample from ten minutes ahead
  });
});

const text = (tag: string, ts: number, value: string | null, quality: number = Quality.Good) => ({
  tag,
  ts,
  text: value,
  quality,
});

describe('ingest of string tags', () => {
  it('stores a text as an event when it or its quality changes, and shows every one as current', async () => {
    const { ingest, tags, texts, appended } = await setup();
    const device = { ...json, id: 'line1/conveyor1' };
    ingest.accept({ kind: 'texts', device, texts: [text('line1/conveyor1/batch', NOW, 'B1')] });
    ingest.accept({ kind: 'texts', device, texts: [text('line1/conveyor1/batch', NOW + 1000, 'B1')] });
    ingest.accept({ kind: 'texts', device, texts: [text('line1/conveyor1/batch', NOW + 2000, 'B2')] });
    ingest.accept({
      kind: 'texts',
      device,
      texts: [text('line1/conveyor1/batch', NOW + 3000, 'B2', Quality.Uncertain)],
    });
    expect(texts).toEqual([
      [1, NOW, 'B1', Quality.Good],
      [1, NOW + 2000, 'B2', Quality.Good],
      [1, NOW + 3000, 'B2', Quality.Uncertain],
    ]);
    expect(appended).toEqual([]);
    expect(tags.get('line1/conveyor1/batch')).toMatchObject({
      dataType: 'string',
      value: 'B2',
      ts: NOW + 3000,
      quality: Quality.Uncertain,
    });
    expect(ingest.sampleCount).toBe(4);
  });

  it('cuts a text longer than 1,024 characters, flags it uncertain and counts it', async () => {
    const { ingest, texts, errors } = await setup();
    const long = `${'a'.repeat(1023)}😀${'b'.repeat(100)}`;
    ingest.accept({ kind: 'texts', device: json, texts: [text('line1/pump1/note', NOW, long)] });
    const [[, , stored, quality]] = texts as [[number, number, string, number]];
    expect(stored).toBe('a'.repeat(1023)); // the emoji's two halves are not split
    expect(quality).toBe(Quality.Uncertain);
    expect(errors.snapshot().errors).toEqual({ 'text.truncated': 1 });
  });

  it('records a value of the other kind than its tag as bad, and counts it', async () => {
    const { ingest, texts, appended, errors, tags } = await setup();
    ingest.accept({ kind: 'texts', device: json, texts: [text('line1/pump1/note', NOW, 'hello')] });
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW, 5)] });
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/note', NOW + 1, 3)] });
    ingest.accept({ kind: 'texts', device: json, texts: [text('line1/pump1/flow', NOW + 1, 'ERR')] });
    expect(texts.at(-1)).toEqual([1, NOW + 1, null, Quality.BadTypeMismatch]);
    expect(appended.at(-1)).toEqual([2, NOW + 1, null, Quality.BadTypeMismatch]);
    expect(errors.snapshot().errors).toEqual({ 'sample.type_mismatch': 2 });
    expect(tags.get('line1/pump1/note')).toMatchObject({ value: null, quality: Quality.BadTypeMismatch });
  });

  it('keeps the type a JSON tag already has when a restarted decoder guesses another', async () => {
    const { ingest, tags } = await setup();
    const meta = {
      id: 'line1/pump1/note',
      device: 'line1/pump1',
      name: 'note',
      description: '',
      unit: '',
      engLow: null,
      engHigh: null,
    };
    ingest.accept({ kind: 'tags', device: json, tags: [{ ...meta, dataType: 'string' }] });
    ingest.accept({ kind: 'tags', device: json, tags: [{ ...meta, dataType: 'number' }] });
    expect(tags.get('line1/pump1/note')?.dataType).toBe('string');
    ingest.accept({
      kind: 'tags',
      device: sparkplug,
      tags: [{ ...meta, id: 'line2/pump2/x', dataType: 'string' }],
    });
    ingest.accept({
      kind: 'tags',
      device: sparkplug,
      tags: [{ ...meta, id: 'line2/pump2/x', dataType: 'number' }],
    });
    expect(tags.get('line2/pump2/x')?.dataType).toBe('number'); // a birth describes a metric anew
  });

  it('turns a silent device stale with its last text recorded as a stale event', async () => {
    const { ingest, tags, texts, advance } = await setup();
    ingest.accept({ kind: 'texts', device: json, texts: [text('line1/pump1/note', NOW, 'B7')] });
    advance(16_000);
    ingest.sweepSilentDevices();
    expect(texts.at(-1)).toEqual([1, NOW + 16_000, 'B7', Quality.UncertainNoCommunicationLastUsableValue]);
    expect(tags.get('line1/pump1/note')).toMatchObject({
      value: 'B7',
      quality: Quality.UncertainNoCommunicationLastUsableValue,
    });
  });

  it('writes backfill to history in time order without touching the current value', async () => {
    const { ingest, tags, appended, texts } = await setup();
    ingest.accept({ kind: 'samples', device: sparkplug, samples: [sample('line2/pump2/flow', NOW, 7)] });
    ingest.accept({
      kind: 'historical',
      device: sparkplug,
      samples: [sample('line2/pump2/flow', NOW - 1_000, 6), sample('line2/pump2/flow', NOW - 2_000, 5)],
      texts: [text('line2/pump2/batch', NOW - 3_000, 'B6')],
    });
    expect(appended.map((row) => row.slice(1, 3))).toEqual([
      [NOW, 7],
      [NOW - 2_000, 5],
      [NOW - 1_000, 6],
    ]);
    expect(texts).toEqual([[2, NOW - 3_000, 'B6', Quality.Good]]);
    expect(tags.get('line2/pump2/flow')).toMatchObject({ ts: NOW, value: 7 });
    expect(tags.get('line2/pump2/batch')).toMatchObject({ ts: null, value: null });
  });

  it('hands cloud sync every sample it stores: live numbers to roll up, the rest for raw only', async () => {
    const { ingest, tapped, advance } = await setup();
    ingest.accept({
      kind: 'samples',
      device: json,
      samples: [sample('line1/pump1/flow', NOW, 5), { ...sample('line1/pump1/sp', NOW, 1), transient: true }],
    });
    ingest.accept({ kind: 'samples', device: json, samples: [sample('line1/pump1/flow', NOW - 500, 4)] });
    ingest.accept({ kind: 'texts', device: json, texts: [text('line1/pump1/note', NOW, 'B7')] });
    ingest.accept({ kind: 'texts', device: json, texts: [text('line1/pump1/note', NOW + 1, 'B7')] });
    ingest.accept({
      kind: 'historical',
      device: json,
      samples: [sample('line1/pump1/flow', NOW - 9_000, 3)],
      texts: [],
    });
    advance(16_000);
    ingest.sweepSilentDevices();
    const stale = Quality.UncertainNoCommunicationLastUsableValue;
    expect(tapped).toEqual([
      ['sample', 'line1/pump1/flow', NOW, 5, Quality.Good],
      ['sample', 'line1/pump1/flow', NOW - 500, 4, Quality.Good],
      ['history', 'line1/pump1/note', NOW, 'B7', Quality.Good],
      ['history', 'line1/pump1/flow', NOW - 9_000, 3, Quality.Good],
      ['sample', 'line1/pump1/flow', NOW + 16_000, 5, stale],
      // A transient value is never stored, but its stale marker is, like any tag's.
      ['sample', 'line1/pump1/sp', NOW + 16_000, 1, stale],
      ['history', 'line1/pump1/note', NOW + 16_000, 'B7', stale],
    ]);
  });
});
