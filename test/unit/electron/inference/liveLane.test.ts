import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeSamplesFrame,
  encodeFailedFrame,
  encodeResultsFrame,
  LiveFrame,
} from '../../../../electron/inference/liveCodec.js';
import { LiveLane, type LaneHandlers } from '../../../../electron/inference/liveLane.js';
import { RunningMarkWriter, type RunningMark } from '../../../../electron/inference/runningMark.js';
import type { LiveFailed, LiveResults, SampleBatch } from '../../../../electron/inference/types.js';
import { connectFrames, type FrameSocket } from '../../../../electron/platform/frameSocket.js';
import { sharedClockMs } from '../../../../electron/platform/sharedClock.js';
import { Quality } from '../../../../shared/quality.js';
import { liveResults, plainResults, plainSamples, T0 } from '../../../helpers/liveFrames.js';
import { waitFor } from '../../../helpers/waitFor.js';

/** Triggered now, so that when it is heard can be checked against when it was sent. */
const results = (seq: number): LiveResults =>
  liveResults(
    [
      { kind: 'values', values: [1.5], qualities: [Quality.Good], problem: null },
      { kind: 'skip', reason: 'p1/flow is Bad' },
    ],
    { seq, key: 'pump.onnx@1', handles: [4, 5], triggeredAt: sharedClockMs() },
  );

const failed = (seq: number): LiveFailed => ({
  seq,
  key: 'pump.onnx@1',
  handles: [4, 5],
  code: 'INTERNAL',
  message: 'the model threw',
});

const mark = (seq: number, startedAt = sharedClockMs()): RunningMark => ({
  seq,
  key: 'pump.onnx@1',
  handles: [4, 5],
  startedAt,
});

/** What the lane's handlers heard. */
function heard() {
  const got = {
    results: [] as { results: LiveResults; receivedAt: number }[],
    failed: [] as LiveFailed[],
    stuck: [] as { run: RunningMark; forMs: number }[],
    malformed: [] as Error[],
  };
  const handlers: LaneHandlers = {
    results: (results, receivedAt) => got.results.push({ results, receivedAt }),
    failed: (failure) => got.failed.push(failure),
    stuck: (run, forMs) => got.stuck.push({ run, forMs }),
    malformed: (error) => got.malformed.push(error),
  };
  return { got, handlers };
}

