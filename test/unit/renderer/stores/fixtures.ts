import type { Device, Health, Tag } from '../../../../shared/domain.js';
import { Quality } from '../../../../shared/quality.js';

/** A tag as `tags.list` returns it; its device is `area/device`, as the server names devices. */
export function tag(id: string, overrides: Partial<Tag> = {}): Tag {
  const [area = '', unit = '', name = id] = id.split('/');
  const device = `${area}/${unit}`;
  return {
    id,
    device,
    name,
    description: `${name} of ${device}`,
    unit: 'bar',
    dataType: 'number',
    engLow: 0,
    engHigh: 10,
    value: 1,
    quality: Quality.Good,
    ts: 1_000,
    ...overrides,
  };
}

export function device(id: string, area: string, online = true): Device {
  return {
    id,
    area,
    protocol: 'sparkplug',
    online,
    lastSeen: 1_000,
    tagCount: 1,
    messageRate: 1,
    errorCount: 0,
    rebirths: 0,
    staleAfterMs: null,
    staleAfterSource: 'none',
    config: {},
    configVersion: 0,
  };
}

export function health(overrides: Partial<Health> = {}): Health {
  return {
    status: 'ok',
    version: '0.1.0',
    uptimeMs: 1,
    demo: false,
    broker: {
      url: 'mqtt://127.0.0.1:1883',
      embedded: true,
      state: 'connected',
      since: 0,
      lastError: null,
      failures: 0,
    },
    historian: { state: 'ok', samplesWritten: 10, backlog: 0, lastError: null, storage: null },
    ingest: { messages: 5, samples: 9, errors: {}, errorTotal: 0, lastError: null },
    ...overrides,
  };
}
