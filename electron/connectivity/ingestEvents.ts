import type { TagMeta } from '../../shared/domain.js';

/**
 * What the decoders produce, whatever the wire format: device metadata, samples and device
 * state changes. Everything downstream (registry, historian, live pushes) consumes only these.
 */
export interface DeviceRef {
  /** `area/device`, unique on the site. */
  id: string;
  area: string;
  /** model: a model binding's derived device (see inference/derivedOutputs.ts); system: the app's own figures (sync/outboxFill.ts). */
  protocol: 'sparkplug' | 'json' | 'model' | 'system';
  /**
   * How long the device may stay silent before its tags are stale, when its birth or mapping
   * says; otherwise the device's configured timeout or the site default applies.
   */
  staleAfterMs?: number;
  /** The id of the broker the device spoke through; unset where only one broker exists. */
  broker?: string;
}

export interface DecodedSample {
  tag: string;
  ts: number;
  value: number | null;
  quality: number;
  /** Shown live, never stored (Sparkplug `is_transient`). */
  transient?: true;
}

/** A string tag's value: its text, or null when the device sent none usable. */
export interface DecodedText {
  tag: string;
  ts: number;
  text: string | null;
  quality: number;
  /** Shown live, never stored (Sparkplug `is_transient`). */
  transient?: true;
}

/**
 * Texts travel apart from samples, so the numeric path (the bulk of ingest) stays as it was:
 * one message with both kinds of metric gives a `samples` and a `texts` event.
 */
export type IngestEvent =
  | { kind: 'tags'; device: DeviceRef; tags: TagMeta[] }
  | { kind: 'samples'; device: DeviceRef; samples: DecodedSample[] }
  | { kind: 'texts'; device: DeviceRef; texts: DecodedText[] }
  /**
   * Backfill (Sparkplug `is_historical`, a device's buffered readings): written to history in
   * time order, never to current values, live pushes or alarms.
   */
  | { kind: 'historical'; device: DeviceRef; samples: DecodedSample[]; texts: DecodedText[] }
  | { kind: 'offline'; device: DeviceRef; ts: number }
  /**
   * A broker link was lost: the values of its devices (every device when `broker` is unset)
   * are now of unknown freshness.
   */
  | { kind: 'linkLost'; ts: number; broker?: string };

export interface IngestSink {
  accept(event: IngestEvent): void;
}
