import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { RuntimeConfigSchema, stationIdOf } from '../../../../electron/runtime/config.js';
import { StationIdSchema } from '../../../../shared/alarmSync.js';

describe("a runtime's station id", () => {
  it('is the configured one when given', () => {
    const config = RuntimeConfigSchema.parse({ dataDir: '/data/a', station: 'desk-2' });
    expect(stationIdOf(config)).toBe('desk-2');
    expect(config.siteId).toBe('site');
  });

  it('is otherwise the host name and the data folder: stable across restarts, apart per folder', () => {
    const a = stationIdOf(RuntimeConfigSchema.parse({ dataDir: '/data/a' }));
    expect(stationIdOf(RuntimeConfigSchema.parse({ dataDir: '/data/a' }))).toBe(a);
    expect(stationIdOf(RuntimeConfigSchema.parse({ dataDir: '/data/b' }))).not.toBe(a);
    expect(StationIdSchema.safeParse(a).success).toBe(true);
    const host = hostname().replace(/[^A-Za-z0-9._-]/g, '');
    if (host) expect(a.startsWith(host.slice(0, 48))).toBe(true);
  });

  it('refuses a station or site id that cannot name a topic level plainly', () => {
    expect(RuntimeConfigSchema.safeParse({ dataDir: '/d', station: 'a/b' }).success).toBe(false);
    expect(RuntimeConfigSchema.safeParse({ dataDir: '/d', siteId: '' }).success).toBe(false);
  });
});
