import { isStale } from '../format/quality.js';
import type { PenColumns } from './penBuffer.js';

/** A stretch of time over which a pen's data is bad (or missing) or stale. */
export interface QualitySpan {
  from: number;
  to: number;
  kind: 'bad' | 'stale';
}

type SpanKind = QualitySpan['kind'] | null;

function kindOf(value: number, quality: number): SpanKind {
  if (Number.isNaN(value) || quality >>> 30 >= 2) return 'bad';
  return isStale(quality) ? 'stale' : null;
}

/**
 * Where a pen's data is bad or stale, so the chart can hatch it: a sample holds until the next
 * one (a tag reports changes), so a span runs from the sample that turned bad or stale to the
 * first sample that is not, or to `holdUntil` (the end of what is known) after the last sample.
 * The line itself already leaves a gap at bad samples; the hatching tells that gap apart from a
 * tag that was not reporting.
 */
export function qualitySpans(pen: PenColumns, holdUntil?: number): QualitySpan[] {
  const spans: QualitySpan[] = [];
  let open: QualitySpan | null = null;
  const n = pen.ts.length;
  for (let k = 0; k < n; k++) {
    const t = pen.ts[k] ?? 0;
    const kind = kindOf(pen.values[k] ?? NaN, pen.quality[k] ?? 0);
    if (open && open.kind === kind) continue;
    if (open) {
      open.to = t;
      spans.push(open);
      open = null;
    }
    if (kind) open = { from: t, to: t, kind };
  }
  if (open) {
    open.to = Math.max(open.from, holdUntil ?? open.from);
    spans.push(open);
  }
  return spans;
}
