import type { ControlRoomApi } from '../../shared/contract.js';
import type { Series, TagId } from '../../shared/domain.js';
import { alignPens, type AlignedPens } from './alignPens.js';
import { failed, loaded, LOADING, type PenLoad } from './penLoad.js';
import { sampleAt, type PenColumns, type Sample } from './penBuffer.js';
import { qualitySpans, type QualitySpan } from './qualitySpans.js';
import type { TimeRange } from './timeRange.js';

export interface HistoryTrendDeps {
  api: Pick<ControlRoomApi, 'call'>;
  /** Hands a frame to the chart; `x` is the range it shows, `spans` each pen's bad and stale stretches. */
  draw(data: AlignedPens, x: [from: number, to: number], spans: QualitySpan[][]): void;
  onLoad?(id: TagId, load: PenLoad): void;
  now?: () => number;
}

/** What a set of loaded series is valid for: a change of any of these reloads every pen. */
interface Request {
  from: number;
  to: number;
  maxPoints: number;
  epoch: number;
}

const sameRequest = (a: Request, b: Request) =>
  a.from === b.from && a.to === b.to && a.maxPoints === b.maxPoints && a.epoch === b.epoch;

/**
 * The data side of a trend over a fixed range, free of React and uPlot: one `history.queryRange`
 * per pen with `maxPoints` sized to the chart, so the historian answers raw samples or M4
 * buckets and the cost follows the chart's width, not the span. Every range change starts a new
 * generation; an answer from an older generation is dropped, so a slow query for a range the
 * operator has already left can never overwrite the one they are looking at.
 */
export class HistoryTrend {
  private generation = 0;
  private request: Request | null = null;
  private pens: readonly TagId[] = [];
  private readonly series = new Map<TagId, PenColumns>();
  private readonly now: () => number;

  constructor(private readonly deps: HistoryTrendDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Shows these pens over this range. A new range, width or epoch (a reconnect) reloads every
   * pen; otherwise only pens not loaded yet are queried and removed ones are forgotten.
   */
  show(pens: readonly TagId[], range: TimeRange, maxPoints: number, epoch: number): void {
    const request: Request = { from: range.from, to: range.to, maxPoints, epoch };
    const reloadAll = this.request === null || !sameRequest(this.request, request);
    if (reloadAll) {
      this.generation++;
      this.series.clear();
    }
    this.request = request;
    const before = this.pens;
    this.pens = pens;
    for (const id of this.series.keys()) if (!pens.includes(id)) this.series.delete(id);
    for (const id of pens) {
      if (reloadAll || !before.includes(id)) void this.load(id, this.generation, request);
    }
    this.redraw();
  }

  /** Forgets everything and ignores answers still under way, e.g. when the trend goes live. */
  clear(): void {
    this.generation++;
    this.request = null;
    this.pens = [];
    this.series.clear();
  }

  /** Draws what is loaded, e.g. after the chart was rebuilt for other pens. */
  redraw(): void {
    const request = this.request;
    if (!request) return;
    const columns = this.pens.map((id) => this.series.get(id) ?? EMPTY);
    // A tag reports changes only: its last value in range stands until the range ends (or now).
    const holdUntil = Math.min(request.to, this.now());
    const spans = columns.map((pen) => qualitySpans(pen, holdUntil));
    this.deps.draw(alignPens(columns, holdUntil), [request.from, request.to], spans);
  }

  /**
   * The pen's newest loaded sample at or before `t`, for the cursor readout; none after now or
   * the range's end, where nothing is known and the line ends.
   */
  sampleAt(id: TagId, t: number): Sample | null {
    const pen = this.series.get(id);
    const request = this.request;
    if (!pen || !request || t > Math.min(request.to, this.now())) return null;
    return sampleAt(pen, t);
  }

  private async load(id: TagId, generation: number, request: Request): Promise<void> {
    const current = () => generation === this.generation && this.pens.includes(id);
    this.deps.onLoad?.(id, LOADING);
    try {
      const result = await this.deps.api.call('history.queryRange', {
        tag: id,
        from: request.from,
        to: request.to,
        maxPoints: request.maxPoints,
      });
      if (!current()) return;
      this.series.set(id, toColumns(result.points));
      this.deps.onLoad?.(id, loaded(result.mode, result.points.ts.length));
      this.redraw();
    } catch (error) {
      if (current()) this.deps.onLoad?.(id, failed(error));
    }
  }
}

const EMPTY: PenColumns = {
  ts: new Float64Array(0),
  values: new Float64Array(0),
  quality: new Uint32Array(0),
};

/** The wire's columns as typed arrays; a null value (bad or missing) becomes NaN, a gap. */
function toColumns(points: Series): PenColumns {
  return {
    ts: Float64Array.from(points.ts),
    values: Float64Array.from(points.value, (value) => value ?? NaN),
    quality: Uint32Array.from(points.quality),
  };
}
