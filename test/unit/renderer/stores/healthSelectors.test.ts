import { describe, expect, it } from 'vitest';
import {
  brokerStatus,
  historianStatus,
  ingestErrorCauses,
  isUpdateOverdue,
  linkItems,
  linkStatus,
  UPDATE_OVERDUE_MS,
} from '../../../../renderer/stores/healthSelectors.js';
import { health } from './fixtures.js';

describe('healthSelectors', () => {
  it('shows the link to the app server as abnormal unless connected', () => {
    expect(linkStatus('connected', 'websocket')).toMatchObject({ text: 'Server connected', abnormal: false });
    expect(linkStatus('reconnecting', 'websocket')).toMatchObject({
      text: 'Server reconnecting…',
      abnormal: true,
    });
  });

  it('shows the broker state, abnormal when not connected, with its last error in the detail', () => {
    expect(brokerStatus(health())).toMatchObject({ text: 'Broker connected', abnormal: false });
    const down = health({
      broker: {
        url: 'mqtts://site:8883',
        embedded: false,
        state: 'error',
        since: 0,
        lastError: 'ECONNREFUSED',
        failures: 3,
      },
    });
    const status = brokerStatus(down);
    expect(status).toMatchObject({ text: 'Broker error', abnormal: true });
    expect(status.title).toContain('mqtts://site:8883');
    expect(status.title).toContain('ECONNREFUSED');
    expect(status.title).toContain('Connection failures since start: 3');
  });

  it('gives each broker link its own chip: name and state as text, the error in its detail', () => {
    const link = {
      id: 'line1',
      name: 'Line 1 network',
      url: 'mqtts://10.0.1.5:8883',
      embedded: false,
      state: 'connected' as const,
      since: 0,
      lastError: null,
      failures: 0,
      mqttVersion: 5 as const,
      tls: true,
      messages: 1200,
      nextAttemptAt: null,
      hostId: 'wk-room',
    };
    const items = linkItems(
      health({
        links: [
          link,
          {
            ...link,
            id: 'line2',
            name: 'Line 2 network',
            state: 'error',
            lastError: 'connect ECONNREFUSED 10.0.2.5:1883',
            failures: 4,
            nextAttemptAt: 60_000,
          },
        ],
      }),
    );
    expect(items.map((item) => [item.id, item.text, item.abnormal])).toEqual([
      ['line1', 'Line 1 network connected', false],
      ['line2', 'Line 2 network error', true],
    ]);
    expect(items[0]!.detail).toContain('Broker "line1" mqtts://10.0.1.5:8883 (MQTT 5 over TLS)');
    expect(items[1]!.detail).toContain('Last error: connect ECONNREFUSED 10.0.2.5:1883');
    expect(items[1]!.detail.join('\n')).toMatch(/Next attempt at .*\nConnection failures since start: 4/);
  });

  it('shows one chip from a server that reports a single broker', () => {
    expect(linkItems(health())).toMatchObject([{ text: 'Broker connected', abnormal: false }]);
    expect(linkItems(null)).toMatchObject([{ text: 'Broker —' }]);
  });

  it('shows the historian state and its backlog', () => {
    const busy = health({
      historian: { state: 'ok', samplesWritten: 1, backlog: 1234, lastError: null, storage: null },
    });
    expect(historianStatus(busy).text).toMatch(/^Historian ok · backlog 1.?234$/);
    const broken = health({
      historian: { state: 'error', samplesWritten: 1, backlog: 0, lastError: 'disk full', storage: null },
    });
    expect(historianStatus(broken)).toMatchObject({ abnormal: true });
    expect(historianStatus(broken).title).toContain('disk full');
  });

  it('warns when the history file nears its size cap, and says what will happen', () => {
    const warning =
      'History is at 85 % of its 1.0 GiB cap: from 95 % the oldest raw samples will be dropped.';
    const nearlyFull = health({
      historian: {
        state: 'ok',
        samplesWritten: 1,
        backlog: 0,
        lastError: null,
        storage: { usedBytes: 0.85 * 2 ** 30, maxBytes: 2 ** 30, oldestRawTs: 0, warning },
      },
    });
    const status = historianStatus(nearlyFull);
    expect(status).toMatchObject({ abnormal: true, text: expect.stringMatching(/nearly full$/) });
    expect(status.title).toContain(warning);
    expect(status.title).toMatch(/870\.4 MB used, cap 1.?024 MB/);
  });

  it('lists rejected-input causes largest first, leaving out zero counts', () => {
    const noisy = health({
      ingest: {
        messages: 1,
        samples: 1,
        errors: { 'json.invalid': 2, 'topic.unmapped': 9, 'value.range': 0 },
        errorTotal: 11,
        lastError: null,
      },
    });
    expect(ingestErrorCauses(noisy)).toEqual([
      ['topic.unmapped', 9],
      ['json.invalid', 2],
    ]);
    expect(ingestErrorCauses(null)).toEqual([]);
  });

  it('calls the last update overdue once the server has been silent too long', () => {
    expect(isUpdateOverdue(null, 10_000_000)).toBe(false);
    expect(isUpdateOverdue(1_000, 1_000 + UPDATE_OVERDUE_MS)).toBe(false);
    expect(isUpdateOverdue(1_000, 1_001 + UPDATE_OVERDUE_MS)).toBe(true);
  });
});
