import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Handlers } from '../../../../electron/api/dispatcher.js';
import { pushSyncStatus, syncHandlers, SYNC_PUSH_MS } from '../../../../electron/api/syncHandlers.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import type { SaveSettingsOutcome, SyncControl } from '../../../../electron/sync/ports.js';
import { methodNames } from '../../../../shared/contract.js';
import type { Role } from '../../../../shared/roles.js';
import {
  SyncSettingsSchema,
  SyncStatusSchema,
  type DropBacklogRequest,
  type SyncSettings,
  type SyncStatus,
} from '../../../../shared/sync.js';

const session = { subscribe: () => 0, close: () => {} };
const as = (role: Role) => ({ caller: { user: `${role} erin`, roles: [role] }, session });

const status = (link: SyncStatus['link'] = 'up'): SyncStatus =>
  SyncStatusSchema.parse({
    enabled: true,
    link,
    detail: null,
    broker: 'mqtts://cloud.example:8883',
    since: 1_000,
    lastSyncMs: 2_000,
    recordsPerSecond: 0,
    bytesPerSecond: 0,
    inFlight: 0,
    metered: false,
    backfillBytesPerSecond: null,
    streams: [],
    outbox: { bytes: 0, maxBytes: 1, oldestAtMs: null, maxAgeDays: 90, fillPercent: 0, warning: null },
    droppedRecords: 0,
  });

/**
 * A SyncControl that records what the API asked of it. Only for the API layer (roles,
 * validation, errors): the real service behind this port is tested in test/integration/sync/ and end
 * to end in test/e2e/syncScreen.test.ts.
 */
function recordingControl(saveOutcome: SaveSettingsOutcome = { ok: true, version: 4 }) {
  const calls: string[] = [];
  const listeners = new Set<(status: SyncStatus) => void>();
  const control: SyncControl = {
    status: async () => status(),
    settings: async () => ({ settings: SyncSettingsSchema.parse({}), version: 3 }),
    saveSettings: async (settings: SyncSettings, baseVersion: number, by: string) => {
      calls.push(`save ${String(settings.enabled)} base ${baseVersion} by ${by}`);
      return saveOutcome;
    },
    dropBacklog: async (request: DropBacklogRequest, by: string) => {
      calls.push(`drop ${request.stream ?? 'backfill'} "${request.reason}" by ${by}`);
      return { batches: 2, records: 300 };
    },
    reconnect: () => void calls.push('reconnect'),
    onStatus: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (s: SyncStatus) => listeners.forEach((listener) => listener(s));
  return { control, calls, emit, listeners };
}

function dispatcherOver(control: SyncControl) {
  const unused = () => {
    throw new Error('not called in this test');
  };
  const all = Object.fromEntries(methodNames.map((name) => [name, unused])) as unknown as Handlers;
  return createDispatcher({ ...all, ...syncHandlers(control) }, createMemoryLogger());
}

describe('the sync methods of the API', () => {
  it('shows status and settings to a viewer, and changes nothing for one', async () => {
    const { control, calls } = recordingControl();
    const dispatch = dispatcherOver(control);
    expect(await dispatch('sync.status', {}, as('viewer'))).toMatchObject({
      ok: true,
      result: { link: 'up' },
    });
    expect(await dispatch('sync.settings', {}, as('viewer'))).toMatchObject({
      ok: true,
      result: { version: 3, settings: { enabled: false, cloud: null } },
    });
    const settings = SyncSettingsSchema.parse({ enabled: true });
    for (const [method, params] of [
      ['sync.saveSettings', { settings, baseVersion: 3 }],
      ['sync.dropBacklog', { stream: null, beforeMs: null, reason: 'link gone for a month' }],
      ['sync.reconnect', {}],
    ] as const) {
      expect(await dispatch(method, params, as('viewer'))).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('lets an operator connect now, an engineer save settings, and only an admin drop backlog', async () => {
    const { control, calls } = recordingControl();
    const dispatch = dispatcherOver(control);
    expect(await dispatch('sync.reconnect', {}, as('operator'))).toEqual({ ok: true, result: {} });
    const settings = SyncSettingsSchema.parse({ enabled: true });
    expect(await dispatch('sync.saveSettings', { settings, baseVersion: 3 }, as('operator'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'sync.saveSettings needs the engineer role' },
    });
    expect(await dispatch('sync.saveSettings', { settings, baseVersion: 3 }, as('engineer'))).toEqual({
      ok: true,
      result: { version: 4 },
    });
    const drop = { stream: 'raw', beforeMs: 5_000, reason: 'raw samples of a trial, not needed' };
    expect(await dispatch('sync.dropBacklog', drop, as('engineer'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'sync.dropBacklog needs the admin role' },
    });
    expect(await dispatch('sync.dropBacklog', drop, as('admin'))).toEqual({
      ok: true,
      result: { batches: 2, records: 300 },
    });
    // Who acted is the caller the transport vouches for.
    expect(calls).toEqual([
      'reconnect',
      'save true base 3 by engineer erin',
      'drop raw "raw samples of a trial, not needed" by admin erin',
    ]);
  });

  it('refuses a drop without a reason and settings that do not parse, before the service sees them', async () => {
    const { control, calls } = recordingControl();
    const dispatch = dispatcherOver(control);
    expect(
      await dispatch('sync.dropBacklog', { stream: null, beforeMs: null, reason: '  ' }, as('admin')),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(
      await dispatch(
        'sync.dropBacklog',
        { stream: 'nowhere', beforeMs: null, reason: 'why not' },
        as('admin'),
      ),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const withPassword = {
      enabled: true,
      cloud: { id: 'cloud', url: 'mqtts://cloud.example:8883', username: 'site7', password: 'hunter2' },
    };
    // A password has no field to travel in: it goes to the credential store, never the settings.
    const refused = await dispatch(
      'sync.saveSettings',
      { settings: withPassword, baseVersion: 0 },
      as('admin'),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(refused)).not.toContain('hunter2');
    expect(
      await dispatch('sync.saveSettings', { settings: { rollupSeconds: 1 }, baseVersion: 0 }, as('admin')),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('rollupSeconds') },
    });
    expect(calls).toEqual([]);
  });

  it('answers a stale version as CONFLICT and settings the service refuses as BAD_REQUEST, with the reason', async () => {
    const settings = SyncSettingsSchema.parse({});
    const conflict = dispatcherOver(
      recordingControl({ ok: false, code: 'CONFLICT', message: 'sync settings are at version 5: reload' })
        .control,
    );
    expect(await conflict('sync.saveSettings', { settings, baseVersion: 3 }, as('engineer'))).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'sync settings are at version 5: reload' },
    });
    const invalid = dispatcherOver(
      recordingControl({ ok: false, code: 'INVALID', message: 'outbox.maxBytes exceeds the free disk' })
        .control,
    );
    expect(await invalid('sync.saveSettings', { settings, baseVersion: 3 }, as('engineer'))).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'outbox.maxBytes exceeds the free disk' },
    });
  });
});

