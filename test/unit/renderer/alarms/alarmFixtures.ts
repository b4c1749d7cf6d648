import type { Alarm } from '../../../../shared/alarms.js';
import { Quality } from '../../../../shared/quality.js';

/** An alarm as `alarms.list` returns it: a high-level alarm raised and not acknowledged. */
export function alarm(id: string, overrides: Partial<Alarm> = {}): Alarm {
  const tag = id.split('#')[0]!;
  return {
    id,
    tag,
    family: 'level',
    area: tag.split('/')[0] ?? '',
    priority: 'high',
    message: `${tag} high`,
    level: 'H',
    state: 'unacked',
    active: true,
    acknowledged: false,
    latched: false,
    shelved: null,
    suppressed: false,
    outOfService: null,
    frozen: false,
    activeSinceMs: 1_000,
    changedMs: 1_000,
    value: 12,
    quality: Quality.Good,
    limit: 10,
    unit: 'bar',
    acknowledgedBy: null,
    revision: 1,
    ...overrides,
  };
}

/** The same alarm acknowledged by erin. */
export function acked(base: Alarm, revision = base.revision + 1): Alarm {
  return {
    ...base,
    state: base.active ? 'acked' : 'normal',
    acknowledged: true,
    acknowledgedBy: { user: 'erin', station: 'ws1', atMs: 2_000, comment: 'seen' },
    revision,
  };
}
