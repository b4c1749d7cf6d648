import type { TagMeta } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import type { DeviceRef, IngestSink } from '../connectivity/ingestEvents.js';

export const OUTBOX_FILL_TAG = 'system/sync/outbox_fill_percent';
const DEVICE: DeviceRef = { id: 'system/sync', area: 'system', protocol: 'system', staleAfterMs: 60_000 };

/**
 * The outbox fill as a tag, so that its warning is an alarm operators see where they see every
 * other alarm (banner, list, journal, shelving, alarm sync) rather than a text on one screen.
 * It enters through ingest like a model's outputs (inference/derivedOutputs.ts): the system
 * device describes it with limits, which the alarm engine turns into a limit alarm with no
 * configuration (alarms/model/compileAlarms.ts, "limits its device describes"): H (medium) from
 * the warning share on, HH (high) at 100 %, where retention starts dropping the oldest backlog.
 * An engineer may configure other alarms on the tag as on any tag.
 */
export class OutboxFillTag {
  private warnPercent: number | null = null;

  constructor(private readonly ingest: IngestSink) {}

  write(fillPercent: number, warnPercent: number, ts: number): void {
    if (warnPercent !== this.warnPercent) {
      this.warnPercent = warnPercent;
      this.ingest.accept({ kind: 'tags', device: DEVICE, tags: [meta(warnPercent)] });
    }
    const value = Math.round(fillPercent * 10) / 10;
    this.ingest.accept({
      kind: 'samples',
      device: DEVICE,
      samples: [{ tag: OUTBOX_FILL_TAG, ts, value, quality: Quality.Good }],
    });
  }
}

function meta(warnPercent: number): TagMeta {
  return {
    id: OUTBOX_FILL_TAG,
    device: DEVICE.id,
    name: 'outbox_fill_percent',
    description: 'Cloud sync outbox fill',
    unit: '%',
    dataType: 'number',
    engLow: 0,
    engHigh: 100,
    limits: [
      { kind: 'H', value: warnPercent },
      { kind: 'HH', value: 100 },
    ],
  };
}
