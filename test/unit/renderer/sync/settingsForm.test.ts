import { describe, expect, it } from 'vitest';
import { formFromSettings, settingsFromForm, splitList } from '../../../../renderer/sync/settingsForm.js';
import { SyncSettingsSchema } from '../../../../shared/sync.js';

const stored = SyncSettingsSchema.parse({
  enabled: true,
  cloud: {
    id: 'cloud',
    name: 'Head office',
    url: 'mqtts://cloud.example:8883',
    mqttVersion: 5,
    clientId: 'site7-wk',
    keepaliveSeconds: 45,
    tls: { caFile: '/etc/wk/ca.pem', certFile: '/etc/wk/site.pem', keyFile: '/etc/wk/site.key' },
    username: 'site7',
    passwordSecret: 'cloud-pw',
  },
  backfillBytesPerSecond: 50_000,
  rollupTags: ['area1/', 'area2/'],
  rawTags: ['area1/pump1/'],
});

describe('the sync settings form', () => {
  it('gives back the stored settings unchanged when nothing is edited', () => {
    expect(settingsFromForm(formFromSettings(stored), stored)).toEqual({ ok: true, settings: stored });
    const defaults = SyncSettingsSchema.parse({});
    expect(settingsFromForm(formFromSettings(defaults), defaults)).toEqual({ ok: true, settings: defaults });
  });

  it('keeps what the form does not show of the cloud broker', () => {
    const form = { ...formFromSettings(stored), url: 'mqtts://other.example:8883', budgetKBps: '' };
    const result = settingsFromForm(form, stored);
    expect(result.ok && result.settings.cloud).toMatchObject({
      name: 'Head office',
      keepaliveSeconds: 45,
      url: 'mqtts://other.example:8883',
    });
    expect(result.ok && result.settings.backfillBytesPerSecond).toBeNull();
  });

  it('configures a new cloud broker with defaults filled in, and none when unticked', () => {
    const defaults = SyncSettingsSchema.parse({});
    const form = {
      ...formFromSettings(defaults),
      enabled: true,
      hasCloud: true,
      url: 'mqtt://127.0.0.1:1883',
      rollupTags: 'area1/\narea2/ , ',
      outboxMaxMiB: '64',
    };
    const result = settingsFromForm(form, defaults);
    expect(result).toMatchObject({
      ok: true,
      settings: {
        cloud: { id: 'cloud', url: 'mqtt://127.0.0.1:1883', mqttVersion: 4, keepaliveSeconds: 30 },
        rollupTags: ['area1/', 'area2/'],
        outbox: { maxBytes: 64 * 1024 * 1024 },
      },
    });
    expect(result.ok && result.settings.cloud?.tls).toBeUndefined();
    expect(settingsFromForm({ ...form, hasCloud: false }, defaults)).toMatchObject({
      ok: true,
      settings: { cloud: null },
    });
  });

  it('lists every problem, named as the form names the field', () => {
    const defaults = SyncSettingsSchema.parse({});
    const form = {
      ...formFromSettings(defaults),
      hasCloud: true,
      url: 'http://cloud.example',
      topicPrefix: 'a//b',
      budgetKBps: '0.5',
      rollupSeconds: '5',
      keyFile: '/etc/wk/site.key',
    };
    const result = settingsFromForm(form, defaults);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'Cloud broker URL',
      'Client key file',
      'Topic prefix',
      'Backfill budget (at least 1 kB/s)',
      'Rollup seconds',
    ]);
    expect(settingsFromForm({ ...form, heartbeatSeconds: 'soon', outboxMaxMiB: '' }, defaults)).toEqual({
      ok: false,
      problems: ['Heartbeat seconds: give a number', 'Outbox size: give a number'],
    });
  });

  it('splits tag lists on commas and lines', () => {
    expect(splitList(' a/, b/\n\n c ')).toEqual(['a/', 'b/', 'c']);
    expect(splitList('')).toEqual([]);
  });
});
