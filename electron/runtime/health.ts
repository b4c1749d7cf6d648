import type { Health, LinkHealth } from '../../shared/domain.js';
import type { InferenceHealth } from '../../shared/models.js';
import type { SyncStatus } from '../../shared/sync.js';
import type { HistorianStats } from '../historian/historian.js';

export interface HealthSources {
  version: string;
  startedAt: number;
  demo: boolean;
  /** Every broker link; empty before the links are built. */
  links(): LinkHealth[];
  historian(): HistorianStats;
  ingest(): Health['ingest'];
  /** Model runtime and bindings, where inference runs. */
  inference?(): InferenceHealth;
  /** Cloud sync's status as last looked at; null before it started. */
  sync?(): SyncStatus | null;
}

/**
 * Health as one value: ok when data flows and is stored; degraded when any broker link or the
 * historian is in doubt. The cloud link does not count: a ship out of reach for weeks is normal
 * operation (the outbox keeps everything; its fill has an alarm of its own).
 */
export function composeHealth(sources: HealthSources): Health {
  const links = sources.links();
  const historian = sources.historian();
  const status =
    historian.state === 'error' || historian.state === 'stopped'
      ? 'error'
      : links.length === 0 || links.some((link) => link.state !== 'connected')
        ? 'degraded'
        : 'ok';
  const first = links[0];
  const sync = sources.sync?.() ?? null;
  return {
    status,
    version: sources.version,
    uptimeMs: Date.now() - sources.startedAt,
    demo: sources.demo,
    broker: first
      ? {
          url: first.url,
          embedded: first.embedded,
          state: first.state,
          since: first.since,
          lastError: first.lastError,
          failures: first.failures,
        }
      : {
          url: '',
          embedded: false,
          state: 'connecting',
          since: sources.startedAt,
          lastError: null,
          failures: 0,
        },
    links,
    historian,
    ingest: sources.ingest(),
    ...(sources.inference ? { inference: sources.inference() } : {}),
    ...(sync ? { sync } : {}),
  };
}
