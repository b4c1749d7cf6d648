import { describe, expect, it } from 'vitest';
import { HeartbeatRecordSchema } from '../../../shared/sync.js';
import type { Health } from '../../../shared/domain.js';
import { heartbeatOf } from '../../../electron/sync/heartbeat.js';

const health = {
  status: 'degraded',
  version: '1.2.3',
  uptimeMs: 5_000,
  demo: false,
  broker: { url: 'mqtt://a', embedded: false, state: 'connected', since: 0, lastError: null, failures: 0 },
  links: [{ state: 'connected' }, { state: 'error' }] as Health['links'],
  historian: { state: 'ok', samplesWritten: 900, backlog: 12, lastError: null, storage: null },
  ingest: { messages: 50, samples: 1_000, errors: { 'json.invalid': 2 }, errorTotal: 2, lastError: null },
} satisfies Health;

describe('heartbeatOf', () => {
  it('sums up health as named figures that make a valid heartbeat record', () => {
    const brief = heartbeatOf(health);
    expect(brief).toEqual({
      status: 'degraded',
      figures: {
        messages: 50,
        samples: 1_000,
        inputErrors: 2,
        links: 2,
        linksConnected: 1,
        historianBacklog: 12,
        samplesWritten: 900,
      },
    });
    const record = { at: 1, station: 's1', version: '1.2.3', uptimeMs: 5_000, ...brief };
    expect(HeartbeatRecordSchema.safeParse(record).success).toBe(true);
  });
});
