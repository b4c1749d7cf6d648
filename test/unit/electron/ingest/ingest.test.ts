import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../../../electron/connectivity/inputErrors.js';
import type { DeviceRef } from '../../../../electron/connectivity/ingestEvents.js';
import { Ingest } from '../../../../electron/ingest/ingest.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { DeviceRegistry } from '../../../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../../../electron/tags/tagRegistry.js';
import { Quality } from '../../../../shared/quality.js';

const NOW = Date.UTC(2026, 5, 1, 12);

async function setup() {
  const appended: [number, number, number | null, number][] = [];
  const tags = new TagRegistry({
    loadTags: async () => [],
    lastValues: async () => [],
    upsertTags: () => {},
  });
  await tags.start();
  const errors = new InputErrors(createMemoryLogger());
  let now = NOW;
  const ingest = new Ingest({
    tags,
    devices: new DeviceRegistry(),
    errors,
    historian: { append: (...row) => appended.push(row) },
    onValueChanged: () => {},
    onDevicesChanged: () => {},
    now: () => now,
    staleAfterMs: 15_000,
  });
  return { ingest, tags, errors, appended, advance: (ms: number) => (now += ms) };
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
});
