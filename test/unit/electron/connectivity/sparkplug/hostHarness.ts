import { InputErrors } from '../../../../../electron/connectivity/inputErrors.js';
import type { IngestEvent } from '../../../../../electron/connectivity/ingestEvents.js';
import {
  encodeSparkplug,
  type EncodablePayload,
} from '../../../../../electron/connectivity/sparkplug/codec.js';
import { SparkplugHost } from '../../../../../electron/connectivity/sparkplug/host.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import { manualTimers } from '../../../../helpers/manualTimers.js';

export const NOW = 1_767_225_600_000;

/** A host with counted errors, recorded rebirth requests and a clock the test moves. */
export function setup() {
  const log = createMemoryLogger();
  const errors = new InputErrors(log);
  const rebirths: string[] = [];
  const delivered: IngestEvent[] = [];
  const timers = manualTimers();
  const host = new SparkplugHost({
    errors,
    requestRebirth: (g, n, reason) => rebirths.push(`${g}/${n}: ${reason}`),
    deliver: (events) => delivered.push(...events),
    now: () => NOW,
    scheduler: timers,
  });
  const send = (topic: string, payload: EncodablePayload | Uint8Array): IngestEvent[] =>
    host.handle(topic.split('/'), payload instanceof Uint8Array ? payload : encodeSparkplug(payload));
  return { host, log, errors, rebirths, delivered, timers, send };
}

export const nbirth = (bdSeq: number, metrics: EncodablePayload['metrics'] = []): EncodablePayload => ({
  timestamp: NOW,
  seq: 0,
  metrics: [
    { name: 'bdSeq', type: 'UInt64', value: bdSeq },
    { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
    ...metrics,
  ],
});

/** Values of the samples in events, in order, as `tag=value`. */
export function sampled(events: IngestEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'samples' ? e.samples.map((s) => `${s.tag}=${s.value}`) : []));
}
