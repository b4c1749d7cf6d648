import { afterEach, describe, expect, it } from 'vitest';
import { LiveInputs } from '../../../../electron/inference/liveInputs.js';
import type { LiveTrack, SampleBatch } from '../../../../electron/inference/types.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { Quality } from '../../../../shared/quality.js';
import { waitFor } from '../../../helpers/waitFor.js';

const T0 = Date.UTC(2026, 5, 1, 12);

/** Tags with current values a test sets, history of one sample per tag, and a recording host. */
function setup() {
  const values = new Map<
    string,
    { key: number; value: number | string | null; quality: number; ts: number | null }
  >();
  type Sent = { kind: 'track'; changes: LiveTrack } | { kind: 'samples'; batch: SampleBatch; merge: boolean };
  const sent: Sent[] = [];
  const host = {
    available: true,
    liveTrack: async (changes: LiveTrack) => void sent.push({ kind: 'track', changes }),
    liveSamples: async (batch: SampleBatch, merge: boolean) =>
      void sent.push({ kind: 'samples', batch, merge }),
  };
  const inputs = new LiveInputs(
    { get: (id) => values.get(id) },
    {
      queryRanges: async (queries) =>
        queries.map((q) => ({
          tag: q.tag,
          from: q.from,
          to: q.to,
          mode: 'raw' as const,
          points: { ts: [q.to - 1000], value: [1], quality: [Quality.Good] },
        })),
    },
    host,
    createMemoryLogger(),
  );
  const set = (tag: string, ts: number, value: number | string | null, quality: number = Quality.Good) => {
    values.set(tag, { key: tag.length, value, quality, ts });
    inputs.observe(tag);
  };
  return { inputs, sent, set, values };
}

describe('live inputs', () => {
  let stop: (() => void) | null = null;
  afterEach(() => stop?.());

  it('sends a new tag to the host with its span, then its recent history to merge', async () => {
    const { inputs, sent, values } = setup();
    stop = () => inputs.stop();
    values.set('p1/flow', { key: 1, value: null, quality: Quality.Good, ts: null });
    await inputs.track('a', ['p1/flow'], 4000, T0);
    const id = inputs.id('p1/flow')!;
    expect(sent[0]).toEqual({ kind: 'track', changes: { set: [{ tag: id, spanMs: 4000 }], drop: [] } });
    expect(sent[1]).toMatchObject({ kind: 'samples', merge: true });
    const history = (sent[1] as { batch: SampleBatch }).batch;
    expect([...history.tags]).toEqual([id]);
    expect([...history.ts]).toEqual([T0 - 1000]);
  });

  it('coalesces live samples into one batch of typed columns, text and null as missing', async () => {
    const { inputs, sent, set, values } = setup();
    stop = () => inputs.stop();
    for (const tag of ['p1/flow', 'p1/mode']) values.set(tag, { key: 1, value: null, quality: 0, ts: null });
    await inputs.track('a', ['p1/flow', 'p1/mode'], 4000, T0);
    sent.length = 0;
    set('p1/flow', T0, 5);
    set('p1/mode', T0, 'auto');
    set('p1/flow', T0 + 1000, null, Quality.Bad);
    set('p1/other', T0, 3);
    await waitFor('one batch', () => sent.length > 0);
    expect(sent).toHaveLength(1);
    const { batch, merge } = sent[0] as { batch: SampleBatch; merge: boolean };
    expect(merge).toBe(false);
    expect(batch.tags).toBeInstanceOf(Uint32Array);
    expect([...batch.ts]).toEqual([T0, T0, T0 + 1000]);
    expect([...batch.missing]).toEqual([0, 1, 1]);
    expect([...batch.quality]).toEqual([Quality.Good, Quality.BadTypeMismatch, Quality.Bad]);
  });

  it('sends the samples of each turn of the event loop at its end: none waits for a later one', async () => {
    const { inputs, sent, set, values } = setup();
    stop = () => inputs.stop();
    values.set('p1/flow', { key: 1, value: null, quality: 0, ts: null });
    await inputs.track('a', ['p1/flow'], 4000, T0);
    sent.length = 0;
    set('p1/flow', T0, 5);
    set('p1/flow', T0 + 100, 6);
    expect(sent).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(1);
    set('p1/flow', T0 + 200, 7);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.map((s) => [...(s as { batch: SampleBatch }).batch.value])).toEqual([[5, 6], [7]]);
  });

  it('tells the host to drop a tag no binding reads any more', async () => {
    const { inputs, sent, values } = setup();
    stop = () => inputs.stop();
    values.set('p1/flow', { key: 1, value: null, quality: 0, ts: null });
    await inputs.track('a', ['p1/flow'], 4000, T0);
    await inputs.track('b', ['p1/flow'], 9000, T0);
    const id = inputs.id('p1/flow')!;
    expect(sent.at(-1)).toEqual({ kind: 'track', changes: { set: [{ tag: id, spanMs: 9000 }], drop: [] } });
    inputs.untrack('b');
    expect(sent.at(-1)).toEqual({ kind: 'track', changes: { set: [{ tag: id, spanMs: 4000 }], drop: [] } });
    inputs.untrack('a');
    expect(sent.at(-1)).toEqual({ kind: 'track', changes: { set: [], drop: [id] } });
    expect(inputs.observe('p1/flow')).toBe(false);
  });
});
