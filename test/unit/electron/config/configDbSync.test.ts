import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import type { OutboxPort } from '../../../../electron/sync/ports.js';
import { decodeBatch } from '../../../../electron/sync/wire.js';
import { SyncSettingsSchema } from '../../../../shared/sync.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { CLOUD, IDENTITY, heartbeat, rollup } from './syncOutboxFixture.js';

describe('the sync outbox through the config worker (ConfigDb as OutboxPort)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let config: ConfigDb;
  beforeEach(async () => {
    dir = makeTempDir();
    config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
    await config.start();
  });
  afterEach(async () => {
    await config.stop();
    dir.remove();
  });

  it('appends, hands out sealed batches as bytes a receiver decodes, and lets them go on acknowledgement', async () => {
    const port: OutboxPort = config;
    const { version } = await port.syncSettings();
    const settings = SyncSettingsSchema.parse({ enabled: true, cloud: CLOUD });
    expect(await port.saveSyncSettings(settings, version, 'engineer')).toEqual({ ok: true, version: 1 });
    await port.setIdentity(IDENTITY);
    const now = Date.now();
    expect(await port.append([heartbeat(now), rollup(now - 1_000), rollup(now)])).toEqual({
      appended: 3,
      refused: null,
    });
    const batches = await port.nextBatches({
      streams: ['heartbeat', 'rollups'],
      after: {},
      maxBatches: 10,
      maxBytes: 1_000_000,
    });
    expect(batches.map((batch) => [batch.stream, batch.seq, batch.count])).toEqual([
      ['heartbeat', 1, 1],
      ['rollups', 1, 2],
    ]);
    expect(batches[0]!.payload).toBeInstanceOf(Uint8Array);
    const outbox = await port.outboxId();
    expect(decodeBatch(batches[1]!.payload).header).toMatchObject({
      outbox,
      site: 'north-mine',
      stream: 'rollups',
    });
    await port.acknowledge([
      { stream: 'rollups', seq: 1 },
      { stream: 'heartbeat', seq: 1 },
    ]);
    const backlog = await port.backlog();
    expect(backlog.streams.filter((s) => s.stream !== 'audit').every((s) => s.records === 0)).toBe(true);
    expect(backlog.streams.find((s) => s.stream === 'rollups')).toMatchObject({ nextSeq: 2, ackedSeq: 1 });
  });

  it('refuses an unusable identity with INVALID', async () => {
    await expect(config.setIdentity({ site: 'no spaces allowed', station: 'x' })).rejects.toMatchObject({
      code: 'INVALID',
    });
  });
});
