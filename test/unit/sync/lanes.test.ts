import { describe, expect, it } from 'vitest';
import { METERED_STREAMS, SYNC_STREAM_NAMES } from '../../../shared/sync.js';
import { chooseLane, laneStreams } from '../../../electron/sync/lanes.js';

const limits = { maxBatches: 10, maxBytes: 1_000_000, liveReserve: 2 };

describe('laneStreams', () => {
  it('puts journals, config results and heartbeat on the live lane and the rest on backfill', () => {
    const lanes = laneStreams(false);
    expect(lanes.live).toEqual(['alarms', 'commands', 'config', 'heartbeat']);
    expect([...lanes.live, ...lanes.backfill].sort()).toEqual([...SYNC_STREAM_NAMES].sort());
  });

  it('sends only the live lane and hourly rollups on a metered link', () => {
    const lanes = laneStreams(true);
    expect(lanes.backfill).toEqual(['rollupsHourly']);
    expect([...lanes.live, ...lanes.backfill].sort()).toEqual([...METERED_STREAMS].sort());
  });
});

describe('chooseLane', () => {
  const base = { limits, inFlightBatches: 0, inFlightBytes: 0, budgetBytes: Number.POSITIVE_INFINITY };

  it('gives live batches the whole window', () => {
    expect(chooseLane({ ...base, inFlightBatches: 9, inFlightBytes: 100, liveWaiting: true })).toEqual({
      lane: 'live',
      maxBatches: 1,
      maxBytes: 999_900,
    });
  });

  it('keeps the live reserve free of backfill', () => {
    expect(chooseLane({ ...base, inFlightBatches: 8, liveWaiting: false })).toBeNull();
    expect(chooseLane({ ...base, inFlightBatches: 5, liveWaiting: false })).toEqual({
      lane: 'backfill',
      maxBatches: 3,
      maxBytes: 1_000_000,
    });
  });

  it('asks for no more backfill bytes than the budget has', () => {
    expect(chooseLane({ ...base, budgetBytes: 4_000, liveWaiting: false })?.maxBytes).toBe(4_000);
    expect(chooseLane({ ...base, budgetBytes: 0, liveWaiting: false })).toBeNull();
  });

  it('sends nothing while the window is full, by batches or by bytes', () => {
    expect(chooseLane({ ...base, inFlightBatches: 10, liveWaiting: true })).toBeNull();
    expect(
      chooseLane({ ...base, inFlightBatches: 3, inFlightBytes: 1_000_000, liveWaiting: true }),
    ).toBeNull();
  });

  it('lets one batch into an empty window even when the byte limit is tiny', () => {
    const tiny = { ...limits, maxBytes: 0 };
    expect(chooseLane({ ...base, limits: tiny, liveWaiting: true })).toEqual({
      lane: 'live',
      maxBatches: 10,
      maxBytes: 1,
    });
  });
});