describe("the main thread's end of a host's live lane", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const step of cleanup.splice(0).reverse()) step();
    vi.useRealTimers();
  });

  /** A lane, and this test process playing the host: its frame socket and its note of runs. */
  async function connected(runLimitMs: number) {
    const lane = await LiveLane.open();
    cleanup.push(() => lane.close());
    const host: FrameSocket = connectFrames(lane.hostData.lane);
    cleanup.push(() => host.close());
    const { got, handlers } = heard();
    await lane.accept(10_000, runLimitMs, handlers);
    const writer = new RunningMarkWriter(lane.hostData.runningMark);
    cleanup.push(() => writer.close());
    return { lane, host, writer, got };
  }

  it('keeps its socket and note in a folder only this user can open', async () => {
    const lane = await LiveLane.open();
    cleanup.push(() => lane.close());
    const folder = dirname(lane.hostData.runningMark);
    expect(dirname(lane.hostData.lane.path)).toBe(folder);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(lane.hostData.lane.token).toMatch(/^[0-9a-f]{32}$/);
  });

  it('drops a frame it cannot read, says so, and hears the next one', async () => {
    const { host, got } = await connected(60_000);
    host.send(LiveFrame.results, Buffer.from([1, 2, 3]));
    host.send(LiveFrame.failed, Buffer.alloc(0));
    host.send(LiveFrame.results, encodeResultsFrame(results(7)));
    await waitFor('the good frame', () => (got.results.length > 0 ? true : undefined));
    expect(got.malformed).toHaveLength(2);
    expect(got.malformed[0]!.message).toBe('a frame of 3 bytes is shorter than its columns say');
    expect(got.results[0]!.results.seq).toBe(7);
  });

  it('hears results and failures as the host sent them, and counts their runs answered', async () => {
    const { lane, host, writer, got } = await connected(60_000);
    expect(lane.inFlight()).toBeNull();
    writer.write(mark(1));
    expect(lane.inFlight()).toMatchObject({ seq: 1, key: 'pump.onnx@1', handles: [4, 5] });
    const sent = results(1);
    host.send(LiveFrame.results, encodeResultsFrame(sent));
    await waitFor('the results', () => got.results.length === 1);
    expect(plainResults(got.results[0]!.results)).toEqual(sent);
    expect(got.results[0]!.receivedAt).toBeGreaterThanOrEqual(sent.triggeredAt);
    expect(lane.inFlight()).toBeNull();

    writer.write(mark(2));
    expect(lane.inFlight()?.seq).toBe(2);
    host.send(LiveFrame.failed, encodeFailedFrame(failed(2)));
    await waitFor('the failure', () => got.failed.length === 1);
    expect(got.failed).toEqual([failed(2)]);
    expect(lane.inFlight()).toBeNull();
  });

  it('passes over frames of no live type, and an old answer does not answer a newer run', async () => {
    const { lane, host, writer, got } = await connected(60_000);
    writer.write(mark(3));
    host.send(99, Buffer.from('not a live frame'));
    host.send(LiveFrame.samples, Buffer.alloc(0));
    host.send(LiveFrame.results, encodeResultsFrame(results(2)));
    await waitFor('the old results', () => got.results.length === 1);
    expect(got.results[0]!.results.seq).toBe(2);
    expect(got.failed).toEqual([]);
    expect(lane.inFlight()?.seq).toBe(3);
  });

  it('sends live samples to the host once it is connected', async () => {
    const lane = await LiveLane.open();
    cleanup.push(() => lane.close());
    const batch: SampleBatch = {
      tags: Uint32Array.of(1, 2),
      ts: Float64Array.of(T0, T0 + 1),
      value: Float64Array.of(3.5, Number.NaN),
      missing: Uint8Array.of(0, 1),
      quality: Uint32Array.of(Quality.Good, Quality.Bad),
    };
    expect(lane.sendSamples(batch)).toBe(false);
    const host = connectFrames(lane.hostData.lane);
    cleanup.push(() => host.close());
    const atHost: { type: number; batch: SampleBatch }[] = [];
    host.onFrame((type, payload) => atHost.push({ type, batch: decodeSamplesFrame(payload) }));
    await lane.accept(10_000, 60_000, heard().handlers);
    expect(lane.sendSamples(batch)).toBe(true);
    await waitFor('the samples at the host', () => atHost.length === 1);
    expect(atHost.map((f) => ({ ...f, batch: plainSamples(f.batch) }))).toEqual([
      { type: LiveFrame.samples, batch },
    ]);
  });

  it('reports a run noted as started and never answered as stuck, once, after the limit', async () => {
    const { lane, writer, got } = await connected(40);
    const started = sharedClockMs();
    writer.write(mark(1, started));
    await waitFor('the run reported stuck', () => got.stuck.length > 0);
    expect(got.stuck).toHaveLength(1);
    expect(got.stuck[0]!.run).toEqual(mark(1, started));
    expect(got.stuck[0]!.forMs).toBeGreaterThan(40);
    // Reported: no longer in flight, so the watchdog does not report it again.
    expect(lane.inFlight()).toBeNull();
  });

  it('does not report a run the host answered, however long ago it started', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { lane, host, writer, got } = await connected(40);
    host.send(LiveFrame.results, encodeResultsFrame(results(1)));
    await waitFor('the results', () => got.results.length === 1);
    writer.write(mark(1, sharedClockMs() - 10_000));
    host.send(LiveFrame.failed, encodeFailedFrame(failed(2)));
    await waitFor('the failure', () => got.failed.length === 1);
    writer.write(mark(2, sharedClockMs() - 10_000));
    vi.advanceTimersByTime(1000);
    expect(got.stuck).toEqual([]);
    expect(lane.inFlight()).toBeNull();

    // The same note unanswered is reported at the next look, and only then.
    writer.write(mark(3, sharedClockMs() - 10_000));
    vi.advanceTimersByTime(10);
    expect(got.stuck.map((s) => s.run.seq)).toEqual([3]);
    expect(got.stuck[0]!.forMs).toBeGreaterThanOrEqual(10_000);
    vi.advanceTimersByTime(1000);
    expect(got.stuck).toHaveLength(1);
  });

  it('rejects when no host connects in time, and closes leaving no folder', async () => {
    const lane = await LiveLane.open();
    const folder = dirname(lane.hostData.runningMark);
    await expect(lane.accept(50, 1000, heard().handlers)).rejects.toThrow(
      'the host did not connect its frame socket within 50 ms',
    );
    lane.close();
    expect(existsSync(folder)).toBe(false);
  });

  it('closes: the host hears it, the folder is gone, and nothing more is sent', async () => {
    const { lane, host } = await connected(60_000);
    const folder = dirname(lane.hostData.runningMark);
    let hostClosed = false;
    host.onClose(() => (hostClosed = true));
    lane.close();
    expect(existsSync(folder)).toBe(false);
    await waitFor('the host to hear the close', () => hostClosed);
    expect(
      lane.sendSamples({
        tags: new Uint32Array(0),
        ts: new Float64Array(0),
        value: new Float64Array(0),
        missing: new Uint8Array(0),
        quality: new Uint32Array(0),
      }),
    ).toBe(false);
    expect(lane.inFlight()).toBeNull();
  });
});