describe('onSync pushes', () => {
  afterEach(() => void vi.useRealTimers());

  it('sends the first status at once and then at most one a second, always the newest', () => {
    vi.useFakeTimers();
    const { control, emit, listeners } = recordingControl();
    const sent: string[] = [];
    const stop = pushSyncStatus(control, (s) => sent.push(s.link));
    emit(status('connecting'));
    expect(sent).toEqual(['connecting']);
    emit(status('up'));
    emit(status('degraded'));
    emit(status('down'));
    expect(sent).toEqual(['connecting']);
    vi.advanceTimersByTime(SYNC_PUSH_MS - 1);
    expect(sent).toEqual(['connecting']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['connecting', 'down']);
    // Quiet for a while: the next change goes at once again.
    vi.advanceTimersByTime(5 * SYNC_PUSH_MS);
    emit(status('up'));
    expect(sent).toEqual(['connecting', 'down', 'up']);
    emit(status('degraded'));
    stop();
    vi.advanceTimersByTime(5 * SYNC_PUSH_MS);
    expect(sent).toEqual(['connecting', 'down', 'up']);
    expect(listeners.size).toBe(0);
  });

  it('holds a status no longer than a second when the clock is set back', () => {
    vi.useFakeTimers();
    const { control, emit } = recordingControl();
    const sent: string[] = [];
    pushSyncStatus(control, (s) => sent.push(s.link));
    emit(status('up'));
    vi.setSystemTime(Date.now() - 3_600_000);
    emit(status('down'));
    vi.advanceTimersByTime(SYNC_PUSH_MS);
    expect(sent).toEqual(['up', 'down']);
  });
});
