import { describe, expect, it } from 'vitest';
import { SyncSettingsSchema, SyncStatusSchema } from '../../../shared/sync.js';
import { composeStatus, type StatusParts } from '../../../electron/sync/status.js';

const DAY = 86_400_000;
const now = 1_800_000_000_000;

function parts(overrides: Partial<StatusParts> = {}): StatusParts {
  return {
    settings: SyncSettingsSchema.parse({
      enabled: true,
      cloud: { id: 'cloud', url: 'mqtts://cloud.example:8883' },
      outbox: { maxBytes: 100 * 1024 * 1024, maxAgeDays: 10, warnPercent: 80 },
    }),
    link: { state: 'up', detail: null, broker: 'mqtts://cloud.example:8883', since: now - 5_000 },
    offSince: now - 60_000,
    backlog: { streams: [], bytes: 10 * 1024 * 1024, oldestAtMs: now - DAY, droppedRecords: 0 },
    lastSyncMs: now - 1_000,
    rates: { recordsPerSecond: 5, bytesPerSecond: 200 },
    inFlight: 2,
    now,
    ...overrides,
  };
}

describe('composeStatus', () => {
  it('reports the link, throughput and the outbox against its limits', () => {
    const status = SyncStatusSchema.parse(composeStatus(parts()));
    expect(status).toMatchObject({
      link: 'up',
      broker: 'mqtts://cloud.example:8883',
      inFlight: 2,
      outbox: { fillPercent: 10, warning: null },
    });
  });

  it('takes the larger of size and age as the fill', () => {
    const status = composeStatus(
      parts({ backlog: { streams: [], bytes: 0, oldestAtMs: now - 9 * DAY, droppedRecords: 0 } }),
    );
    expect(status.outbox.fillPercent).toBe(90);
    expect(status.outbox.warning).toMatch(/90 % full.*oldest record 9\.0 of 10 days.*dropped.*journaled/);
  });

  it('warns from the warning share on, with what happens and what to do', () => {
    const status = composeStatus(
      parts({ backlog: { streams: [], bytes: 85 * 1024 * 1024, oldestAtMs: now, droppedRecords: 3 } }),
    );
    expect(status.outbox.warning).toMatch(/85 % full \(85\.0 of 100\.0 MiB/);
    expect(status.outbox.warning).toMatch(/Restore the cloud link/);
    expect(status.droppedRecords).toBe(3);
  });

  it('is off, and says why, while sync is disabled or has no broker', () => {
    const disabled = parts();
    disabled.settings = { ...disabled.settings, enabled: false };
    expect(composeStatus({ ...disabled, link: null })).toMatchObject({
      link: 'off',
      detail: 'cloud sync is not enabled',
      since: now - 60_000,
    });
    const noBroker = parts();
    noBroker.settings = { ...noBroker.settings, cloud: null };
    expect(composeStatus({ ...noBroker, link: null }).detail).toBe('no cloud broker is configured');
  });
});
