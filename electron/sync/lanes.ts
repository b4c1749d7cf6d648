import { METERED_STREAMS, SYNC_STREAM_NAMES, laneOf, type SyncStream } from '../../shared/sync.js';

export interface LaneStreams {
  live: SyncStream[];
  backfill: SyncStream[];
}

/**
 * Which streams the drain may send, by lane. On a metered link only METERED_STREAMS go (the
 * live lane and hourly rollups); the rest stays in the outbox until the link is unmetered.
 */
export function laneStreams(metered: boolean): LaneStreams {
  const allowed = metered ? SYNC_STREAM_NAMES.filter((s) => METERED_STREAMS.includes(s)) : SYNC_STREAM_NAMES;
  return {
    live: allowed.filter((stream) => laneOf(stream) === 'live'),
    backfill: allowed.filter((stream) => laneOf(stream) === 'backfill'),
  };
}

export interface WindowLimits {
  /** Batches published and not yet acknowledged, at most. */
  maxBatches: number;
  /** Their bytes on the wire, at most (a batch is let through when the window is empty). */
  maxBytes: number;
  /**
   * Batches of the window that backfill may never take: a live alarm finds room at once even
   * when the backlog keeps the window full.
   */
  liveReserve: number;
}

export type LaneChoice =
  | { lane: 'live'; maxBatches: number; maxBytes: number }
  | { lane: 'backfill'; maxBatches: number; maxBytes: number }
  | null;

/**
 * What to ask the outbox for next. The live lane first, always, into the whole window;
 * backfill only when no live batch waits, into the window less the live reserve and within the
 * budget's bytes. Null: nothing may go now.
 */
export function chooseLane(input: {
  limits: WindowLimits;
  inFlightBatches: number;
  inFlightBytes: number;
  liveWaiting: boolean;
  budgetBytes: number;
}): LaneChoice {
  const { limits, inFlightBatches, inFlightBytes } = input;
  const roomBytes = limits.maxBytes - inFlightBytes;
  const liveBatches = limits.maxBatches - inFlightBatches;
  // One batch always fits an empty window, whatever its size.
  const bytesFor = (room: number) => (inFlightBatches === 0 ? Math.max(room, 1) : room);
  if (input.liveWaiting) {
    if (liveBatches <= 0 || bytesFor(roomBytes) <= 0) return null;
    return { lane: 'live', maxBatches: liveBatches, maxBytes: bytesFor(roomBytes) };
  }
  const backfillBatches = limits.maxBatches - limits.liveReserve - inFlightBatches;
  const bytes = Math.min(bytesFor(roomBytes), input.budgetBytes);
  if (backfillBatches <= 0 || bytes <= 0) return null;
  return { lane: 'backfill', maxBatches: backfillBatches, maxBytes: bytes };
}
