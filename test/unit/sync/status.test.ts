import { describe, expect, it } from 'vitest';
import { SyncSettingsSchema, SyncStatusSchema } from '../../../shared/sync.js';
import { composeStatus, type StatusParts } from '../../../electron/sync/status.js';

const now = 1_800_000_000_000;

function parts(overrides: Partial<StatusParts> = {}): StatusParts {
  return {
    settings: SyncSettingsSchema.parse({
      enabled: true,
      cloud: { id: 'cloud', url: 'mqtts://cloud.example:8883' },
      metered: true,
    }),
    link: {
      state: 'degraded',
      detail: 'no PUBACK',
      broker: 'mqtts://cloud.example:8883',
      since: now - 5_000,
    },
    offSince: now - 60_000,
    backlog: {
      streams: [],
      bytes: 85,
      oldestAtMs: now - 1,
      droppedRecords: 3,
      maxBytes: 100,
      maxAgeDays: 10,
      fillPercent: 85,
      warning: 'the outbox is 85% full',
    },
    lastSyncMs: now - 1_000,
    rates: { recordsPerSecond: 5, bytesPerSecond: 200 },
    inFlight: 2,
    ...overrides,
  };
}

describe('composeStatus', () => {
  it('reports the link, throughput and the outbox as the outbox judges its fill', () => {
    const status = SyncStatusSchema.parse(composeStatus(parts()));
    expect(status).toMatchObject({
      enabled: true,
      link: 'degraded',
      detail: 'no PUBACK',
      broker: 'mqtts://cloud.example:8883',
      since: now - 5_000,
      lastSyncMs: now - 1_000,
      recordsPerSecond: 5,
      inFlight: 2,
      metered: true,
      outbox: { bytes: 85, maxBytes: 100, fillPercent: 85, warning: 'the outbox is 85% full' },
      droppedRecords: 3,
    });
  });

  it('is off, and says why, while sync is disabled or has no broker', () => {
    const disabled = parts({ link: null });
    disabled.settings = { ...disabled.settings, enabled: false };
    expect(composeStatus(disabled)).toMatchObject({
      link: 'off',
      detail: 'cloud sync is not enabled',
      since: now - 60_000,
    });
    const noBroker = parts({ link: null });
    noBroker.settings = { ...noBroker.settings, cloud: null };
    expect(composeStatus(noBroker).detail).toBe('no cloud broker is configured');
  });
});
