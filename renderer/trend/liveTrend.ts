import type { ControlRoomApi } from '../../shared/contract.js';
import type { TagId, TagValue } from '../../shared/domain.js';
import { alignPens, type AlignedPens } from './alignPens.js';
import { PenBuffer, type Sample } from './penBuffer.js';
import { failed, loaded, LOADING, type PenLoad } from './penLoad.js';
import { qualitySpans, type QualitySpan } from './qualitySpans.js';

/** Points asked of the historian per pen: about two per pixel column of a wide chart. */
export const BACKFILL_POINTS = 2000;
/** Redraws happen at most this often, and only when something changed (STYLE rule 5). */
const FRAME_MS = 100;

export interface LiveTrendDeps {
  api: Pick<ControlRoomApi, 'call' | 'on'>;
  /** Hands a frame to the chart; `x` is the window it shows, `spans` each pen's bad and stale stretches. */
  draw(data: AlignedPens, x: [from: number, to: number], spans: QualitySpan[][]): void;
  /** The tag's current value, drawn until history arrives (and kept if history has nothing newer). */
  currentValue(id: TagId): TagValue | null;
  /** How each pen's backfill stands: loading when it starts, then ready or failed. */
  onLoad?(id: TagId, load: PenLoad): void;
  now?: () => number;
}

/**
 * The data side of a live trend, free of React and of uPlot: a PenBuffer per pen, backfilled from
 * `history.queryRange` when the pen, the window or the connection changes, then fed from
 * onTagValues; old samples are trimmed and frames are drawn on a 100 ms clock when something
 * changed, or often enough for the window to scroll smoothly.
 */
export class LiveTrend {
  private readonly buffers = new Map<TagId, PenBuffer>();
  private pens: readonly TagId[] = [];
  private windowMs = 600_000;
  private epoch = -1;
  private linkUp = true;
  private dirty = true;
  private lastDraw = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private offValues: (() => void) | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: LiveTrendDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.offValues = this.deps.api.on('onTagValues', ({ values }) => this.takeValues(values));
    this.timer = setInterval(() => this.tick(), FRAME_MS);
  }

  stop(): void {
    this.offValues?.();
    this.offValues = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Shows these pens over this window. New pens are backfilled; all pens are when the window
   * changes or the epoch moves (a reconnect: live values were missed while the link was down).
   */
  setPens(pens: readonly TagId[], windowMs: number, epoch: number): void {
    const refetchAll = windowMs !== this.windowMs || epoch !== this.epoch;
    this.windowMs = windowMs;
    this.epoch = epoch;
    this.pens = pens;
    for (const id of this.buffers.keys()) {
      if (!pens.includes(id) || refetchAll) this.buffers.delete(id);
    }
    for (const id of pens) {
      if (this.buffers.has(id)) continue;
      const buffer = new PenBuffer(windowMs / (BACKFILL_POINTS / 4));
      const current = this.deps.currentValue(id);
      if (current) buffer.append(current.ts, chartable(current.value), current.quality);
      this.buffers.set(id, buffer);
      void this.backfill(id, buffer);
    }
    this.dirty = true;
  }

  /**
   * While the link to the server is down the newest values are not known to stand, so pens end
   * at their last sample instead of being held to now.
   */
  setLinkUp(linkUp: boolean): void {
    if (linkUp === this.linkUp) return;
    this.linkUp = linkUp;
    this.dirty = true;
  }

  /**
   * The pen's newest sample at or before `t`. With the link down nothing is known after the
   * pen's last sample, which the chart shows by ending the line there; so does the readout.
   */
  sampleAt(id: TagId, t: number): Sample | null {
    const buffer = this.buffers.get(id);
    if (!buffer || (!this.linkUp && t > (buffer.lastTime() ?? -Infinity))) return null;
    return buffer.sampleAt(t);
  }

  /** Draws now if the frame is due; called by the clock, exposed so the chart can force a frame. */
  tick(force = false): void {
    const now = this.now();
    const scrollMs = Math.min(1000, Math.max(FRAME_MS, this.windowMs / 1000));
    if (!force && !this.dirty && now - this.lastDraw < scrollMs) return;
    const from = now - this.windowMs;
    const columns = this.pens.map((id) => {
      const buffer = this.buffers.get(id);
      buffer?.trimBefore(from);
      return buffer ? buffer.columns() : emptyColumns();
    });
    this.dirty = false;
    this.lastDraw = now;
    const holdUntil = this.linkUp ? now : undefined;
    const spans = columns.map((pen) => qualitySpans(pen, holdUntil));
    this.deps.draw(alignPens(columns, holdUntil), [from, now], spans);
  }

  private takeValues(values: readonly TagValue[]): void {
    for (const value of values) {
      const buffer = this.buffers.get(value.id);
      if (!buffer) continue;
      buffer.append(value.ts, chartable(value.value), value.quality);
      this.dirty = true;
    }
  }

  private async backfill(id: TagId, buffer: PenBuffer): Promise<void> {
    const to = this.now();
    this.deps.onLoad?.(id, LOADING);
    try {
      const result = await this.deps.api.call('history.queryRange', {
        tag: id,
        from: Math.max(0, to - this.windowMs),
        to,
        maxPoints: BACKFILL_POINTS,
      });
      // The pen may have been removed, or the window changed, while the query ran.
      if (this.buffers.get(id) !== buffer) return;
      buffer.setHistory(result.points.ts, result.points.value, result.points.quality);
      this.dirty = true;
      this.deps.onLoad?.(id, loaded());
    } catch (error) {
      if (this.buffers.get(id) === buffer) this.deps.onLoad?.(id, failed(error));
    }
  }
}

/** Pens are never string tags; a text that reaches one (a tag that changed kind) draws nothing. */
function chartable(value: TagValue['value']): number | null {
  return typeof value === 'number' ? value : null;
}

function emptyColumns() {
  return { ts: new Float64Array(0), values: new Float64Array(0), quality: new Uint32Array(0) };
}
