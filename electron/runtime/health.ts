import type { Health, LinkHealth } from '../../shared/domain.js';
import type { InferenceHealth } from '../../shared/models.js';
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
}

/**
 * Health as one value: ok when data flows and is stored; degraded when any broker link or the
 * historian is in doubt.
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
  };
}
