import type { TagMeta } from '../../shared/domain.js';

/**
 * What the decoders produce, whatever the wire format: device metadata, samples and device
 * state changes. Everything downstream (registry, historian, live pushes) consumes only these.
 */
export interface DeviceRef {
  /** `area/device`, unique on the site. */
  id: string;
  area: string;
  protocol: 'sparkplug' | 'json';
}

export interface DecodedSample {
  tag: string;
  ts: number;
  value: number | null;
  quality: number;
}

export type IngestEvent =
  | { kind: 'tags'; device: DeviceRef; tags: TagMeta[] }
  | { kind: 'samples'; device: DeviceRef; samples: DecodedSample[] }
  | { kind: 'offline'; device: DeviceRef; ts: number }
  /** The site broker link was lost: every value is now of unknown freshness. */
  | { kind: 'linkLost'; ts: number };

export interface IngestSink {
  accept(event: IngestEvent): void;
}
